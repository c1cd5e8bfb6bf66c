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

  /** Estimated bytes of one training of [inputs, hidden…, outputs] on trainSize + testSize samples. */
  public static double bytes(int inputs, int[] hidden, int outputs, int trainSize, int testSize) {
    double parameters = 0;
    double nodes = inputs;
    double below = inputs;
    for (int k = 0; k <= hidden.length; k++) {
      double size = k < hidden.length ? hidden[k] : outputs;
      parameters += below * size + size;
      nodes += size;
      below = size;
    }
    double samples = (double) trainSize + testSize;
    return BYTES_PER_DOUBLE * (COPIES_PER_PARAMETER * parameters + COPIES_PER_ACTIVATION * samples * nodes
        + COPIES_PER_DATUM * samples * (inputs + outputs));
  }

  /**
   * The most doubles one array of the training holds: the largest weight matrix, or one layer's values over the
   * larger data set. A Java array holds at most {@link Integer#MAX_VALUE} − 8 of them, whatever memory allows.
   */
  public static double largestArray(int inputs, int[] hidden, int outputs, int trainSize, int testSize) {
    double largest = 0;
    double below = inputs;
    double samples = Math.max(trainSize, testSize);
    for (int k = 0; k <= hidden.length; k++) {
      double size = k < hidden.length ? hidden[k] : outputs;
      largest = Math.max(largest, Math.max(below * size, samples * Math.max(below, size)));
      below = size;
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
