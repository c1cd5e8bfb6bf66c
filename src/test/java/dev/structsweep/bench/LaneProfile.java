package dev.structsweep.bench;

import dev.structsweep.net.Activation;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.Network;
import dev.structsweep.net.Topology;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingResult;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.task.XorTask;
import dev.structsweep.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Trains L lanes of the paper's XOR trial (-Dlanes=L, 16 by default; -Dsingle=true: the same trainings one by one;
 * -Dactivation=tanh and -Dhidden=8 for another activation or hidden size, -Dprecision=float32) 40 times, printing the time per
 * training every 10 and the median of the last 30, for a profiler to sample (BENCHMARKS.md gives the command).
 */
public final class LaneProfile {
  public static void main(String[] args) {
    int lanes = Integer.parseInt(System.getProperty("lanes", "16"));
    boolean single = Boolean.getBoolean("single");
    XorTask task = new XorTask(0.1);
    TrainingSettings settings = Specs.paperXor().historyEvery(0)
        .precision(dev.structsweep.net.Precision.parse(System.getProperty("precision", "float64"))).training();
    Topology topology = Topology.layered(2, new int[] {Integer.getInteger("hidden", 4)}, 1);
    Activation activation = Activation.parse(System.getProperty("activation", "relu"));
    List<Network> networks = new ArrayList<>();
    List<Dataset.Columns> data = new ArrayList<>();
    List<SplittableRandom> shuffles = new ArrayList<>();
    for (int s = 0; s < lanes; s++) {
      SplittableRandom root = new SplittableRandom(s);
      networks.add(Network.initialise(topology, activation, true, root.split()));
      data.add(task.generate(200, root.split()).columns());
      shuffles.add(new SplittableRandom(s));
    }
    double sink = 0;
    double[] times = new double[40];
    for (int rep = 0; rep < 40; rep++) {
      long start = System.nanoTime();
      if (single) {
        for (int s = 0; s < lanes; s++) {
          sink += new Trainer(settings, task.loss()).train(networks.get(s), data.get(s), null).network()
              .weight(1, 0, 0);
        }
      } else {
        for (TrainingResult r : new Trainer(settings, task.loss()).train(networks, data, shuffles)) {
          sink += r.network().weight(1, 0, 0);
        }
      }
      times[rep] = (System.nanoTime() - start) / 1e6 / lanes;
      if (rep % 10 == 9) {
        System.out.printf(Locale.ROOT, "%.2f ms per training%n", (System.nanoTime() - start) / 1e6 / lanes);
      }
    }
    double[] last = java.util.Arrays.copyOfRange(times, 10, 40);
    java.util.Arrays.sort(last);
    System.out.printf(Locale.ROOT, "median of the last 30: %.3f ms per training%n", last[15]);
    System.out.println(sink);
  }
}
