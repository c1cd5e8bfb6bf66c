package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.task.Task;
import dev.structsweep.task.XorTask;
import dev.structsweep.testing.Specs;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class AdaptiveProximalTest {
  @Test
  void adamThresholdsEachWeightByItsOwnStep() {
    Adam adam = new Adam(0.1);
    DMatrixRMaj w = new DMatrixRMaj(new double[][] {{1.0, -1.0, 0.5}});
    DMatrixRMaj g = new DMatrixRMaj(new double[][] {{0.2, -0.001, 0.0}});
    adam.declare(new DMatrixRMaj[] {w});
    adam.step(new DMatrixRMaj[] {w}, new DMatrixRMaj[] {g});
    double[] stepped = w.data.clone();
    adam.softThreshold(new DMatrixRMaj[] {w}, 1, 0.01);
    // After one step v = (1 − β2)·g², and √v / √(1 − β2) = |g|: the threshold is ηλ / (|g| + ε).
    for (int i = 0; i < 3; i++) {
      double threshold = 0.1 * 0.01 / (Math.abs(g.data[i]) + Adam.DEFAULT_EPSILON);
      double expected = Math.abs(stepped[i]) > threshold
          ? Math.copySign(Math.abs(stepped[i]) - threshold, stepped[i]) : 0.0;
      assertEquals(expected, w.data[i], 1e-15, "weight " + i);
    }
    assertEquals(0.0, w.data[2], "a weight with no gradient has an unbounded step: it goes to exact zero");
  }

  @Test
  void underSgdItIsTheProximalRule() {
    Task task = new XorTask(0.1);
    Dataset train = task.generate(64, new SplittableRandom(1));
    Network initial = Network.initialise(Topology.layered(2, new int[] {4}, 1), Activation.RELU, true,
        new SplittableRandom(2));
    TrainingResult[] results = new TrainingResult[2];
    L1Rule[] rules = {L1Rule.PROXIMAL, L1Rule.ADAPTIVE_PROXIMAL};
    for (int r = 0; r < 2; r++) {
      results[r] = new Trainer(Specs.paperXor().optimizer(OptimizerKind.SGD).l1(rules[r]).lambda(0.05)
          .learningRate(0.5).epochs(200).training(),
          task.loss()).train(initial, train, new SplittableRandom(3));
    }
    for (int k = 0; k < 2; k++) {
      assertArrayEquals(results[0].network().weights(k).data, results[1].network().weights(k).data, 0.0);
      assertArrayEquals(results[0].network().biases(k).data, results[1].network().biases(k).data, 0.0);
    }
  }

  @Test
  void underAdamItPrunesAndLeavesBiasesAlone() {
    Task task = new XorTask(0.1);
    Dataset train = task.generate(200, new SplittableRandom(1));
    Network initial = Network.initialise(Topology.layered(2, new int[] {8}, 1), Activation.RELU, true,
        new SplittableRandom(2));
    TrainingResult adaptive = new Trainer(Specs.paperXor().l1(L1Rule.ADAPTIVE_PROXIMAL).learningRate(0.01)
        .epochs(500).historyEvery(0).training(), task.loss()).train(initial, train, new SplittableRandom(3));
    TrainingResult uniform = new Trainer(Specs.paperXor().l1(L1Rule.PROXIMAL).learningRate(0.01)
        .epochs(500).historyEvery(0).training(), task.loss()).train(initial, train, new SplittableRandom(3));
    int zeros = 0;
    int uniformZeros = 0;
    for (int k = 0; k < 2; k++) {
      for (double value : adaptive.network().weights(k).data) {
        zeros += value == 0.0 ? 1 : 0;
      }
      for (double value : uniform.network().weights(k).data) {
        uniformZeros += value == 0.0 ? 1 : 0;
      }
      for (double bias : adaptive.network().biases(k).data) {
        assertTrue(bias != 0.0, "biases are never thresholded");
      }
    }
    assertTrue(zeros > uniformZeros, "Adam's normalised steps swamp ηλ; its own step does not: " + zeros + " exact"
        + " zeros against " + uniformZeros);
  }
}
