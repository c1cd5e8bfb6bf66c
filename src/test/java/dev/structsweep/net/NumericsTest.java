package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Numerics#tanh} against {@link Math#tanh} and {@link Numerics#expOfNegative} against {@link Math#exp}: within
 * their stated ulps everywhere, and exact where they must be.
 */
class NumericsTest {
  private static final double STATED_ULPS = 3.0;

  @Test
  void tanhIsWithinThreeUlpsOfMathTanhOverTheWholeRange() {
    SplittableRandom random = new SplittableRandom(12);
    double worst = 0;
    double worstAt = 0;
    for (int i = 0; i < 4_000_000; i++) {
      double x = switch (i % 4) {
        case 0 -> random.nextDouble(-1, 1);
        case 1 -> random.nextDouble(-25, 25);
        // Every binade from 2⁻⁶⁰ to 1, where the small-x path of other methods would cancel.
        case 2 -> Math.copySign(Math.pow(2, random.nextDouble(-60, 0)), random.nextBoolean() ? 1 : -1);
        // Any bit pattern: subnormals, huge values, the infinities and NaNs.
        default -> Double.longBitsToDouble(random.nextLong());
      };
      double want = Math.tanh(x);
      double got = Numerics.tanh(x);
      if (Double.isNaN(want)) {
        assertTrue(Double.isNaN(got), "tanh(" + x + ")");
        continue;
      }
      double ulps = got == want ? 0 : Math.abs(got - want) / Math.ulp(want);
      if (ulps > worst) {
        worst = ulps;
        worstAt = x;
      }
      assertEquals(-got, Numerics.tanh(-x), 0.0, "odd at " + x);
    }
    assertTrue(worst <= STATED_ULPS, worst + " ulps at " + worstAt);
    assertTrue(worst >= 1, "not Math.tanh itself: " + worst);
  }

  @Test
  void tanhIsExactWhereTheAnswerIsExact() {
    double[] xs = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, 0x1p-1022, 19.1, 22.0, 1e10,
        Double.MAX_VALUE, -Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double x : xs) {
      assertEquals(Double.doubleToRawLongBits(Math.tanh(x)), Double.doubleToRawLongBits(Numerics.tanh(x)),
          "tanh(" + x + ")");
    }
    assertTrue(Double.isNaN(Numerics.tanh(Double.NaN)));
  }

  @Test
  void tanhNeverDecreases() {
    double previous = -1.0;
    for (double x = -20; x <= 20; x += 1e-4) {
      double y = Numerics.tanh(x);
      assertTrue(y >= previous, "at " + x);
      previous = y;
    }
  }

  @Test
  void expOfNegativeIsWithinOneUlpOfMathExpOverTheWholeRange() {
    SplittableRandom random = new SplittableRandom(13);
    double worst = 0;
    double worstAt = 0;
    for (int i = 0; i < 4_000_000; i++) {
      double a = switch (i % 4) {
        case 0 -> random.nextDouble(0, 40);
        // Where the result is subnormal or rounds to 0.
        case 1 -> random.nextDouble(700, 750);
        case 2 -> Math.pow(2, random.nextDouble(-60, 10));
        // Any non-negative bit pattern: subnormals, huge values, +∞ and NaNs.
        default -> Double.longBitsToDouble(random.nextLong() >>> 1);
      };
      double want = Math.exp(-a);
      double got = Numerics.expOfNegative(a);
      if (Double.isNaN(want)) {
        assertTrue(Double.isNaN(got), "exp(-" + a + ")");
        continue;
      }
      double ulps = got == want ? 0 : Math.abs(got - want) / Math.ulp(want);
      if (ulps > worst) {
        worst = ulps;
        worstAt = a;
      }
    }
    assertTrue(worst <= 1.0, worst + " ulps at " + worstAt);
    assertTrue(worst > 0, "not Math.exp itself");
  }

  @Test
  void expOfNegativeIsExactWhereTheAnswerIsExact() {
    double[] as = {0.0, -0.0, Double.MIN_VALUE, 1e-300, 0x1p-1022, 1e-17, Math.log(2) * 1074, 745.2, 746, 1e10,
        Double.MAX_VALUE, Double.POSITIVE_INFINITY};
    for (double a : as) {
      assertEquals(Double.doubleToRawLongBits(Math.exp(-a)), Double.doubleToRawLongBits(Numerics.expOfNegative(a)),
          "exp(-" + a + ")");
    }
    assertTrue(Double.isNaN(Numerics.expOfNegative(Double.NaN)));
  }

  @Test
  void expOfNegativeNeverIncreases() {
    double previous = 1.0;
    for (double a = 0; a <= 750; a += 1e-4) {
      double y = Numerics.expOfNegative(a);
      assertTrue(y <= previous, "at " + a);
      previous = y;
    }
  }
}
