package dev.structsweep.task;

import dev.structsweep.net.Backprop;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.Loss;
import dev.structsweep.net.Network;
import dev.structsweep.net.Topology;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * Runs one trial: draw the data, initialise, train, evaluate at every ε. Each purpose has its own stream
 * split from the seed in a fixed order (initial weights, training data, test data, batch order), so
 * changing the test size never changes the training data, and nothing depends on where the trial runs.
 */
public final class Trial {
  private Trial() {}

  public static TrialOutcome run(TrialSpec spec) {
    return run(List.of(spec)).get(0);
  }

  /**
   * Runs a run of trials that differ in their seeds alone, trained and retrained together by the engine
   * ({@link Trainer}, which decides which of them share a kernel): each outcome is the same, bit for bit, as the trial
   * run alone, but for {@code trainingNanos}, which is the run's training time shared out equally. specs: at least
   * one, all equal but for the seed.
   */
  public static List<TrialOutcome> run(List<TrialSpec> specs) {
    TrialSpec first = specs.get(0);
    for (TrialSpec spec : specs) {
      if (!spec.withSeed(first.seed()).equals(first)) {
        throw new IllegalArgumentException("a run's trials must differ in their seeds alone: " + spec + " vs "
            + first);
      }
    }
    List<Drawn> drawn = specs.stream().map(Drawn::new).toList();
    Loss loss = drawn.get(0).task.loss();
    long start = System.nanoTime();
    List<TrainingResult> trainings = new Trainer(first.trainingSettings(), loss).train(
        drawn.stream().map(d -> d.initial).toList(), drawn.stream().map(d -> d.trainColumns).toList(),
        drawn.stream().map(d -> d.shuffleRandom).toList());
    long nanosEach = (System.nanoTime() - start) / specs.size();
    // Retraining: at each ε, from the trained weights and as the ticket, every trial that did not diverge, its own
    // network and stream, as one run.
    Map<Retraining, TrainingResult> retrained = new HashMap<>();
    if (first.retrainEpochs() > 0) {
      Trainer retrainer = new Trainer(retrainSettings(first, first.retrainEpochs()), loss);
      double[] epsilons = first.epsilons();
      for (int e = 0; e < epsilons.length; e++) {
        for (boolean ticket : new boolean[] {false, true}) {
          List<Integer> lanes = new ArrayList<>();
          List<Network> starts = new ArrayList<>();
          for (int l = 0; l < specs.size(); l++) {
            if (!trainings.get(l).diverged()) {
              Network pruned = trainings.get(l).network().pruned(epsilons[e]);
              lanes.add(l);
              starts.add(ticket ? ticket(drawn.get(l).initial, pruned) : pruned);
            }
          }
          if (lanes.isEmpty()) {
            continue;
          }
          List<TrainingResult> results = retrainer.retrain(starts,
              lanes.stream().map(l -> drawn.get(l).trainColumns).toList(),
              lanes.stream().map(l -> new SplittableRandom(drawn.get(l).retrainSeed)).toList());
          for (int i = 0; i < lanes.size(); i++) {
            retrained.put(new Retraining(lanes.get(i), e, ticket), results.get(i));
          }
        }
      }
    }
    Map<Retraining, Reduced> reduced = first.reduceEpochs() > 0 ? shrink(drawn, trainings, (starts, lanes) ->
        Reduction.greedy(starts, new Trainer(retrainSettings(first, first.reduceEpochs()), loss))) : Map.of();
    double rate = first.get(Parameters.IMP_RATE);
    Map<Retraining, Reduced> magnitude = rate > 0 ? shrink(drawn, trainings, (starts, lanes) -> {
      List<Network> rewound = rewound(drawn);
      return Reduction.magnitude(starts, lanes.stream().map(rewound::get).toList(), rate,
          new Trainer(retrainSettings(first, first.epochs() - first.get(Parameters.IMP_REWIND)), loss));
    }) : Map.of();
    List<TrialOutcome> outcomes = new ArrayList<>(specs.size());
    for (int l = 0; l < specs.size(); l++) {
      int lane = l;
      outcomes.add(evaluate(drawn.get(l), trainings.get(l), nanosEach,
          (pruned, epsilon, ticket) -> retrained.get(new Retraining(lane, epsilon, ticket)),
          epsilon -> reduced.get(new Retraining(lane, epsilon, false)),
          epsilon -> magnitude.get(new Retraining(lane, epsilon, false))));
    }
    return outcomes;
  }

  /** A search over solved structures: the starts, and the lane of each, to their ends. */
  private interface Shrinking {
    List<Reduction.End> run(List<Reduction.Start> starts, List<Integer> lanes);
  }

  /**
   * A search ({@link Reduction}) from every trial's structure pruned at each ε where it solves the task, all of the
   * run's together; keyed as the fine-tuned retraining of that lane and ε. Each starts from its trial's own stream,
   * the same at every ε.
   */
  private static Map<Retraining, Reduced> shrink(List<Drawn> drawn, List<TrainingResult> trainings,
      Shrinking search) {
    double[] epsilons = drawn.get(0).spec.epsilons();
    List<Retraining> keys = new ArrayList<>();
    List<Reduction.Start> starts = new ArrayList<>();
    List<Evaluator> tests = new ArrayList<>();
    List<Integer> lanes = new ArrayList<>();
    for (int l = 0; l < drawn.size(); l++) {
      Drawn d = drawn.get(l);
      if (trainings.get(l).diverged()) {
        continue;
      }
      Evaluator test = new Evaluator(d.task, d.topology, d.test.columns());
      java.util.function.Predicate<Network> solves = network -> d.task.solved(test.metrics(network),
          d.spec.solved());
      for (int e = 0; e < epsilons.length; e++) {
        Network pruned = trainings.get(l).network().pruned(epsilons[e]);
        if (solves.test(pruned)) {
          keys.add(new Retraining(l, e, false));
          starts.add(new Reduction.Start(pruned, d.trainColumns, solves, d.reduceSeed));
          tests.add(test);
          lanes.add(l);
        }
      }
    }
    List<Reduction.End> ends = starts.isEmpty() ? List.of() : search.run(starts, lanes);
    Map<Retraining, Reduced> byKey = new HashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      Reduction.End end = ends.get(i);
      byKey.put(keys.get(i), new Reduced(end.network(), end.attempts(), tests.get(i).metrics(end.network())));
    }
    return byKey;
  }

  /**
   * Each trial's network at epoch imp.rewind of its training: the initial network at 0, else the same training
   * stopped there (every epoch before it is the same, bit for bit, whatever the epochs that follow).
   */
  private static List<Network> rewound(List<Drawn> drawn) {
    TrialSpec first = drawn.get(0).spec;
    int rewind = first.get(Parameters.IMP_REWIND);
    if (rewind == 0) {
      return drawn.stream().map(d -> d.initial).toList();
    }
    // Drawn afresh for their batch order, which the training has used up.
    List<Drawn> fresh = drawn.stream().map(d -> new Drawn(d.spec)).toList();
    TrialSpec shortened = first.toBuilder().set(Parameters.IMP_RATE, 0.0).set(Parameters.EPOCHS, rewind)
        .set(Parameters.HISTORY_EVERY, 0).build();
    return new Trainer(shortened.trainingSettings(), fresh.get(0).task.loss()).train(
        fresh.stream().map(d -> d.initial).toList(), fresh.stream().map(d -> d.trainColumns).toList(),
        fresh.stream().map(d -> d.shuffleRandom).toList()).stream().map(TrainingResult::network).toList();
  }

  /** Which retraining: of which lane, at which ε, from the trained weights or the initial ones. */
  private record Retraining(int lane, int epsilon, boolean ticket) {}

  /** Retrains one pruned structure: start, pruned at the epsilon-th ε, from the trained weights or as the ticket. */
  private interface Retrainer {
    TrainingResult retrain(Network start, int epsilon, boolean ticket);
  }

  /** Everything a trial draws from its seed before training, each purpose from its own stream. */
  private static final class Drawn {
    final TrialSpec spec;
    final SplittableRandom shuffleRandom;
    final long retrainSeed;
    final long reduceSeed;
    final Task task;
    final Topology topology;
    final Dataset train;
    final Dataset test;
    final Network initial;
    /** Laid out as columns once: the trainer and the evaluation of the dense network read the same copy. */
    final Dataset.Columns trainColumns;

    Drawn(TrialSpec spec) {
      this.spec = spec;
      SplittableRandom root = new SplittableRandom(spec.seed());
      SplittableRandom initRandom = root.split();
      SplittableRandom trainRandom = root.split();
      SplittableRandom testRandom = root.split();
      shuffleRandom = root.split();
      // Split after the others, so that retraining leaves every earlier stream as it was.
      retrainSeed = root.split().nextLong();
      reduceSeed = root.split().nextLong();
      task = spec.createTask();
      topology = spec.topology();
      train = task.generate(spec.trainSize(), trainRandom);
      test = task.generate(spec.testSize(), testRandom);
      initial = Network.initialise(topology, spec.activation(), spec.bias(), spec.initScale(),
          spec.get(Parameters.INIT_DISTRIBUTION), initRandom);
      trainColumns = train.columns();
    }
  }

  private static TrialOutcome evaluate(Drawn drawn, TrainingResult training, long trainingNanos,
      Retrainer retrainer, java.util.function.IntFunction<Reduced> reductions,
      java.util.function.IntFunction<Reduced> magnitude) {
    TrialSpec spec = drawn.spec;
    Task task = drawn.task;
    Topology topology = drawn.topology;
    Network initial = drawn.initial;
    Network trained = training.network();
    Evaluator trainEvaluator = new Evaluator(task, topology, drawn.trainColumns);
    Evaluator testEvaluator = new Evaluator(task, topology, drawn.test.columns());
    java.util.Optional<Dataset> corners = task.corners();
    Evaluator cornerEvaluator = corners.map(c -> new Evaluator(task, topology, c.columns())).orElse(null);
    int edges = topology.edgeCount();
    double lossTailChange = training.lossTailChange();
    java.util.OptionalInt minimum = KnownMinima.edges(spec);
    boolean retrain = spec.retrainEpochs() > 0 && !training.diverged();
    List<EpsilonEvaluation> evaluations = new ArrayList<>();
    double[] epsilons = spec.epsilons();
    for (int e = 0; e < epsilons.length; e++) {
      double epsilon = epsilons[e];
      Network prunedNetwork = trained.pruned(epsilon);
      TaskMetrics pruned = testEvaluator.metrics(prunedNetwork);
      int active = trained.activeEdges(epsilon);
      boolean solved = !training.diverged() && task.solved(pruned, spec.solved());
      Outcome outcome = Outcome.classify(training.diverged(), solved, lossTailChange, spec.stuckTolerance());
      Integer cornersRight = null;
      if (cornerEvaluator != null && !training.diverged()) {
        // Accuracy over the corners is right / 4 exactly.
        cornersRight = (int) Math.round(cornerEvaluator.metrics(prunedNetwork).accuracy() * corners.get().size());
      }
      Boolean atMinimum = minimum.isPresent() ? solved && active == minimum.getAsInt() : null;
      Retrained fineTuned = null;
      Retrained ticket = null;
      if (retrain) {
        // Both start from the same batch order at every ε; the ticket from the initial weights, pruned alike.
        fineTuned = retrained(retrainer.retrain(prunedNetwork, e, false), testEvaluator, task, spec);
        ticket = retrained(retrainer.retrain(ticket(initial, prunedNetwork), e, true), testEvaluator, task, spec);
      }
      evaluations.add(new EpsilonEvaluation(epsilon, active, 1.0 - (double) active / edges,
          trained.deadHiddenUnits(epsilon), pruned, solved, outcome, cornersRight, atMinimum, fineTuned, ticket,
          solved ? reductions.apply(e) : null, solved ? magnitude.apply(e) : null));
    }
    return new TrialOutcome(spec, drawn.train, drawn.test, initial, training, edges, trainEvaluator.metrics(trained),
        testEvaluator.metrics(trained), List.copyOf(evaluations), trainingNanos);
  }

  /**
   * Retraining and the reduction's fine-tunings: the trial's optimiser, learning rate and batch size for epochs, no L1
   * (the subgradient rule at λ = 0, which no schedule or reweighting changes and which never rounds), no history.
   */
  static dev.structsweep.net.TrainingSettings retrainSettings(TrialSpec spec, int epochs) {
    return spec.toBuilder().set(Parameters.L1, dev.structsweep.net.L1Rule.SUBGRADIENT).set(Parameters.LAMBDA, 0.0)
        .set(Parameters.REWEIGHT_EVERY, 0).set(Parameters.IMP_RATE, 0.0).set(Parameters.EPOCHS, epochs)
        .set(Parameters.HISTORY_EVERY, 0).build().trainingSettings();
  }

  /**
   * The lottery ticket of a pruned network: the initial weights on its surviving edges, exactly 0 on the others;
   * the initial biases. initial, pruned: Not modified.
   */
  public static Network ticket(Network initial, Network pruned) {
    Network ticket = initial.copy();
    for (int k = 0; k < ticket.topology().matrices(); k++) {
      double[] w = ticket.weights(k).data;
      double[] mask = pruned.weights(k).data;
      for (int i = 0; i < w.length; i++) {
        if (mask[i] == 0.0) {
          w[i] = 0.0;
        }
      }
    }
    return ticket;
  }

  private static Retrained retrained(TrainingResult result, Evaluator test, Task task, TrialSpec spec) {
    if (result.diverged()) {
      return new Retrained(new TaskMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN), false,
          true);
    }
    TaskMetrics metrics = test.metrics(result.network());
    return new Retrained(metrics, task.solved(metrics, spec.solved()), false);
  }

  /** A data set laid out for the forward pass once, evaluated for as many networks as asked. */
  static final class Evaluator {
    private final Task task;
    private final Backprop backprop;
    private final DMatrixRMaj inputs;
    private final DMatrixRMaj targets;

    Evaluator(Task task, Topology topology, Dataset.Columns data) {
      this.task = task;
      this.backprop = new Backprop(topology, data.size());
      this.inputs = data.inputs();
      this.targets = data.targets();
    }

    TaskMetrics metrics(Network network) {
      return task.metrics(backprop.forward(network, inputs), targets);
    }
  }
}
