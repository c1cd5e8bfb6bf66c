package dev.structsweep.bench;

import dev.structsweep.net.Backprop;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.Network;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingResult;
import dev.structsweep.sweep.Grid;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.task.KnownMinima;
import dev.structsweep.task.Parameters;
import dev.structsweep.task.Task;
import dev.structsweep.task.TrialSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.ejml.data.DMatrixRMaj;

/**
 * Iterative magnitude pruning with rewinding (Frankle and Carbin, 2019; Frankle et al., 2020), measured on a sweep
 * file's trials. Each trial trains {@code -Drewind=R} epochs (its own settings, L1 included), keeps that network as
 * the rewinding point, and trains on from it to its epochs (a fresh optimiser from epoch R). Then, round after round:
 * the smallest share {@code -Drate} of the surviving edges is removed by magnitude, the survivors go back to their
 * weights at epoch R, and the network trains again without L1 for epochs − R epochs, removed edges held at 0. Rounds
 * end at the first that does not solve the test set; the trial's result is the last structure that did, counted at
 * the first ε. Prints, per configuration, the solved trials by active edges and distance to the known minimum, and
 * the epochs a trial took in all. The rounds of all seeds of a configuration train together, in lanes. A measurement,
 * not a setting. Run (docs/findings.md, "How far above the minimum L1 stops"):
 * {@code java … -Drate=0.2 -Drewind=50 dev.structsweep.bench.MagnitudePruning conf/paper/best-xor.conf [key=value …]}.
 */
public final class MagnitudePruning {
  private static final double RATE = Double.parseDouble(System.getProperty("rate", "0.2"));
  private static final int REWIND = Integer.getInteger("rewind", 50);

  /** One seed: whether any structure solved, its active edges at ε, rounds kept, epochs in all. */
  record Seed(boolean solved, int edges, int rounds, long epochs) {}

  public static void main(String[] args) {
    Grid grid = SweepFiles.load(Path.of(args[0]), List.of(args).subList(1, args.length)).grid();
    for (List<TrialSpec> configuration : SweepRuns.of(grid, Integer.MAX_VALUE)) {
      print(configuration.get(0), run(configuration));
    }
  }

  /** The seeds of one configuration, pruned together. */
  static List<Seed> run(List<TrialSpec> specs) {
    TrialSpec first = specs.get(0);
    if (REWIND >= first.epochs()) {
      throw new IllegalArgumentException("-Drewind=" + REWIND + " must be below epochs = " + first.epochs());
    }
    Task task = first.createTask();
    double epsilon = first.epsilons()[0];
    int n = specs.size();
    List<Network> initial = new ArrayList<>();
    List<Dataset.Columns> train = new ArrayList<>();
    List<Dataset.Columns> test = new ArrayList<>();
    List<SplittableRandom> streams = new ArrayList<>();
    for (TrialSpec spec : specs) {
      // The trial's own streams, as Trial draws them: initialisation, training data, test data, batch order.
      SplittableRandom root = new SplittableRandom(spec.seed());
      SplittableRandom initRandom = root.split();
      SplittableRandom trainRandom = root.split();
      SplittableRandom testRandom = root.split();
      streams.add(root.split());
      Task own = spec.createTask();
      train.add(own.generate(spec.trainSize(), trainRandom).columns());
      test.add(own.generate(spec.testSize(), testRandom).columns());
      initial.add(Network.initialise(spec.topology(), spec.activation(), spec.bias(), spec.initScale(),
          spec.get(Parameters.INIT_DISTRIBUTION), initRandom));
    }
    Trainer toRewind = new Trainer(first.with(Parameters.EPOCHS, REWIND).with(Parameters.HISTORY_EVERY, 0)
        .trainingSettings(), task.loss());
    List<Network> rewound = toRewind.train(initial, train, streams).stream().map(TrainingResult::network).toList();
    Trainer onwards = new Trainer(first.with(Parameters.EPOCHS, first.epochs() - REWIND)
        .with(Parameters.HISTORY_EVERY, 0).trainingSettings(), task.loss());
    List<TrainingResult> trained = onwards.train(rewound, train, streams);
    Trainer retrainer = new Trainer(first.toBuilder().set(Parameters.L1, L1Rule.SUBGRADIENT)
        .set(Parameters.LAMBDA, 0.0).set(Parameters.LAMBDA_RAMP, 0).set(Parameters.LAMBDA_WARMUP, 0)
        .set(Parameters.EPOCHS, first.epochs() - REWIND).set(Parameters.HISTORY_EVERY, 0).build()
        .trainingSettings(), task.loss());
    Backprop forward = new Backprop(first.topology(), first.testSize());
    Network[] last = new Network[n];
    int[] rounds = new int[n];
    long[] epochs = new long[n];
    Network[] current = new Network[n];
    List<Integer> going = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      epochs[l] = first.epochs();
      Network network = trained.get(l).network();
      if (!trained.get(l).diverged() && solves(task, forward, network.pruned(epsilon), test.get(l), specs.get(l))) {
        last[l] = network.pruned(epsilon);
        current[l] = network;
        going.add(l);
      }
    }
    while (!going.isEmpty()) {
      List<Network> starts = new ArrayList<>();
      List<Integer> lanes = new ArrayList<>();
      for (int l : going) {
        Network mask = prune(current[l]);
        if (mask == null) {
          continue;
        }
        starts.add(rewind(rewound.get(l), mask));
        lanes.add(l);
      }
      if (lanes.isEmpty()) {
        break;
      }
      List<TrainingResult> results = retrainer.retrain(starts, lanes.stream().map(train::get).toList(),
          lanes.stream().map(l -> new SplittableRandom(specs.get(l).seed() ^ rounds[l] * 0x9E3779B97F4A7C15L))
              .toList());
      List<Integer> next = new ArrayList<>();
      for (int i = 0; i < lanes.size(); i++) {
        int l = lanes.get(i);
        epochs[l] += first.epochs() - REWIND;
        TrainingResult result = results.get(i);
        Network pruned = result.network().pruned(epsilon);
        if (!result.diverged() && solves(task, forward, pruned, test.get(l), specs.get(l))) {
          last[l] = pruned;
          current[l] = result.network();
          rounds[l]++;
          next.add(l);
        }
      }
      going = next;
    }
    List<Seed> seeds = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      seeds.add(new Seed(last[l] != null, last[l] == null ? -1 : last[l].activeEdges(epsilon), rounds[l], epochs[l]));
    }
    return seeds;
  }

  static boolean solves(Task task, Backprop forward, Network network, Dataset.Columns test, TrialSpec spec) {
    return task.solved(task.metrics(forward.forward(network, test.inputs()), test.targets()), spec.solved());
  }

  /** network with its smallest share RATE of nonzero edges (at least one) set to 0; null when one edge is left. */
  static Network prune(Network network) {
    List<int[]> edges = network.edgesBySize();
    if (edges.size() <= 1) {
      return null;
    }
    int remove = Math.max(1, (int) Math.floor(RATE * edges.size()));
    Network pruned = network.copy();
    for (int[] e : edges.subList(0, remove)) {
      pruned.weights(e[0]).set(e[1], e[2], 0);
    }
    return pruned;
  }

  /** The weights of rewound on the edges that are not 0 in mask, exactly 0 on the others; rewound's biases. */
  static Network rewind(Network rewound, Network mask) {
    Network start = rewound.copy();
    for (int k = 0; k < start.topology().matrices(); k++) {
      DMatrixRMaj w = start.weights(k);
      DMatrixRMaj m = mask.weights(k);
      for (int i = 0; i < w.numRows; i++) {
        for (int j = 0; j < w.numCols; j++) {
          if (m.get(i, j) == 0) {
            w.set(i, j, 0);
          }
        }
      }
    }
    return start;
  }

  static void print(TrialSpec first, List<Seed> seeds) {
    OptionalInt minimum = KnownMinima.edges(first);
    int min = minimum.orElse(-1);
    List<Seed> solved = seeds.stream().filter(Seed::solved).toList();
    System.out.printf(Locale.ROOT, "%n%s %s %s %s λ %s ramp %d, ε %s, rate %s, rewind to epoch %d: %d of %d solved;"
            + " %d at the known minimum of %s edges; %.0f epochs a seed in all on average%n", first.task().key(),
        first.topology(), first.activation().key(), first.get(Parameters.L1).key(), first.lambda(),
        first.get(Parameters.LAMBDA_RAMP), first.epsilons()[0], RATE, REWIND, solved.size(), seeds.size(),
        solved.stream().filter(s -> s.edges() == min).count(), minimum.isPresent() ? Integer.toString(min) : "?",
        seeds.stream().mapToLong(Seed::epochs).average().orElse(0));
    TreeMap<Integer, Integer> histogram = new TreeMap<>();
    solved.forEach(s -> histogram.merge(s.edges() - min, 1, Integer::sum));
    System.out.println("  distance to the minimum | seeds");
    histogram.forEach((d, c) -> System.out.printf(Locale.ROOT, "  %+d | %d%n", d, c));
  }
}
