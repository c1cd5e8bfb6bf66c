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
      evaluations.add(new EpsilonEvaluation(epsilon, active, 1.0 - (double) active / edges,
          trained.deadHiddenUnits(epsilon), pruned, solved, outcome, cornersRight));
    }
    return new TrialOutcome(spec, train, test, initial, training, edges, trainEvaluator.metrics(trained),
        testEvaluator.metrics(trained), List.copyOf(evaluations), trainingNanos);
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
