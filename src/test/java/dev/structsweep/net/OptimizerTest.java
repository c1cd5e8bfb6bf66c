package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class OptimizerTest {
  private static final double TOLERANCE = 1e-15;

  @Test
  void firstAdamStepMatchesTheFormulaByHand() {
    // t = 1, w = 0.5, g = 0.2, η = 0.1:
    // m = 0.1·0.2 = 0.02; v = 0.001·0.04 = 4e-5; m̂ = 0.02 / 0.1 = 0.2; v̂ = 4e-5 / 0.001 = 0.04
    // w ← 0.5 − 0.1 · 0.2 / (√0.04 + 1e-8) = 0.5 − 0.1 · 0.2 / 0.20000001 = 0.400000005 (to 1e-15)
    DMatrixRMaj w = new DMatrixRMaj(new double[][] {{0.5, -1.0}});
    DMatrixRMaj g = new DMatrixRMaj(new double[][] {{0.2, -3.0}});
    Adam first = new Adam(0.1);
    first.declare(new DMatrixRMaj[] {w});
    first.step(new DMatrixRMaj[] {w}, new DMatrixRMaj[] {g});
    assertEquals(0.5 - 0.1 * 0.2 / 0.20000001, w.get(0, 0), TOLERANCE);
    assertEquals(0.4000000049999998, w.get(0, 0), 1e-12);
    // The first step is η·sign(g) whatever |g|, up to ε: −1 + 0.1 · 3 / (3 + 1e-8).
    assertEquals(-1.0 + 0.1 * 3.0 / (3.0 + 1e-8), w.get(0, 1), TOLERANCE);
  }

  @Test
  void secondAdamStepUsesBiasCorrectedMoments() {
    DMatrixRMaj w = new DMatrixRMaj(new double[][] {{1.0}});
    DMatrixRMaj g1 = new DMatrixRMaj(new double[][] {{0.5}});
    DMatrixRMaj g2 = new DMatrixRMaj(new double[][] {{-0.25}});
    Adam adam = new Adam(0.01);
    adam.declare(new DMatrixRMaj[] {w});
    adam.step(new DMatrixRMaj[] {w}, new DMatrixRMaj[] {g1});
    adam.step(new DMatrixRMaj[] {w}, new DMatrixRMaj[] {g2});
    // By hand, in the textbook form: m_t = β1 m + (1 − β1) g, v_t = β2 v + (1 − β2) g²,
    // w ← w − η m_t/(1 − β1ᵗ) / (√(v_t/(1 − β2ᵗ)) + ε).
    double w1 = 1.0 - 0.01 * (0.05 / 0.1) / (Math.sqrt(0.00025 / 0.001) + 1e-8);
    double m2 = 0.9 * 0.05 + 0.1 * -0.25;
    double v2 = 0.999 * 0.00025 + 0.001 * 0.0625;
    double w2 = w1 - 0.01 * (m2 / (1 - 0.81)) / (Math.sqrt(v2 / (1 - 0.998001)) + 1e-8);
    assertEquals(w2, w.get(0, 0), 1e-14);
    assertEquals(2, adam.steps());
  }

  @Test
  void sgdStepsAgainstTheGradient() {
    DMatrixRMaj w = new DMatrixRMaj(new double[][] {{1.0, -2.0}});
    DMatrixRMaj g = new DMatrixRMaj(new double[][] {{0.5, -0.25}});
    new Sgd(0.1).step(new DMatrixRMaj[] {w}, new DMatrixRMaj[] {g});
    assertArrayEquals(new double[] {0.95, -1.975}, w.data, TOLERANCE);
  }

  @Test
  void proximalStepYieldsExactZeros() {
    // threshold ηλ = 0.001: |w| ≤ 0.001 becomes exactly 0, larger weights shrink by 0.001.
    DMatrixRMaj w = new DMatrixRMaj(new double[][] {{0.5, -0.5, 0.0005, -0.0005, 0.0, 0.001}});
    L1Rule.softThreshold(w, 0.001);
    assertArrayEquals(new double[] {0.499, -0.499, 0.0, 0.0, 0.0, 0.0}, w.data, TOLERANCE);
    for (int i = 2; i < 6; i++) {
      assertEquals(0L, Double.doubleToRawLongBits(w.data[i]), "+0.0, not −0.0 or a tiny value, at " + i);
    }
  }

  @Test
  void subgradientUsesSignWithSignOfZeroZero() {
    DMatrixRMaj w = new DMatrixRMaj(new double[][] {{2.0, -3.0, 0.0}});
    DMatrixRMaj g = new DMatrixRMaj(new double[][] {{0.1, 0.1, 0.1}});
    L1Rule.addSubgradient(w, g, 0.01);
    assertArrayEquals(new double[] {0.11, 0.09, 0.1}, g.data, TOLERANCE);
    assertEquals(0.0, Numerics.sign(0.0));
    assertEquals(0.0, Numerics.sign(-0.0));
  }

  @Test
  void lossesMatchTheirFormulas() {
    DMatrixRMaj z = new DMatrixRMaj(new double[][] {{2.0, -1.0, 800.0}});
    DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1.0, 1.0, 0.0}});
    double expected = (Math.log1p(Math.exp(-2.0)) + Math.log1p(Math.exp(1.0)) + 800.0) / 3;
    assertEquals(expected, Loss.BINARY_CROSS_ENTROPY.value(z, y), 1e-12, "stable for a logit of 800");
    DMatrixRMaj gradient = new DMatrixRMaj(1, 1);
    assertTrue(Loss.BINARY_CROSS_ENTROPY.gradient(z, y, gradient));
    assertEquals((1 / (1 + Math.exp(-2.0)) - 1) / 3, gradient.get(0, 0), 1e-15);
    assertEquals(1.0 / 3, gradient.get(0, 2), 1e-15);

    DMatrixRMaj target = new DMatrixRMaj(new double[][] {{1.0, 1.0, 0.0}});
    DMatrixRMaj output = new DMatrixRMaj(new double[][] {{1.5, 0.0, 0.0}});
    assertEquals((0.25 + 1.0) / 3, Loss.MEAN_SQUARED_ERROR.value(output, target), 1e-15);
    assertTrue(Loss.MEAN_SQUARED_ERROR.gradient(output, target, gradient));
    assertArrayEquals(new double[] {2 * 0.5 / 3, 2 * -1.0 / 3, 0.0}, gradient.data, 1e-15);
  }

  @Test
  void gradientReportsANonFiniteLoss() {
    DMatrixRMaj target = new DMatrixRMaj(new double[][] {{1.0, 0.0}});
    DMatrixRMaj gradient = new DMatrixRMaj(1, 2);
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      DMatrixRMaj output = new DMatrixRMaj(new double[][] {{0.5, bad}});
      for (Loss loss : Loss.values()) {
        assertFalse(loss.gradient(output, target, gradient), loss + " with an output of " + bad);
        assertFalse(Double.isFinite(loss.value(output, target)), loss + " value with an output of " + bad);
      }
    }
    // Finite outputs whose squared error overflows: the MSE is infinite, and gradient says so.
    assertFalse(Loss.MEAN_SQUARED_ERROR.gradient(new DMatrixRMaj(new double[][] {{1e200, 0}}), target, gradient));
  }

  @Test
  void log1pIsAccurateAcrossItsRange() {
    for (double x = 1e-300; x <= 1.0; x *= 1.37) {
      double expected = Math.log1p(x);
      assertEquals(expected, Numerics.log1p(x), 4 * Math.ulp(expected), "log1p(" + x + ")");
    }
    assertEquals(Math.log1p(1.0), Numerics.log1p(1.0), 4 * Math.ulp(Math.log(2)));
  }
}
