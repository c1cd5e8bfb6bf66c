package dev.structsweep.bench;

import dev.structsweep.net.Network;
import dev.structsweep.report.Statistics;
import dev.structsweep.sweep.Grid;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.task.EpsilonEvaluation;
import dev.structsweep.task.Outcome;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialOutcome;
import dev.structsweep.task.TrialSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;

/**
 * What the initial network of a seed says about its outcome: trains a sweep file's trials (one hidden layer of
 * ReLU units, the layered wiring) in lane groups and sets each trial's outcome at its first ε beside what its network
 * was at epoch 0:
 *
 * <ul>
 *   <li>its live hidden units: those whose input is positive on at least one training sample (a ReLU unit that is
 *       not gets no gradient through its input edges, and L1 then only shrinks them);
 *   <li>its training loss and its train accuracy at epoch 0.
 * </ul>
 *
 * Per configuration it prints the solved and stuck counts by live units at epoch 0, with 95 % Wilson intervals, the
 * medians of the initial loss of solved and stuck seeds and the AUC of the initial loss and of the live units as a
 * predictor of stuck (0.5: no better than a coin), and the hidden units still alive at the end. Run (docs/findings.md,
 * "What the initialisation decides"):
 * {@code java … dev.structsweep.bench.InitialState conf/init/xor.conf [key=value …]} (the settings a sweep's
 * {@code --set} takes, such as {@code seeds.count=1000 init-scale=1}).
 */
public final class InitialState {
  private static final int LANES = 16;

  /** One seed: epoch 0 and the end. */
  record Seed(int hidden, int liveUnits, double initialLoss, double initialAccuracy, Outcome outcome, int deadAtEnd) {}

  public static void main(String[] args) {
    Grid grid = SweepFiles.load(Path.of(args[0]), List.of(args).subList(1, args.length)).grid();
    Map<String, List<Seed>> byConfiguration = new LinkedHashMap<>();
    for (List<TrialSpec> group : SweepRuns.of(grid, LANES)) {
      TrialSpec first = group.get(0);
      String configuration = String.format(Locale.ROOT, "%s %s init-scale %s %s, λ %s, ε %s", first.task().key(),
          first.topology(), first.initScale(), first.get(dev.structsweep.task.Parameters.INIT_DISTRIBUTION).key(),
          first.lambda(), first.epsilons()[0]);
      for (TrialOutcome outcome : Trial.run(group)) {
        byConfiguration.computeIfAbsent(configuration, k -> new ArrayList<>()).add(seed(outcome));
      }
    }
    for (Map.Entry<String, List<Seed>> entry : byConfiguration.entrySet()) {
      print(entry.getKey(), entry.getValue());
    }
  }

  static Seed seed(TrialOutcome outcome) {
    Network initial = outcome.initial();
    if (initial.topology().weightLayers() != 2) {
      throw new IllegalArgumentException("one hidden layer only, found " + initial.topology());
    }
    DMatrixRMaj inputs = outcome.train().inputs();
    DMatrixRMaj targets = outcome.train().targets();
    DMatrixRMaj w0 = initial.weights(0);
    DMatrixRMaj w1 = initial.weights(1);
    int hidden = w0.numRows;
    boolean[] live = new boolean[hidden];
    double loss = 0;
    int right = 0;
    boolean binary = outcome.spec().task() == dev.structsweep.task.TaskKind.XOR;
    for (int s = 0; s < inputs.numRows; s++) {
      double output = initial.hasBias() ? initial.biases(1).get(0) : 0;
      for (int u = 0; u < hidden; u++) {
        double z = initial.hasBias() ? initial.biases(0).get(u) : 0;
        for (int j = 0; j < inputs.numCols; j++) {
          z += w0.get(u, j) * inputs.get(s, j);
        }
        live[u] |= z > 0;
        output += w1.get(0, u) * Math.max(0, z);
      }
      double y = targets.get(s, 0);
      if (binary) {
        // The cross-entropy of σ(output), in the form that stays finite: log(1 + e^o) − y·o.
        loss += Math.max(output, 0) + Math.log1p(Math.exp(-Math.abs(output))) - y * output;
        right += (output > 0) == (y > 0.5) ? 1 : 0;
      } else {
        loss += (output - y) * (output - y);
      }
    }
    int liveUnits = 0;
    for (boolean l : live) {
      liveUnits += l ? 1 : 0;
    }
    EpsilonEvaluation first = outcome.evaluations().get(0);
    return new Seed(hidden, liveUnits, loss / inputs.numRows, binary ? (double) right / inputs.numRows : Double.NaN,
        first.outcome(), first.deadHiddenUnits());
  }

  static void print(String configuration, List<Seed> seeds) {
    int n = seeds.size();
    long solved = seeds.stream().filter(s -> s.outcome() == Outcome.SOLVED).count();
    long stuck = seeds.stream().filter(s -> s.outcome() == Outcome.STUCK).count();
    System.out.printf(Locale.ROOT, "%n%s: %d seeds, %s solved, %s stuck%n", configuration, n, share(solved, n),
        share(stuck, n));
    int maxLive = seeds.stream().mapToInt(Seed::liveUnits).max().orElse(0);
    System.out.println("  live hidden units at epoch 0 | seeds | solved | stuck | hidden units dead at the end (median)");
    for (int live = 0; live <= maxLive; live++) {
      int l = live;
      List<Seed> these = seeds.stream().filter(s -> s.liveUnits() == l).toList();
      if (these.isEmpty()) {
        continue;
      }
      long sv = these.stream().filter(s -> s.outcome() == Outcome.SOLVED).count();
      long st = these.stream().filter(s -> s.outcome() == Outcome.STUCK).count();
      System.out.printf(Locale.ROOT, "  %d | %d | %s | %s | %s%n", live, these.size(), share(sv, these.size()),
          share(st, these.size()), median(these.stream().mapToDouble(Seed::deadAtEnd).toArray()));
    }
    double[] lossSolved = seeds.stream().filter(s -> s.outcome() == Outcome.SOLVED).mapToDouble(Seed::initialLoss)
        .toArray();
    double[] lossStuck = seeds.stream().filter(s -> s.outcome() == Outcome.STUCK).mapToDouble(Seed::initialLoss)
        .toArray();
    System.out.printf(Locale.ROOT, "  initial loss, median: solved %s, stuck %s; AUC of the initial loss for stuck"
            + " against solved %.2f, of fewer live units %.2f%n", median(lossSolved), median(lossStuck),
        auc(lossStuck, lossSolved),
        auc(seeds.stream().filter(s -> s.outcome() == Outcome.STUCK).mapToDouble(s -> -s.liveUnits()).toArray(),
            seeds.stream().filter(s -> s.outcome() == Outcome.SOLVED).mapToDouble(s -> -s.liveUnits()).toArray()));
    for (Outcome outcome : new Outcome[] {Outcome.SOLVED, Outcome.STUCK}) {
      int hidden = seeds.get(0).hidden();
      int[] alive = new int[hidden + 1];
      seeds.stream().filter(s -> s.outcome() == outcome).forEach(s -> alive[s.hidden() - s.deadAtEnd()]++);
      StringBuilder line = new StringBuilder();
      for (int a = 0; a <= hidden; a++) {
        line.append(a == 0 ? "" : ", ").append(a).append(": ").append(alive[a]);
      }
      System.out.printf(Locale.ROOT, "  %s seeds by hidden units alive at the end (at ε): %s%n", outcome.key(), line);
    }
    if (seeds.stream().anyMatch(s -> !Double.isNaN(s.initialAccuracy()))) {
      System.out.printf(Locale.ROOT, "  train accuracy at epoch 0, median: solved %s, stuck %s%n",
          median(seeds.stream().filter(s -> s.outcome() == Outcome.SOLVED).mapToDouble(Seed::initialAccuracy)
              .toArray()),
          median(seeds.stream().filter(s -> s.outcome() == Outcome.STUCK).mapToDouble(Seed::initialAccuracy)
              .toArray()));
    }
  }

  /** k of n with its 95 % Wilson interval, in percent. */
  static String share(long k, long n) {
    Statistics.Interval interval = Statistics.wilson(k, n);
    return String.format(Locale.ROOT, "%d (%.0f–%.0f %%)", k, 100 * interval.low(), 100 * interval.high());
  }

  static String median(double[] values) {
    if (values.length == 0) {
      return "–";
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int m = sorted.length / 2;
    double median = sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    return String.format(Locale.ROOT, "%.3g", median);
  }

  /** P(a random value of high > a random one of low) + half the ties: the Mann–Whitney AUC; NaN if either is empty. */
  static double auc(double[] high, double[] low) {
    if (high.length == 0 || low.length == 0) {
      return Double.NaN;
    }
    double wins = 0;
    for (double h : high) {
      for (double l : low) {
        wins += h > l ? 1 : h == l ? 0.5 : 0;
      }
    }
    return wins / ((double) high.length * low.length);
  }
}
