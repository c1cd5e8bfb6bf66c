package dev.structsweep.bench;

import dev.structsweep.net.Activation;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.Network;
import dev.structsweep.net.Topology;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingResult;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.task.AdditionTask;
import dev.structsweep.task.Task;
import dev.structsweep.task.XorTask;
import dev.structsweep.testing.Specs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The lane trainer against the single trainer on the paper's trials (200 samples, full-batch Adam η = 0.001,
 * subgradient λ = 0.01), in one JVM after warm-up, interleaved round by round: milliseconds per training (a lane
 * group's time divided by its lanes) for several lane counts, and the ratio to the single trainer of the same round.
 * Run: {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.structsweep.bench.LaneBench}; -Drounds=N,
 * -Dlanes=L1,L2,… and -Dtrials=REGEX (the rows whose name it finds) narrow it.
 */
public final class LaneBench {
  private static final int ROUNDS = Integer.getInteger("rounds", 11);
  private static final int TRAININGS_PER_ROUND = 32;
  private static double sink;

  public static void main(String[] args) {
    int[] laneCounts = java.util.Arrays.stream(System.getProperty("lanes", "1,4,8,16,32").split(","))
        .mapToInt(Integer::parseInt).toArray();
    System.out.printf(Locale.ROOT, "java %s, %d cores; %d rounds of %d trainings per column%n%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), ROUNDS,
        TRAININGS_PER_ROUND);
    StringBuilder head = new StringBuilder("| trial | Trainer (ms) |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (int lanes : laneCounts) {
      head.append(" ").append(lanes).append(" lanes (ms) | speed-up |");
      rule.append("---|---|");
    }
    System.out.println(head);
    System.out.println(rule);
    bench("XOR [2,4,1] ReLU, 1000 epochs", new XorTask(0.1), 4, Activation.RELU, 1000, laneCounts);
    bench("addition [2,8,1] ReLU, 2000 epochs", new AdditionTask(), 8, Activation.RELU, 2000, laneCounts);
    bench("XOR [2,8,1] ReLU, 1000 epochs", new XorTask(0.1), 8, Activation.RELU, 1000, laneCounts);
    bench("XOR [2,8,1] tanh, 1000 epochs", new XorTask(0.1), 8, Activation.TANH, 1000, laneCounts);
    bench("XOR [2,8,1] sigmoid, 1000 epochs", new XorTask(0.1), 8, Activation.SIGMOID, 1000, laneCounts);
    System.out.println();
    System.out.println("(checksum " + sink + ")");
  }

  private static void bench(String name, Task task, int hidden, Activation activation, int epochs,
      int[] laneCounts) {
    if (!java.util.regex.Pattern.compile(System.getProperty("trials", "")).matcher(name).find()) {
      return;
    }
    TrainingSettings settings = Specs.paperXor().epochs(epochs).historyEvery(0).training();
    Topology topology = Topology.layered(2, new int[] {hidden}, 1);
    List<Network> networks = new ArrayList<>();
    List<Dataset.Columns> data = new ArrayList<>();
    for (int s = 0; s < TRAININGS_PER_ROUND; s++) {
      SplittableRandom root = new SplittableRandom(s);
      networks.add(Network.initialise(topology, activation, true, root.split()));
      data.add(task.generate(200, root.split()).columns());
    }
    Trainer single = new Trainer(settings, task.loss());
    Trainer lanes = new Trainer(settings, task.loss());
    Runnable singleRun = () -> {
      for (int s = 0; s < TRAININGS_PER_ROUND; s++) {
        sink += single.train(networks.get(s), data.get(s), null).network().weight(1, 0, 0);
      }
    };
    List<Runnable> runs = new ArrayList<>();
    runs.add(singleRun);
    for (int count : laneCounts) {
      runs.add(() -> {
        for (int from = 0; from < TRAININGS_PER_ROUND; from += count) {
          int to = Math.min(TRAININGS_PER_ROUND, from + count);
          List<SplittableRandom> shuffles = new ArrayList<>();
          for (int s = from; s < to; s++) {
            shuffles.add(new SplittableRandom(s));
          }
          for (TrainingResult r : lanes.train(networks.subList(from, to), data.subList(from, to), shuffles)) {
            sink += r.network().weight(1, 0, 0);
          }
        }
      });
    }
    for (int warm = 0; warm < 4; warm++) {
      runs.forEach(Runnable::run);
    }
    double[][] millis = new double[runs.size()][ROUNDS];
    double[][] ratios = new double[runs.size()][ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      for (int i = 0; i < runs.size(); i++) {
        int which = (i + round) % runs.size();
        long start = System.nanoTime();
        runs.get(which).run();
        millis[which][round] = (System.nanoTime() - start) / 1e6 / TRAININGS_PER_ROUND;
      }
      for (int i = 1; i < runs.size(); i++) {
        ratios[i][round] = millis[0][round] / millis[i][round];
      }
    }
    StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "| %s | %.2f |", name, median(millis[0])));
    for (int i = 1; i < runs.size(); i++) {
      row.append(String.format(Locale.ROOT, " %.2f | %.2f× |", median(millis[i]), median(ratios[i])));
    }
    System.out.println(row);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
