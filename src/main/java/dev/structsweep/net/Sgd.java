package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;

/** Plain gradient descent, w ← w + (−η)·g, as {@code torch.optim.SGD} without momentum. */
public final class Sgd implements Optimizer {
  private final double learningRate;

  public Sgd(double learningRate) {
    this.learningRate = learningRate;
  }

  /** Plain SGD keeps no state. */
  @Override
  public void declare(DMatrixRMaj[] params) {}

  @Override
  public void step(DMatrixRMaj[] params, DMatrixRMaj[] gradients) {
    double scale = -learningRate;
    for (int p = 0; p < params.length; p++) {
      double[] w = params[p].data;
      double[] g = gradients[p].data;
      int n = params[p].getNumElements();
      for (int i = 0; i < n; i++) {
        w[i] += scale * g[i];
      }
    }
  }

  @Override
  public double learningRate() {
    return learningRate;
  }

  @Override
  public double stepPerGradient(int param, int index) {
    return learningRate;
  }

  /** Every weight by ηλ: plain SGD steps every coordinate alike. */
  @Override
  public void softThreshold(DMatrixRMaj[] params, int count, double lambda) {
    double threshold = learningRate * lambda;
    for (int p = 0; p < count; p++) {
      L1Rule.softThreshold(params[p], threshold);
    }
  }
}
