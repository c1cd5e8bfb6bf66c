package dev.structsweep.net;

/** Scalar functions shared by the losses and activations, written to stay finite for any finite input. */
final class Numerics {
  private Numerics() {}

  /** 1 / (1 + e^{-z}) without overflow for large |z|. */
  static double sigmoid(double z) {
    return sigmoid(z, Math.exp(-Math.abs(z)));
  }

  /** Binary cross-entropy of target y against the logit z: max(z, 0) − z·y + log(1 + e^{−|z|}). */
  static double binaryCrossEntropyWithLogit(double z, double y) {
    return binaryCrossEntropy(z, y, Math.exp(-Math.abs(z)));
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

  /** sign(w) with sign(0) = 0, as the L1 subgradient and torch.sign use it. */
  static double sign(double w) {
    return w > 0 ? 1.0 : (w < 0 ? -1.0 : 0.0);
  }
}
