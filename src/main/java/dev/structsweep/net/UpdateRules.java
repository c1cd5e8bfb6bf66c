package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;

/**
 * One training's update after each batch's gradients: λ's subgradient (each weight's share of λ reweighted every
 * {@code reweight.every} epochs under reweighted L1), the held zeros of a retraining, the
 * optimiser's step, then the proximal, adaptive-proximal or group threshold, and the repository's rounding after every
 * {@code round-binary.every}-th step; with {@code precision = float32}, every weight, bias and moment rounded to float
 * at the end. The epoch loop's ({@link Trainer}) for any number of lanes: every operation but
 * the group threshold acts element by element, so the same code serves one network and L networks in lane layout.
 */
final class UpdateRules {
  private final TrainingSettings settings;
  private final DMatrixRMaj[] params;
  private final DMatrixRMaj[] gradients;
  /** params[0 … weights) are the weight matrices, the only ones L1 acts on. */
  private final int weights;
  private final boolean[][] held;
  private final Optimizer optimizer;
  private final UnitGroups groups;
  private final int lanes;
  /**
   * Reweighted L1: each weight's share of λ, 1 / (|w| + δ) at the last reweighting, in params' layout; null for plain
   * L1 (the share 1 everywhere, and the arithmetic exactly as before reweighting existed).
   */
  private final double[][] penalty;
  private long steps;

  UpdateRules(TrainingSettings settings, Topology topology, DMatrixRMaj[] params, DMatrixRMaj[] gradients,
      int weights, boolean holdZeros, int lanes) {
    this.settings = settings;
    this.params = params;
    this.gradients = gradients;
    this.weights = weights;
    this.held = holdZeros ? Trainer.zeros(params, weights) : null;
    this.optimizer = settings.optimizer().create(settings.learningRate());
    optimizer.declare(params);
    this.groups = settings.l1() == L1Rule.GROUP ? new UnitGroups(topology) : null;
    this.lanes = lanes;
    if (settings.reweightEvery() > 0) {
      penalty = new double[weights][];
      for (int k = 0; k < weights; k++) {
        penalty[k] = new double[params[k].getNumElements()];
        java.util.Arrays.fill(penalty[k], 1.0);
      }
    } else {
      penalty = null;
    }
  }

  /** Each weight's share of λ, or null for plain L1: for the loss's penalty term. */
  double[][] penalty() {
    return penalty;
  }

  /**
   * Before each epoch's first step: under reweighted L1, at epochs reweight.every, 2·reweight.every, …, each weight's
   * penalty becomes 1 / (|w| + δ) of the weights as they are.
   */
  void startEpoch(int epoch) {
    if (penalty != null && epoch > 0 && epoch % settings.reweightEvery() == 0) {
      double delta = settings.reweightDelta();
      for (int k = 0; k < weights; k++) {
        double[] w = params[k].data;
        for (int i = 0; i < w.length; i++) {
          penalty[k][i] = 1.0 / (Math.abs(w[i]) + delta);
        }
      }
    }
  }

  /** Updates params from gradients under λ (the schedule's value for this epoch). params, gradients: Modified. */
  void step(double lambda) {
    L1Rule l1 = settings.l1();
    if (l1.addsSubgradient() && lambda > 0) {
      for (int k = 0; k < weights; k++) {
        if (penalty == null) {
          L1Rule.addSubgradient(params[k], gradients[k], lambda);
        } else {
          double[] w = params[k].data;
          double[] g = gradients[k].data;
          for (int i = 0; i < w.length; i++) {
            g[i] += lambda * penalty[k][i] * Numerics.sign(w[i]);
          }
        }
      }
    }
    if (held != null) {
      Trainer.release(gradients, held);
    }
    optimizer.step(params, gradients);
    double threshold = settings.learningRate() * lambda;
    if (penalty != null && threshold > 0 && (l1 == L1Rule.PROXIMAL || l1 == L1Rule.ADAPTIVE_PROXIMAL)) {
      // Each weight by its own share of λ, times the step the optimiser took on it per unit of gradient.
      for (int k = 0; k < weights; k++) {
        double[] w = params[k].data;
        for (int i = 0; i < w.length; i++) {
          double step = l1 == L1Rule.PROXIMAL ? settings.learningRate() : optimizer.stepPerGradient(k, i);
          w[i] = L1Rule.shrink(w[i], lambda * penalty[k][i] * step);
        }
      }
    } else if (l1 == L1Rule.PROXIMAL && threshold > 0) {
      for (int k = 0; k < weights; k++) {
        L1Rule.softThreshold(params[k], threshold);
      }
    } else if (l1 == L1Rule.ADAPTIVE_PROXIMAL && lambda > 0) {
      // The weights are params[0 … weights); the biases after them are never penalised.
      optimizer.softThreshold(params, weights, lambda);
    }
    if (groups != null && lambda > 0) {
      groups.threshold(params, optimizer, lambda, lanes);
    }
    steps++;
    if (l1 == L1Rule.ROUND_BINARY && steps % settings.roundEvery() == 0) {
      for (int k = 0; k < weights; k++) {
        L1Rule.roundBinary(params[k], settings.roundThreshold());
      }
    }
    if (settings.precision() == Precision.FLOAT32) {
      for (DMatrixRMaj p : params) {
        FloatKernel.round(p.data);
      }
      optimizer.roundStateToFloat();
    }
  }
}
