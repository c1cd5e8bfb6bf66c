package dev.structsweep.task;

import dev.structsweep.net.Backprop;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.Network;
import dev.structsweep.net.Topology;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingResult;
import java.util.ArrayList;
import java.util.List;
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
    SplittableRandom root = new SplittableRandom(spec.seed());
    SplittableRandom initRandom = root.split();
    SplittableRandom trainRandom = root.split();
    SplittableRandom testRandom = root.split();
    SplittableRandom shuffleRandom = root.split();
    // Split after the others, so that retraining leaves every earlier stream as it was.
    long retrainSeed = root.split().nextLong();

    Task task = spec.createTask();
    Topology topology = spec.topology();
    Dataset train = task.generate(spec.trainSize(), trainRandom);
    Dataset test = task.generate(spec.testSize(), testRandom);
    Network initial = Network.initialise(topology, spec.activation(), spec.bias(), spec.initScale(), initRandom);

    // Laid out as columns once: the trainer and the evaluation of the dense network read the same copy.
    Dataset.Columns trainColumns = train.columns();
    long start = System.nanoTime();
    TrainingResult training = new Trainer(spec.trainingSettings(), task.loss())
        .train(initial, trainColumns, shuffleRandom);
    long trainingNanos = System.nanoTime() - start;

    Network trained = training.network();
    Evaluator trainEvaluator = new Evaluator(task, topology, trainColumns);
    Evaluator testEvaluator = new Evaluator(task, topology, test.columns());
    java.util.Optional<Dataset> corners = task.corners();
    Evaluator cornerEvaluator = corners.map(c -> new Evaluator(task, topology, c.columns())).orElse(null);
    int edges = topology.edgeCount();
    double lossTailChange = training.lossTailChange();
    java.util.OptionalInt minimum = KnownMinima.edges(spec);
    boolean retrain = spec.retrainEpochs() > 0 && !training.diverged();
    Trainer retrainer = retrain ? new Trainer(retrainSettings(spec), task.loss()) : null;
    List<EpsilonEvaluation> evaluations = new ArrayList<>();
    for (double epsilon : spec.epsilons()) {
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
        fineTuned = retrained(retrainer, prunedNetwork, trainColumns, retrainSeed, testEvaluator, task, spec);
        ticket = retrained(retrainer, ticket(initial, prunedNetwork), trainColumns, retrainSeed, testEvaluator,
            task, spec);
      }
      evaluations.add(new EpsilonEvaluation(epsilon, active, 1.0 - (double) active / edges,
          trained.deadHiddenUnits(epsilon), pruned, solved, outcome, cornersRight, atMinimum, fineTuned, ticket));
    }
    return new TrialOutcome(spec, train, test, initial, training, edges, trainEvaluator.metrics(trained),
        testEvaluator.metrics(trained), List.copyOf(evaluations), trainingNanos);
  }

  /** Retraining: the trial's optimiser, learning rate and batch size, no L1, no schedule, no history. */
  static dev.structsweep.net.TrainingSettings retrainSettings(TrialSpec spec) {
    return new dev.structsweep.net.TrainingSettings(spec.optimizer(), dev.structsweep.net.L1Rule.SUBGRADIENT, 0,
        spec.learningRate(), spec.retrainEpochs(), spec.batchSize(), 0, spec.epsilons()[0]);
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

  private static Retrained retrained(Trainer retrainer, Network start, Dataset.Columns train, long seed,
      Evaluator test, Task task, TrialSpec spec) {
    TrainingResult result = retrainer.retrain(start, train, new SplittableRandom(seed));
    if (result.diverged()) {
      return new Retrained(new TaskMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN), false,
          true);
    }
    TaskMetrics metrics = test.metrics(result.network());
    return new Retrained(metrics, task.solved(metrics, spec.solved()), false);
  }

  /** A data set laid out for the forward pass once, evaluated for as many networks as asked. */
  private static final class Evaluator {
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
