package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;

/** How the L1 penalty λΣ|w| over edges enters the update. Biases are never penalised. */
public enum L1Rule implements Named {
  /** The paper's rule: the optimiser steps on g + λ·sign(w), with sign(0) = 0. */
  SUBGRADIENT("subgradient"),
  /** The optimiser steps on the task gradient alone, then w ← sign(w)·max(|w| − ηλ, 0): exact zeros. */
  PROXIMAL("proximal"),
  /**
   * As proximal, with each weight's threshold λ times the step the optimiser takes per unit of gradient on it:
   * ηλ for SGD (the same as proximal), ηλ/(√v̂ + ε) for Adam ({@link Optimizer#softThreshold}).
   */
  ADAPTIVE_PROXIMAL("adaptive-proximal"),
  /**
   * The cited repository's rule, which has no L1 term: after every {@code round-binary.every}-th step every edge
   * weight becomes 1 if |w| ≥ {@code round-binary.threshold} and 0 otherwise, so negative weights become +1
   * ({@link #roundBinary}). λ, if not 0, still adds its subgradient, as under {@link #SUBGRADIENT}; the
   * repository's is 0. Needs a network without biases, which the rule would leave real-valued.
   */
  ROUND_BINARY("round-binary"),
  /**
   * A group penalty λ Σ_g √|g|·‖w_g‖₂ over each hidden unit's incoming and outgoing edges, applied after the
   * optimiser's step on the task gradient as a block soft threshold ({@link UnitGroups}): units leave whole.
   */
  GROUP("group");

  private final String key;

  L1Rule(String key) {
    this.key = key;
  }

  @Override
  public String key() {
    return key;
  }

  /** gradient += λ·sign(w), elementwise. gradient: Modified. weights: Not modified. */
  public static void addSubgradient(DMatrixRMaj weights, DMatrixRMaj gradient, double lambda) {
    double[] w = weights.data;
    double[] g = gradient.data;
    int n = weights.getNumElements();
    // Whole vectors first where the JVM has the Vector API: λ·sign(w) exactly as below, so the same bits.
    int i0 = VECTORS ? Vectors.addSubgradient(w, g, n, lambda) : 0;
    for (int i = i0; i < n; i++) {
      g[i] += lambda * Numerics.sign(w[i]);
    }
  }

  private static final boolean VECTORS = LaneKernel.vectorAvailable();

  /** {@link #addSubgradient} on whole vectors; loaded only where the {@code jdk.incubator.vector} module is. */
  static final class Vectors {
    private Vectors() {}

    /** g[i] += λ·sign(w[i]) for i below the returned index (whole vectors of n). g: Modified. */
    static int addSubgradient(double[] w, double[] g, int n, double lambda) {
      jdk.incubator.vector.VectorSpecies<Double> species = LaneVectorKernel.SPECIES;
      int end = n / species.length() * species.length();
      jdk.incubator.vector.DoubleVector zero = jdk.incubator.vector.DoubleVector.zero(species);
      for (int i = 0; i < end; i += species.length()) {
        jdk.incubator.vector.DoubleVector wi = jdk.incubator.vector.DoubleVector.fromArray(species, w, i);
        // sign(w): 1 above 0, −1 below, 0 at ±0 and NaN, as Numerics.sign.
        jdk.incubator.vector.DoubleVector sign = zero
            .blend(1.0, wi.compare(jdk.incubator.vector.VectorOperators.GT, 0.0))
            .blend(-1.0, wi.compare(jdk.incubator.vector.VectorOperators.LT, 0.0));
        jdk.incubator.vector.DoubleVector.fromArray(species, g, i).add(sign.mul(lambda)).intoArray(g, i);
      }
      return end;
    }
  }

  /** w ← sign(w)·max(|w| − threshold, 0), elementwise. weights: Modified. */
  public static void softThreshold(DMatrixRMaj weights, double threshold) {
    double[] w = weights.data;
    int n = weights.getNumElements();
    for (int i = 0; i < n; i++) {
      w[i] = shrink(w[i], threshold);
    }
  }

  /** sign(w)·max(|w| − threshold, 0): the soft threshold of one weight. */
  static double shrink(double w, double threshold) {
    double shrunk = Math.abs(w) - threshold;
    return shrunk > 0 ? Math.copySign(shrunk, w) : 0.0;
  }

  /** w ← 1 if |w| ≥ threshold, else 0, elementwise. weights: Modified. */
  public static void roundBinary(DMatrixRMaj weights, double threshold) {
    double[] w = weights.data;
    int n = weights.getNumElements();
    for (int i = 0; i < n; i++) {
      w[i] = Math.abs(w[i]) >= threshold ? 1.0 : 0.0;
    }
  }

  /** Whether λ enters as a subgradient on the gradient: the paper's rule, and the repository's on top of rounding. */
  public boolean addsSubgradient() {
    return this == SUBGRADIENT || this == ROUND_BINARY;
  }

  public static L1Rule parse(String name) {
    return Named.parse("l1", values(), name);
  }
}
