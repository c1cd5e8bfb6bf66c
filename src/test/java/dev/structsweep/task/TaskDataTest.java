package dev.structsweep.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.net.Dataset;
import dev.structsweep.testing.Specs;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class TaskDataTest {
  @Test
  void xorDrawsTheFourCornersInEqualSharesWithGaussianNoise() {
    Dataset data = new XorTask(0.1).generate(4000, new SplittableRandom(9));
    int[] perCorner = new int[4];
    double sumSquares = 0;
    for (int i = 0; i < data.size(); i++) {
      int a = (int) Math.round(data.inputs().get(i, 0));
      int b = (int) Math.round(data.inputs().get(i, 1));
      perCorner[2 * a + b]++;
      assertEquals(a ^ b, (int) data.targets().get(i, 0), "label of sample " + i);
      sumSquares += Math.pow(data.inputs().get(i, 0) - a, 2) + Math.pow(data.inputs().get(i, 1) - b, 2);
    }
    assertArrayEquals(new int[] {1000, 1000, 1000, 1000}, perCorner);
    double sigma = Math.sqrt(sumSquares / (2 * data.size()));
    // 8000 draws: the estimate of σ = 0.1 has a standard error near 0.0008.
    assertEquals(0.1, sigma, 0.005);
  }

  @Test
  void additionTargetsAreTheSumOfUniformInputs() {
    Dataset data = new AdditionTask().generate(1000, new SplittableRandom(9));
    double mean = 0;
    for (int i = 0; i < data.size(); i++) {
      double a = data.inputs().get(i, 0);
      double b = data.inputs().get(i, 1);
      assertTrue(a >= 0 && a < 1 && b >= 0 && b < 1);
      assertEquals(a + b, data.targets().get(i, 0));
      mean += a;
    }
    assertEquals(0.5, mean / data.size(), 0.05);
  }

  @Test
  void trainingDataDoNotDependOnTheTestSize() {
    TrialOutcome small = Trial.run(Specs.paperXor().epochs(1).sizes(200, 10).build());
    TrialOutcome large = Trial.run(Specs.paperXor().epochs(1).sizes(200, 500).build());
    assertArrayEquals(small.train().inputs().data, large.train().inputs().data);
    assertArrayEquals(small.initial().weights(0).data, large.initial().weights(0).data);
    TrialOutcome otherSeed = Trial.run(Specs.paperXor().epochs(1).seed(1).build());
    assertTrue(otherSeed.train().inputs().get(0, 0) != small.train().inputs().get(0, 0));
  }

  @Test
  void metricsOfKnownOutputs() {
    DMatrixRMaj targets = new DMatrixRMaj(new double[][] {{0, 1, 1, 0}});
    DMatrixRMaj logits = new DMatrixRMaj(new double[][] {{-3, 2, -0.5, -1}});
    TaskMetrics xor = new XorTask(0.1).metrics(logits, targets);
    assertEquals(0.75, xor.accuracy());
    assertTrue(Double.isNaN(xor.r2()));

    DMatrixRMaj sums = new DMatrixRMaj(new double[][] {{0.5, 1.0, 1.5, 2.0}});
    DMatrixRMaj predicted = new DMatrixRMaj(new double[][] {{0.5, 1.5, 1.5, 1.5}});
    TaskMetrics addition = new AdditionTask().metrics(predicted, sums);
    assertEquals(0.5 / 4, addition.mse(), 1e-15);
    assertEquals(1.0 / 4, addition.mae(), 1e-15);
    // SS_tot = 0.5625 + 0.0625 + 0.0625 + 0.5625 = 1.25; SS_res = 0.5.
    assertEquals(1 - 0.5 / 1.25, addition.r2(), 1e-15);
    assertEquals(1.0, new AdditionTask().metrics(sums, sums).r2());
  }
}
