package dev.structsweep.bench;

import dev.structsweep.net.Backprop;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.Network;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingResult;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.sweep.Grid;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.task.KnownMinima;
import dev.structsweep.task.Parameters;
import dev.structsweep.task.Task;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialOutcome;
import dev.structsweep.task.TrialSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;

/**
 * How far above the smallest structure its own solution contains does L1 stop? Trains a sweep file's trials, and
 * from each one solved at the first ε removes its smallest surviving edge, fine-tunes the rest (no L1, every
 * removed edge held at 0, the trial's optimiser and learning rate, {@code -Dfine-tune=200} epochs) and keeps the
 * removal if the network still solves the test set; otherwise it tries the next-smallest edge, and it stops when
 * no single removal keeps it solved. Prints, per configuration, the solved seeds by active edges at ε (what L1
 * left) and by edges after the reduction, and their distance to the known minimum. A measurement, not a setting:
 * the rows of a sweep do not carry it. Run (docs/findings.md, "How far above the minimum L1 stops"):
 * {@code java … dev.structsweep.bench.PruneUntilItBreaks conf/paper/best-xor.conf [key=value …]}.
 */
public final class PruneUntilItBreaks {
  private static final int LANES = 16;
  private static final int FINE_TUNE = Integer.getInteger("fine-tune", 200);

  /** One solved seed: the edges L1 left at ε, the edges after the reduction, and the fine-tunings it took. */
  record Seed(int active, int reduced, int fineTunings) {}

  public static void main(String[] args) {
    Grid grid = SweepFiles.load(Path.of(args[0]), List.of(args).subList(1, args.length)).grid();
    Map<String, List<Seed>> byConfiguration = new LinkedHashMap<>();
    Map<String, int[]> trials = new LinkedHashMap<>();
    Map<String, OptionalInt> minima = new LinkedHashMap<>();
    for (List<TrialSpec> group : SweepRuns.of(grid, LANES)) {
      TrialSpec first = group.get(0);
      String configuration = String.format(Locale.ROOT, "%s %s %s %s %s λ %s ramp %d, ε %s", first.task().key(),
          first.topology(), first.activation().key(), first.get(Parameters.L1).key(),
          first.get(Parameters.OPTIMIZER).key(), first.lambda(), first.get(Parameters.LAMBDA_RAMP),
          first.epsilons()[0]);
      minima.put(configuration, KnownMinima.edges(first));
      trials.computeIfAbsent(configuration, k -> new int[1])[0] += group.size();
      for (TrialOutcome outcome : Trial.run(group)) {
        if (outcome.evaluations().get(0).solved()) {
          byConfiguration.computeIfAbsent(configuration, k -> new ArrayList<>()).add(reduce(outcome));
        }
      }
    }
    for (String configuration : trials.keySet()) {
      print(configuration, trials.get(configuration)[0], byConfiguration.getOrDefault(configuration, List.of()),
          minima.get(configuration));
    }
  }

  /** The greedy reduction of one solved trial, at its first ε. */
  static Seed reduce(TrialOutcome outcome) {
    TrialSpec spec = outcome.spec();
    double epsilon = spec.epsilons()[0];
    Task task = spec.createTask();
    DMatrixRMaj testInputs = outcome.test().columns().inputs();
    DMatrixRMaj testTargets = outcome.test().columns().targets();
    Backprop forward = new Backprop(spec.topology(), outcome.test().size());
    TrainingSettings fineTune = spec.toBuilder().set(Parameters.L1, L1Rule.SUBGRADIENT).set(Parameters.LAMBDA, 0.0)
        .set(Parameters.LAMBDA_RAMP, 0).set(Parameters.LAMBDA_WARMUP, 0).set(Parameters.EPOCHS, FINE_TUNE)
        .set(Parameters.HISTORY_EVERY, 0).build().trainingSettings();
    Trainer trainer = new Trainer(fineTune, task.loss());
    Network current = outcome.training().network().pruned(epsilon);
    int active = current.activeEdges(epsilon);
    int fineTunings = 0;
    SplittableRandom shuffles = new SplittableRandom(spec.seed());
    boolean removed = true;
    while (removed) {
      removed = false;
      for (int[] edge : edgesBySize(current)) {
        Network candidate = current.copy();
        candidate.weights(edge[0]).set(edge[1], edge[2], 0);
        TrainingResult tuned = trainer.retrain(candidate, outcome.train().columns(), shuffles.split());
        fineTunings++;
        Network result = tuned.network();
        if (!tuned.diverged()
            && task.solved(task.metrics(forward.forward(result, testInputs), testTargets), spec.solved())) {
          current = result;
          removed = true;
          break;
        }
      }
    }
    return new Seed(active, edgesBySize(current).size(), fineTunings);
  }

  /** The edges that are not exactly 0, smallest |w| first: {layer, row, column}. */
  static List<int[]> edgesBySize(Network network) {
    List<int[]> edges = new ArrayList<>();
    for (int k = 0; k < network.topology().matrices(); k++) {
      DMatrixRMaj w = network.weights(k);
      for (int i = 0; i < w.numRows; i++) {
        for (int j = 0; j < w.numCols; j++) {
          if (w.get(i, j) != 0) {
            edges.add(new int[] {k, i, j});
          }
        }
      }
    }
    edges.sort(Comparator.comparingDouble(e -> Math.abs(network.weights(e[0]).get(e[1], e[2]))));
    return edges;
  }

  static void print(String configuration, int trials, List<Seed> seeds, OptionalInt minimum) {
    int min = minimum.orElse(-1);
    long atMinimum = seeds.stream().filter(s -> s.active() == min).count();
    long reducedAtMinimum = seeds.stream().filter(s -> s.reduced() == min).count();
    System.out.printf(Locale.ROOT, "%n%s: %d of %d solved; at the known minimum of %s edges: %d as L1 left them, %d"
            + " after the reduction; %d fine-tunings of %d epochs a seed on average%n", configuration, seeds.size(),
        trials, minimum.isPresent() ? Integer.toString(min) : "(none known)", atMinimum, reducedAtMinimum,
        seeds.isEmpty() ? 0 : seeds.stream().mapToInt(Seed::fineTunings).sum() / seeds.size(), FINE_TUNE);
    System.out.println("  distance to the minimum | as L1 left them | after the reduction");
    TreeMap<Integer, long[]> histogram = new TreeMap<>();
    for (Seed s : seeds) {
      histogram.computeIfAbsent(s.active() - min, k -> new long[2])[0]++;
      histogram.computeIfAbsent(s.reduced() - min, k -> new long[2])[1]++;
    }
    histogram.forEach((d, counts) -> System.out.printf(Locale.ROOT, "  %+d | %d | %d%n", d, counts[0], counts[1]));
    long shortOfHeld = seeds.stream().filter(s -> s.active() > min && s.reduced() == min).count();
    long heldNone = seeds.stream().filter(s -> s.reduced() > min).count();
    System.out.printf(Locale.ROOT, "  above the minimum as L1 left them: %d held it (reduced to it), %d held none%n",
        shortOfHeld, heldNone);
  }
}
