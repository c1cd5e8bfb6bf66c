package dev.structsweep.task;

import java.util.Locale;

/**
 * What one training needs in memory, estimated from its shape before anything is allocated, in double so that
 * no size overflows: per parameter (weights and biases) the value, its gradient, Adam's two moments, the
 * initial and final copies and a pruned copy; per sample and node the pre-activation, activation and delta of
 * the forward and backward passes, twice for the transposed workspaces; the data, twice.
 */
public final class TrainingMemory {
  private static final double BYTES_PER_DOUBLE = 8;
  private static final double COPIES_PER_PARAMETER = 8;
  private static final double COPIES_PER_ACTIVATION = 6;
  private static final double COPIES_PER_DATUM = 2;

  private TrainingMemory() {}

  /**
   * Estimated bytes of one training of topology on trainSize + testSize samples: the weights of every matrix and the
   * biases, per sample and node the passes' workspaces, and for a DAG the stacked layers and what each layer reads
   * back, per sample.
   */
  public static double bytes(dev.structsweep.net.Topology topology, int trainSize, int testSize) {
    double parameters = 0;
    for (int m = 0; m < topology.matrices(); m++) {
      parameters += (double) topology.targets(m) * topology.sources(m);
    }
    double nodes = topology.inputs();
    for (int k = 1; k <= topology.weightLayers(); k++) {
      parameters += topology.size(k);
      nodes += topology.size(k);
    }
    double samples = (double) trainSize + testSize;
    double stacked = topology.wiring() == dev.structsweep.net.Wiring.LAYERED ? 0
        : 2 * samples * topology.sources(topology.weightLayers() - 1);
    return BYTES_PER_DOUBLE * (COPIES_PER_PARAMETER * parameters + COPIES_PER_ACTIVATION * samples * nodes + stacked
        + COPIES_PER_DATUM * samples * (topology.inputs() + topology.outputs()));
  }

  /**
   * The most doubles one array of the training holds: the largest weight matrix, or one layer's values (or the
   * values it reads) over the larger data set. A Java array holds at most {@link Integer#MAX_VALUE} − 8 of them,
   * whatever memory allows.
   */
  public static double largestArray(dev.structsweep.net.Topology topology, int trainSize, int testSize) {
    double largest = 0;
    double samples = Math.max(trainSize, testSize);
    for (int m = 0; m < topology.matrices(); m++) {
      double targets = topology.targets(m);
      double sources = topology.sources(m);
      largest = Math.max(largest, Math.max(targets * sources, samples * Math.max(targets, sources)));
    }
    return largest;
  }

  /** The most elements a Java array may have. */
  public static final double ARRAY_LIMIT = Integer.MAX_VALUE - 8;

  /** "1.5 GiB", "58 TiB", "812 KiB". */
  public static String human(double bytes) {
    String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    int unit = 0;
    while (bytes >= 1024 && unit < units.length - 1) {
      bytes /= 1024;
      unit++;
    }
    String number = String.format(Locale.ROOT, bytes < 10 && unit > 0 ? "%.1f" : "%.0f", bytes);
    return number.replaceFirst("\\.0$", "") + " " + units[unit];
  }
}
