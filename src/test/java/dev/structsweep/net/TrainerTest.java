package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.bench.HandWrittenTrainer;
import dev.structsweep.task.AdditionTask;
import dev.structsweep.task.Task;
import dev.structsweep.task.XorTask;
import dev.structsweep.testing.MatrixAsserts;
import dev.structsweep.testing.Specs;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.MatrixFeatures_DDRM;
import org.junit.jupiter.api.Test;

class TrainerTest {
  /** The reference does the same float64 operations in the same order, so it agrees bit for bit. */
  private static final double REFERENCE_TOLERANCE = 0.0;

  @Test
  void matchesTheHandWrittenReferenceBitForBitOnThePaperXorTrial() {
    assertMatchesReference(new XorTask(0.1), 4, 0.01, 0.001, 1000);
  }

  @Test
  void matchesTheHandWrittenReferenceBitForBitOnThePaperAdditionTrial() {
    assertMatchesReference(new AdditionTask(), 8, 0.01, 0.001, 2000);
  }

  private static void assertMatchesReference(Task task, int hidden, double lambda, double learningRate,
      int epochs) {
    Dataset train = task.generate(200, new SplittableRandom(3));
    Topology topology = Topology.layered(2, new int[] {hidden}, 1);
    Network initial = Network.initialise(topology, Activation.RELU, true, new SplittableRandom(5));
    TrainingSettings settings = Specs.paperXor().lambda(lambda).learningRate(learningRate)
        .epochs(epochs).historyEvery(0).training();
    Network trained = new Trainer(settings, task.loss()).train(initial, train, new SplittableRandom(7))
        .network();

    double[][] x = new double[200][];
    double[] y = new double[200];
    for (int s = 0; s < 200; s++) {
      x[s] = new double[] {train.inputs().get(s, 0), train.inputs().get(s, 1)};
      y[s] = train.targets().get(s, 0);
    }
    double[][] xT = new double[2][200];
    for (int s = 0; s < 200; s++) {
      xT[0][s] = x[s][0];
      xT[1][s] = x[s][1];
    }
    HandWrittenTrainer reference = new HandWrittenTrainer(2, hidden,
        task.loss() == Loss.BINARY_CROSS_ENTROPY, lambda, learningRate, epochs);
    for (boolean layerwise : new boolean[] {false, true}) {
      double[][] w1 = new double[hidden][];
      for (int h = 0; h < hidden; h++) {
        w1[h] = new double[] {initial.weight(0, h, 0), initial.weight(0, h, 1)};
      }
      double[] b1 = initial.biases(0).data.clone();
      double[] w2 = initial.weights(1).data.clone();
      double[] b2 = initial.biases(1).data.clone();
      if (layerwise) {
        reference.trainLayerwise(w1, b1, w2, b2, xT, y);
      } else {
        reference.train(w1, b1, w2, b2, x, y);
      }
      MatrixAsserts.assertClose(new DMatrixRMaj(w1), trained.weights(0), REFERENCE_TOLERANCE);
      MatrixAsserts.assertClose(DMatrixRMaj.wrap(1, hidden, w2), trained.weights(1), REFERENCE_TOLERANCE);
      MatrixAsserts.assertClose(DMatrixRMaj.wrap(hidden, 1, b1), trained.biases(0), REFERENCE_TOLERANCE);
      MatrixAsserts.assertClose(DMatrixRMaj.wrap(1, 1, b2), trained.biases(1), REFERENCE_TOLERANCE);
    }
    assertFalse(MatrixFeatures_DDRM.isIdentical(trained.weights(0), initial.weights(0), 0.0), "training moved the weights");
  }

  @Test
  void epochsAllocateNothing() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    XorTask task = new XorTask(0.1);
    Dataset train = task.generate(200, new SplittableRandom(1));
    Network initial = Network.initialise(Topology.layered(2, new int[] {8, 4}, 1), Activation.TANH, true,
        new SplittableRandom(2));
    long[] allocated = new long[2];
    int[] epochs = {100, 2100};
    // The fewest extra bytes of the rounds after the first two: an allocation per epoch shows in every round, while
    // the compiler's own work (a method recompiled late) allocates in one round now and then.
    long extra = Long.MAX_VALUE;
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < 2; i++) {
        allocated[i] = 0;
        for (int batchSize : new int[] {0, 48}) {
          TrainingSettings settings = Specs.paperXor().l1(L1Rule.PROXIMAL).learningRate(0.01)
              .epochs(epochs[i]).batchSize(batchSize).historyEvery(0).training();
          Trainer trainer = new Trainer(settings, task.loss());
          long before = threads.getCurrentThreadAllocatedBytes();
          trainer.train(initial, train, new SplittableRandom(3));
          allocated[i] += threads.getCurrentThreadAllocatedBytes() - before;
        }
      }
      if (round >= 2) {
        extra = Math.min(extra, allocated[1] - allocated[0]);
      }
    }
    // 2000 more epochs, full batch and in mini-batches of 48, cost no more memory than 100 do.
    assertTrue(extra < 1024, "2000 extra epochs allocated " + extra + " bytes");
  }

  @Test
  void sameInputsGiveBitIdenticalWeights() {
    for (int batchSize : new int[] {0, 32}) {
      Network first = trainXor(batchSize, 11);
      Network second = trainXor(batchSize, 11);
      for (int k = 0; k < 2; k++) {
        MatrixAsserts.assertIdentical(first.weights(k), second.weights(k));
        MatrixAsserts.assertIdentical(first.biases(k), second.biases(k));
      }
    }
  }

  @Test
  void miniBatchOrderComesFromTheShuffleStream() {
    Network a = trainXor(32, 11);
    Network b = trainXor(32, 12);
    assertFalse(MatrixFeatures_DDRM.isIdentical(a.weights(0), b.weights(0), 0.0), "another batch order, other weights");
    Network fullA = trainXor(0, 11);
    Network fullB = trainXor(0, 12);
    MatrixAsserts.assertIdentical(fullA.weights(0), fullB.weights(0));
  }

  private static Network trainXor(int batchSize, long shuffleSeed) {
    XorTask task = new XorTask(0.1);
    Dataset train = task.generate(100, new SplittableRandom(1));
    Network initial = Network.initialise(Topology.layered(2, new int[] {4}, 1), Activation.TANH, true,
        new SplittableRandom(2));
    TrainingSettings settings = Specs.paperXor().l1(L1Rule.PROXIMAL).learningRate(0.01).epochs(50)
        .batchSize(batchSize).historyEvery(0).training();
    return new Trainer(settings, task.loss()).train(initial, train, new SplittableRandom(shuffleSeed))
        .network();
  }

  @Test
  void divergenceIsAResultNotACrash() {
    AdditionTask task = new AdditionTask();
    Dataset train = task.generate(50, new SplittableRandom(1));
    Network initial = Network.initialise(Topology.layered(2, new int[] {8}, 1), Activation.RELU, true,
        new SplittableRandom(2));
    TrainingSettings settings = Specs.paperXor().optimizer(OptimizerKind.SGD).lambda(0.0).learningRate(1e3)
        .epochs(500).historyEvery(1).training();
    TrainingResult result = new Trainer(settings, task.loss()).train(initial, train, new SplittableRandom(3));
    assertTrue(result.diverged());
    assertTrue(result.epochsCompleted() < 500, "training stops at the divergence");
    History history = result.history();
    assertEquals(result.epochsCompleted() + 1, history.size(), "one point per epoch up to the last");
    assertFalse(Double.isFinite(history.loss()[history.size() - 1]));
  }

  @Test
  void historySamplesEveryKEpochsAndTheLast() {
    XorTask task = new XorTask(0.1);
    Dataset train = task.generate(40, new SplittableRandom(1));
    Network initial = Network.initialise(Topology.layered(2, new int[] {4}, 1), Activation.RELU, true,
        new SplittableRandom(2));
    TrainingSettings settings = Specs.paperXor().lambda(0.5).learningRate(0.01).epochs(25).epsilons(0.05).training();
    TrainingResult result = new Trainer(settings, task.loss()).train(initial, train, new SplittableRandom(3));
    History history = result.history();
    assertArrayEquals(new int[] {0, 10, 20, 24}, history.epochs());
    assertEquals(task.loss().value(forward(initial, train), transposedTargets(train)),
        history.taskLoss()[0], 1e-15, "epoch 0 is the initial network's loss");
    assertEquals(history.taskLoss()[0] + 0.5 * initial.l1Norm(), history.loss()[0], 1e-15);
    assertEquals(initial.activeEdges(0.05), history.activeEdges()[0]);
    assertTrue(history.loss()[3] < history.loss()[0], "λ = 0.5 training lowers the total loss");
  }

  @Test
  void biasesStayZeroWithoutBias() {
    XorTask task = new XorTask(0.1);
    Dataset train = task.generate(40, new SplittableRandom(1));
    Network initial = Network.initialise(Topology.layered(2, new int[] {4}, 1), Activation.SIGMOID, false,
        new SplittableRandom(2));
    TrainingSettings settings = Specs.paperXor().learningRate(0.01).epochs(20).historyEvery(0).training();
    Network trained = new Trainer(settings, task.loss()).train(initial, train, new SplittableRandom(3))
        .network();
    assertArrayEquals(new double[4], trained.biases(0).data);
    assertArrayEquals(new double[1], trained.biases(1).data);
    assertFalse(MatrixFeatures_DDRM.isIdentical(trained.weights(0), initial.weights(0), 0.0));
  }

  @Test
  void everyL1RuleAgreesWithoutL1() {
    XorTask task = new XorTask(0.1);
    Dataset train = task.generate(40, new SplittableRandom(1));
    Network initial = Network.initialise(Topology.layered(2, new int[] {4}, 1), Activation.RELU, true,
        new SplittableRandom(2));
    Network[] trained = new Network[L1Rule.values().length];
    // round-binary rounds whatever λ is: it is no penalty to switch off.
    for (L1Rule rule : java.util.EnumSet.complementOf(java.util.EnumSet.of(L1Rule.ROUND_BINARY))) {
      TrainingSettings settings = Specs.paperXor().l1(rule).lambda(0.0).learningRate(0.01).epochs(30)
          .historyEvery(0).training();
      trained[rule.ordinal()] = new Trainer(settings, task.loss())
          .train(initial, train, new SplittableRandom(3)).network();
    }
    for (int r = 1; r < L1Rule.ROUND_BINARY.ordinal(); r++) {
      MatrixAsserts.assertIdentical(trained[0].weights(0), trained[r].weights(0));
    }
  }

  private static DMatrixRMaj forward(Network network, Dataset data) {
    DMatrixRMaj x = org.ejml.dense.row.CommonOps_DDRM.transpose(data.inputs(), null);
    return new Backprop(network.topology(), data.size()).forward(network, x).copy();
  }

  private static DMatrixRMaj transposedTargets(Dataset data) {
    return org.ejml.dense.row.CommonOps_DDRM.transpose(data.targets(), null);
  }
}
