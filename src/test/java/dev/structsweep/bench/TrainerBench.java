package dev.structsweep.bench;

import dev.structsweep.net.Activation;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.Network;
import dev.structsweep.net.Topology;
import dev.structsweep.net.Trainer;
import dev.structsweep.task.AdditionTask;
import dev.structsweep.task.Task;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialSpec;
import dev.structsweep.task.XorTask;
import dev.structsweep.testing.Specs;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * The trainer against {@link HandWrittenTrainer} on the paper's two trials, in one JVM, after warm-up,
 * interleaved round by round so that the machine's noise falls on both alike. Prints a Markdown table of
 * median milliseconds per training. Run: {@code mvn -B -q -Pbench test-compile exec:exec}.
 */
public final class TrainerBench {
  private static final int WARMUP_TRAININGS = 400;
  private static final int ROUNDS = 21;
  private static final int TRAININGS_PER_ROUND = 10;
  private static double sink;

  public static void main(String[] args) {
    System.out.printf(Locale.ROOT, "java %s, %d cores; %d rounds of %d trainings each, after %d warm-up%n%n",
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), ROUNDS,
        TRAININGS_PER_ROUND, WARMUP_TRAININGS);
    System.out.println("| trial | hand-written, per sample (ms) | hand-written, per layer (ms) | Trainer (ms)"
        + " | Trainer / faster hand-written | Trainer, history every 10 (ms) | Trial.run, all included (ms) |");
    System.out.println("|---|---|---|---|---|---|---|");
    bench("XOR [2,4,1], 1000 epochs", new XorTask(0.1), 4, 1000, Specs.paperXor().build());
    bench("addition [2,8,1], 2000 epochs", new AdditionTask(), 8, 2000, Specs.paperAddition().build());
    System.out.println();
    System.out.println("(checksum " + sink + ")");
  }

  private static void bench(String name, Task task, int hidden, int epochs, TrialSpec spec) {
    double lambda = 0.01;
    double learningRate = 0.001;
    SplittableRandom root = new SplittableRandom(0);
    Dataset train = task.generate(200, root.split());
    Network initial = Network.initialise(Topology.layered(2, new int[] {hidden}, 1), Activation.RELU, true,
        root.split());
    Trainer trainer = new Trainer(Specs.paperXor().lambda(lambda).learningRate(learningRate)
        .epochs(epochs).historyEvery(0).training(), task.loss());
    Trainer trainerWithHistory = new Trainer(Specs.paperXor().lambda(lambda).learningRate(learningRate)
        .epochs(epochs).training(), task.loss());
    HandWrittenTrainer hand = new HandWrittenTrainer(2, hidden, task.loss().key().contains("cross"), lambda,
        learningRate, epochs);
    double[][] x = new double[train.size()][];
    double[] y = new double[train.size()];
    for (int s = 0; s < train.size(); s++) {
      x[s] = new double[] {train.inputs().get(s, 0), train.inputs().get(s, 1)};
      y[s] = train.targets().get(s, 0);
    }

    DoubleSupplier handRun = () -> {
      double[][][] p = parameters(initial, hidden);
      hand.train(p[0], p[1][0], p[2][0], p[3][0], x, y);
      return p[2][0][0];
    };
    double[][] xT = new double[2][train.size()];
    for (int s = 0; s < train.size(); s++) {
      xT[0][s] = x[s][0];
      xT[1][s] = x[s][1];
    }
    DoubleSupplier layerwiseRun = () -> {
      double[][][] p = parameters(initial, hidden);
      hand.trainLayerwise(p[0], p[1][0], p[2][0], p[3][0], xT, y);
      return p[2][0][0];
    };
    DoubleSupplier trainerRun = () -> trainer.train(initial, train, null).network().weight(1, 0, 0);
    DoubleSupplier historyRun = () -> trainerWithHistory.train(initial, train, null).network().weight(1, 0, 0);
    DoubleSupplier trialRun = () -> Trial.run(spec).training().network().weight(1, 0, 0);
    DoubleSupplier[] runs = {handRun, layerwiseRun, trainerRun, historyRun, trialRun};

    for (DoubleSupplier run : runs) {
      for (int i = 0; i < WARMUP_TRAININGS; i++) {
        sink += run.getAsDouble();
      }
    }
    double[][] millis = new double[runs.length][ROUNDS];
    double[] ratios = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      for (int r = 0; r < runs.length; r++) {
        // Alternate the order of the three compared runs from round to round.
        int which = r > 2 ? r : (r + round) % 3;
        long start = System.nanoTime();
        for (int i = 0; i < TRAININGS_PER_ROUND; i++) {
          sink += runs[which].getAsDouble();
        }
        millis[which][round] = (System.nanoTime() - start) / 1e6 / TRAININGS_PER_ROUND;
      }
      ratios[round] = millis[2][round] / Math.min(millis[0][round], millis[1][round]);
    }
    System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", name,
        median(millis[0]), median(millis[1]), median(millis[2]), median(ratios), median(millis[3]),
        median(millis[4]));
  }

  /** Fresh copies of the initial parameters as the hand-written trainers take them: {w1, {b1}, {w2}, {b2}}. */
  private static double[][][] parameters(Network initial, int hidden) {
    double[][] w1 = new double[hidden][2];
    for (int h = 0; h < hidden; h++) {
      w1[h][0] = initial.weight(0, h, 0);
      w1[h][1] = initial.weight(0, h, 1);
    }
    return new double[][][] {w1, {initial.biases(0).data.clone()}, {initial.weights(1).data.clone()},
        {initial.biases(1).data.clone()}};
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
