package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;
import jdk.incubator.vector.DoubleVector;
import org.junit.jupiter.api.Test;

/**
 * The vector kernel's tanh, sigmoid and exponential give, lane by lane, the bits of {@link Numerics}' scalar
 * functions, which the single trainer computes: on 4 million points of every kind, the values a training meets
 * and any bit pattern (subnormals, huge values, ±0, the infinities, NaN).
 */
class LaneVectorFunctionsTest {
  private static final int POINTS = 4_000_000;

  @Test
  void tanhIsNumericsTanhBitForBit() {
    assertSameBits(Numerics.Vectors::tanh, Numerics::tanh, false);
  }

  @Test
  void sigmoidIsNumericsSigmoidBitForBit() {
    assertSameBits(Numerics.Vectors::sigmoid, Numerics::sigmoid, false);
  }

  @Test
  void expOfNegativeIsNumericsBitForBit() {
    assertSameBits(Numerics.Vectors::expOfNegative, Numerics::expOfNegative, true);
  }

  private static void assertSameBits(UnaryOperator<DoubleVector> vector, DoubleUnaryOperator scalar,
      boolean nonNegative) {
    assertTrue(LaneKernel.vectorAvailable(), "the tests run with jdk.incubator.vector");
    int width = LaneVectorKernel.width();
    double[] in = new double[width];
    double[] out = new double[width];
    double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 0x1p-1022, 19.1, 22.0, 745.2, 746.0, 1e10,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN};
    SplittableRandom random = new SplittableRandom(21);
    long checked = 0;
    for (int i = 0; i < POINTS / width + special.length; i++) {
      for (int l = 0; l < width; l++) {
        double x;
        if (i < special.length) {
          x = special[(i + l) % special.length];
        } else {
          x = switch (l % 4) {
            case 0 -> random.nextDouble(-1, 1);
            case 1 -> random.nextDouble(-40, 40);
            case 2 -> Math.copySign(Math.pow(2, random.nextDouble(-60, 10)), random.nextBoolean() ? 1 : -1);
            default -> Double.longBitsToDouble(random.nextLong());
          };
        }
        in[l] = nonNegative ? Math.abs(x) : x;
      }
      vector.apply(DoubleVector.fromArray(DoubleVector.SPECIES_PREFERRED, in, 0)).intoArray(out, 0);
      for (int l = 0; l < width; l++) {
        double want = scalar.applyAsDouble(in[l]);
        if (Double.isNaN(want)) {
          assertTrue(Double.isNaN(out[l]), "at " + in[l]);
        } else {
          assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits(out[l]), "at " + in[l]);
        }
        checked++;
      }
    }
    assertTrue(checked >= POINTS);
  }
}
