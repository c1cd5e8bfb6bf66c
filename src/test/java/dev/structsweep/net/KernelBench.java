package dev.structsweep.net;

import dev.structsweep.task.XorTask;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The vector kernel's pass alone on the paper's XOR trial (16 lanes, 200 samples, [2,4,1] ReLU; -Dhidden=H,
 * -Dactivation=A), one kernel per tile size of -Dtiles=T1,T2,… (0: one tile of the whole batch), interleaved in one
 * JVM round by round: microseconds per pass, the median of -Drounds=N rounds of 2,000 passes each, and the bytes a
 * pass allocates (0 unless a vector is boxed). -Dpollute=true first runs every other activation and loss in the same
 * JVM, as a sweep of many configurations does; -Dverbose=true prints every round.
 * Run: {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.structsweep.net.KernelBench}.
 */
public final class KernelBench {
  public static void main(String[] args) {
    int lanes = Integer.getInteger("lanes", 16);
    int rounds = Integer.getInteger("rounds", 15);
    int[] tiles = Arrays.stream(System.getProperty("tiles", "0,16,32").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    Topology topology = Topology.layered(2, new int[] {Integer.getInteger("hidden", 4)}, 1);
    Activation activation = Activation.parse(System.getProperty("activation", "relu"));
    XorTask task = new XorTask(0.1);
    List<Network> networks = new ArrayList<>();
    List<Dataset.Columns> data = new ArrayList<>();
    for (int s = 0; s < lanes; s++) {
      SplittableRandom root = new SplittableRandom(s);
      networks.add(Network.initialise(topology, activation, true, root.split()));
      data.add(task.generate(200, root.split()).columns());
    }
    double[][] weights = new double[topology.matrices()][];
    double[][] biases = new double[topology.weightLayers()][];
    for (int m = 0; m < weights.length; m++) {
      weights[m] = Trainer.interleave(networks, m, false, lanes).data;
    }
    for (int k = 0; k < biases.length; k++) {
      biases[k] = Trainer.interleave(networks, k, true, lanes).data;
    }
    double[] input = Trainer.interleave(data, true, lanes);
    double[] target = Trainer.interleave(data, false, lanes);
    LaneVectorKernel[] kernels = new LaneVectorKernel[tiles.length];
    for (int t = 0; t < tiles.length; t++) {
      kernels[t] = new LaneVectorKernel(topology, activation, task.loss(), lanes, 200, tiles[t] == 0 ? 200 : tiles[t]);
    }
    boolean[] finite = new boolean[lanes];
    if (Boolean.getBoolean("pollute")) {
      // The other activations and losses first, as a sweep of many configurations runs them in one JVM.
      for (Activation other : Activation.values()) {
        for (Loss loss : Loss.values()) {
          LaneVectorKernel k = new LaneVectorKernel(topology, other, loss, lanes, 200, 32);
          for (int p = 0; p < 3000; p++) {
            k.forwardBackward(weights, biases, input, target, 200, loss, finite, true);
          }
        }
      }
    }
    double[][] times = new double[tiles.length][rounds];
    double sink = 0;
    for (int r = -3; r < rounds; r++) {
      for (int t = 0; t < tiles.length; t++) {
        long start = System.nanoTime();
        for (int p = 0; p < 2000; p++) {
          kernels[t].forwardBackward(weights, biases, input, target, 200, task.loss(), finite, true);
        }
        double us = (System.nanoTime() - start) / 1e3 / 2000;
        sink += kernels[t].laneWeightGradient(0)[0];
        if (r >= 0) {
          times[t][r] = us;
        }
        if (Boolean.getBoolean("verbose")) {
          System.out.printf(Locale.ROOT, "round %d tile %d: %.2f µs%n", r, tiles[t], us);
        }
      }
    }
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    for (int t = 0; t < tiles.length; t++) {
      long before = threads.getCurrentThreadAllocatedBytes();
      for (int p = 0; p < 1000; p++) {
        kernels[t].forwardBackward(weights, biases, input, target, 200, task.loss(), finite, true);
      }
      System.out.printf(Locale.ROOT, "tile %3d: %d bytes allocated per pass%n", tiles[t],
          (threads.getCurrentThreadAllocatedBytes() - before) / 1000);
    }
    for (int t = 0; t < tiles.length; t++) {
      Arrays.sort(times[t]);
      System.out.printf(Locale.ROOT, "tile %3d: %.2f µs per pass of %d lanes (min %.2f)%n", tiles[t],
          times[t][rounds / 2], lanes, times[t][0]);
    }
    System.out.println("(checksum " + sink + ")");
  }
}
