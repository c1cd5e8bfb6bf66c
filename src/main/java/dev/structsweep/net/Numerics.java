package dev.structsweep.net;

/** Scalar functions shared by the losses and activations, written to stay finite for any finite input. */
final class Numerics {
  private Numerics() {}

  /** 1 / (1 + e^{-z}) without overflow for large |z|. */
  static double sigmoid(double z) {
    if (z >= 0) {
      return 1.0 / (1.0 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1.0 + e);
  }

  /** Binary cross-entropy of target y against the logit z: max(z, 0) − z·y + log(1 + e^{−|z|}). */
  static double binaryCrossEntropyWithLogit(double z, double y) {
    return Math.max(z, 0.0) - z * y + Math.log1p(Math.exp(-Math.abs(z)));
  }

  /** sign(w) with sign(0) = 0, as the L1 subgradient and torch.sign use it. */
  static double sign(double w) {
    return w > 0 ? 1.0 : (w < 0 ? -1.0 : 0.0);
  }
}
