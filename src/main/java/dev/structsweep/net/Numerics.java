package dev.structsweep.net;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Scalar functions shared by the losses and activations, written to stay finite for any finite input, and beside
 * them ({@link Vectors}) the same operations on a vector of lanes, for the vector kernel. Public for the exponential
 * alone, which a reference trainer outside the package must compute as the trainers do.
 */
public final class Numerics {
  /**
   * How often the arithmetic that every training shares has changed since the first results: 1, every sum of products
   * (z = W·a, Wᵀ·δ and each gradient) added by fused multiply-adds from its first product ({@link Math#fma}, one
   * rounding where {@code a * b + c} rounds twice), the mean's gradient a product by 1/n (2/n for the squared error)
   * as PyTorch computes it, and the polynomial of the exponential and of tanh by fused multiply-adds. Every row of
   * every training differs from revision 0 in its last bits, and through a training's growth of such differences
   * possibly more, so it enters every trial key and every spec hash ({@code Identity}): results written before are
   * refused, never mixed with the new rows.
   */
  public static final int ARITHMETIC_REVISION = 1;

  private Numerics() {}

  /** 1 / (1 + e^{-z}) without overflow for large |z|. */
  static double sigmoid(double z) {
    return sigmoid(z, expOfNegative(Math.abs(z)));
  }

  /** Binary cross-entropy of target y against the logit z: max(z, 0) − z·y + log(1 + e^{−|z|}). */
  static double binaryCrossEntropyWithLogit(double z, double y) {
    return binaryCrossEntropy(z, y, expOfNegative(Math.abs(z)));
  }

  /** The same, given e = e^{−|z|}, which the gradient's sigmoid shares. */
  static double binaryCrossEntropy(double z, double y, double e) {
    return Math.max(z, 0.0) - z * y + log1p(e);
  }

  /** σ(z), given e = e^{−|z|}. */
  static double sigmoid(double z, double e) {
    return z >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  }

  /**
   * log(1 + x) for x ≥ 0 to within a few ulps, through the intrinsic {@link Math#log} rather than the much
   * slower {@link Math#log1p}: log(u)·x/(u − 1) with u = 1 + x cancels u's rounding error (Goldberg, 1991).
   */
  static double log1p(double x) {
    double u = 1.0 + x;
    return u == 1.0 ? x : Math.log(u) * x / (u - 1.0);
  }

  static final double SHIFT = 0x1.8p52;
  static final long SHIFT_BITS = Double.doubleToRawLongBits(SHIFT);
  static final double INV_LN2 = 1.4426950408889634;
  /** ln 2 in two parts (fdlibm's): the high one has 32 bits, so k·LN2_HI is exact for every |k| ≤ 64 used here. */
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  // 1/n! for the Taylor series of e^r − 1, n = 2 … 13.
  static final double C2 = 1.0 / 2;
  static final double C3 = C2 / 3;
  static final double C4 = C3 / 4;
  static final double C5 = C4 / 5;
  static final double C6 = C5 / 6;
  static final double C7 = C6 / 7;
  static final double C8 = C7 / 8;
  static final double C9 = C8 / 9;
  static final double C10 = C9 / 10;
  static final double C11 = C10 / 11;
  static final double C12 = C11 / 12;
  static final double C13 = C12 / 13;

  /**
   * tanh(x) within 3 ulps of {@link Math#tanh} for every double ({@code NumericsTest}), ±0, ±1 at ±∞ and NaN at NaN
   * as it, in plain double arithmetic without a branch or a call, so that the JIT inlines it (Java 17's
   * {@link Math#tanh} is a native call, which made a tanh trial cost 4.7× a ReLU one) and a vector kernel can
   * perform the same operations on many lanes. With a = min(|x|, 22) (tanh is 1 in double beyond 19.1): t = e^{−2a} − 1 by
   * Cody–Waite reduction −2a = k·ln 2 + r, |r| ≤ ln 2 / 2, e^r − 1 by its Taylor series to r¹³ (truncation below
   * 2⁻⁵⁶ relative) in Estrin's scheme by fused multiply-adds, t = fma(2^k, e^r − 1, 2^k − 1); then
   * tanh(a) = −t / (t + 2), without the
   * cancellation of (1 − e^{−2a}) for small a. The rows of every tanh training depend on these operations.
   */
  static double tanh(double x) {
    double a = Math.min(Math.abs(x), 22.0);
    double y = -2.0 * a;
    double k = (y * INV_LN2 + SHIFT) - SHIFT;
    double r = (y - k * LN2_HI) - k * LN2_LO;
    double p = expm1(r);
    double s = Double.longBitsToDouble(((long) k + 1023) << 52);
    double t = Math.fma(s, p, s - 1.0);
    return Math.copySign(-t / (t + 2.0), x);
  }

  /**
   * e^{−a} for a ≥ 0 (or NaN), within 1 ulp of {@link Math#exp}(−a) for every such double, subnormal results
   * included ({@code NumericsTest}), 0 beyond a = 746 and at +∞, NaN at NaN; in plain double arithmetic without a
   * branch or a call, so that a vector kernel can perform the same operations on many lanes and both trainers give
   * the same bits (Java's {@link Math#exp} is an intrinsic whose bits are its own). With y = −min(a, 746):
   * y = k·ln 2 + r, |r| ≤ ln 2 / 2, by the reduction of {@link #tanh} (k·LN2_HI is exact for |k| ≤ 2²¹),
   * e^r = 1 + p with p its Taylor series to r¹³ in Estrin's scheme, and e^y = ((1 + p)·2^{k₁})·2^{k₂} with
   * k₁ = ⌊k/2⌋ and k₂ = k − k₁, two scalings that are exact unless the result is subnormal, where the second rounds
   * once. The sigmoid and the cross-entropy read it: the rows of every training that uses either depend on these
   * operations ({@link Loss#revision()}, {@link Activation#revision()}).
   */
  public static double expOfNegative(double a) {
    double y = -Math.min(a, 746.0);
    double shifted = y * INV_LN2 + SHIFT;
    double k = shifted - SHIFT;
    double r = (y - k * LN2_HI) - k * LN2_LO;
    double p = expm1(r);
    // k as a long, from the bits of k + 1.5·2⁵² (a vector kernel reads it so, without a conversion).
    long kk = Double.doubleToRawLongBits(shifted) - SHIFT_BITS;
    long k1 = kk >> 1;
    double s1 = Double.longBitsToDouble((k1 + 1023) << 52);
    double s2 = Double.longBitsToDouble((kk - k1 + 1023) << 52);
    return ((1.0 + p) * s1) * s2;
  }

  /**
   * e^r − 1 for |r| ≤ ln 2 / 2: its Taylor series to r¹³ in Estrin's scheme (truncation below 2⁻⁵⁶ relative), each
   * pair of a product and a sum one fused multiply-add.
   */
  private static double expm1(double r) {
    double r2 = r * r;
    double r4 = r2 * r2;
    double r8 = r4 * r4;
    double f0 = Math.fma(Math.fma(C5, r, C4), r2, Math.fma(C3, r, C2));
    double f1 = Math.fma(Math.fma(C9, r, C8), r2, Math.fma(C7, r, C6));
    double f2 = Math.fma(Math.fma(C13, r, C12), r2, Math.fma(C11, r, C10));
    return Math.fma(r2, Math.fma(f2, r8, Math.fma(f1, r4, f0)), r);
  }

  /** sign(w) with sign(0) = 0, as the L1 subgradient and torch.sign use it. */
  static double sign(double w) {
    return w > 0 ? 1.0 : (w < 0 ? -1.0 : 0.0);
  }

  /**
   * The functions above on every lane of a vector, operation for operation, so each lane's bits are the scalar's
   * ({@code LaneVectorFunctionsTest}). Loaded only by the vector kernel: this class alone needs the
   * {@code jdk.incubator.vector} module.
   */
  static final class Vectors {
    private Vectors() {}

    /** {@link Numerics#expOfNegative} of every lane of a (each ≥ 0 or NaN). */
    static DoubleVector expOfNegative(DoubleVector a) {
      DoubleVector y = a.min(746.0).neg();
      DoubleVector shifted = y.mul(INV_LN2).add(SHIFT);
      DoubleVector k = shifted.sub(SHIFT);
      DoubleVector p = expm1(y.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO)));
      LongVector kk = shifted.reinterpretAsLongs().sub(SHIFT_BITS);
      LongVector k1 = kk.lanewise(VectorOperators.ASHR, 1);
      DoubleVector s1 = k1.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector s2 = kk.sub(k1).add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      return p.add(1.0).mul(s1).mul(s2);
    }

    /** {@link Numerics#sigmoid(double)} of every lane: 1 / (1 + e) for v ≥ 0, e / (1 + e) otherwise, e = e^{−|v|}. */
    static DoubleVector sigmoid(DoubleVector v) {
      DoubleVector e = expOfNegative(v.abs());
      return e.blend(1.0, v.compare(VectorOperators.GE, 0.0)).div(e.add(1.0));
    }

    /** {@link Numerics#tanh} of every lane; the sign copied by its bit. */
    static DoubleVector tanh(DoubleVector x) {
      DoubleVector y = x.abs().min(22.0).mul(-2.0);
      DoubleVector shifted = y.mul(INV_LN2).add(SHIFT);
      DoubleVector k = shifted.sub(SHIFT);
      DoubleVector p = expm1(y.sub(k.mul(LN2_HI)).sub(k.mul(LN2_LO)));
      DoubleVector s = shifted.reinterpretAsLongs().sub(SHIFT_BITS).add(1023L)
          .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
      DoubleVector t = s.fma(p, s.sub(1.0));
      LongVector magnitude = t.neg().div(t.add(2.0)).reinterpretAsLongs().and(Long.MAX_VALUE);
      return magnitude.or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
    }

    /** {@link Numerics#expm1} of every lane. */
    private static DoubleVector expm1(DoubleVector r) {
      DoubleVector r2 = r.mul(r);
      DoubleVector r4 = r2.mul(r2);
      DoubleVector r8 = r4.mul(r4);
      DoubleVector f0 = r.fma(C5, C4).fma(r2, r.fma(C3, C2));
      DoubleVector f1 = r.fma(C9, C8).fma(r2, r.fma(C7, C6));
      DoubleVector f2 = r.fma(C13, C12).fma(r2, r.fma(C11, C10));
      return r2.fma(f2.fma(r8, f1.fma(r4, f0)), r);
    }
  }
}
