package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;

/**
 * The task loss, read from the network's linear output. Both are means over every output of every sample,
 * as PyTorch's {@code reduction='mean'} computes them.
 */
public enum Loss {
  /** Sigmoid output with binary cross-entropy, computed from the logit so it never overflows. */
  BINARY_CROSS_ENTROPY("binary-cross-entropy") {
    @Override
    public double value(DMatrixRMaj output, DMatrixRMaj target) {
      int n = checkShapes(output, target);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        sum += Numerics.binaryCrossEntropyWithLogit(output.data[i], target.data[i]);
      }
      return sum / n;
    }

    @Override
    public boolean gradient(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj gradient) {
      int n = checkShapes(output, target);
      gradient.reshape(output.numRows, output.numCols);
      // The loss is finite exactly when every logit is; z·0 is NaN for a NaN or infinite z.
      double nonFinite = 0;
      for (int i = 0; i < n; i++) {
        double z = output.data[i];
        nonFinite += z * 0.0;
        gradient.data[i] = (Numerics.sigmoid(z, Math.exp(-Math.abs(z))) - target.data[i]) / n;
      }
      return nonFinite == 0;
    }
  },
  /** Linear output with mean squared error. */
  MEAN_SQUARED_ERROR("mean-squared-error") {
    @Override
    public double value(DMatrixRMaj output, DMatrixRMaj target) {
      int n = checkShapes(output, target);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double d = output.data[i] - target.data[i];
        sum += d * d;
      }
      return sum / n;
    }

    @Override
    public boolean gradient(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj gradient) {
      int n = checkShapes(output, target);
      gradient.reshape(output.numRows, output.numCols);
      double sum = 0;
      for (int i = 0; i < n; i++) {
        double d = output.data[i] - target.data[i];
        sum += d * d;
        gradient.data[i] = 2.0 * d / n;
      }
      return Double.isFinite(sum);
    }
  };

  private final String key;

  Loss(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** Mean loss of output against target (same shape). Neither is modified. */
  public abstract double value(DMatrixRMaj output, DMatrixRMaj target);

  /**
   * gradient = ∂(mean loss)/∂output; returns whether the loss is finite, without the cost of computing it
   * (the logarithms of cross-entropy are the dearest part of a step). gradient: Modified (reshaped to
   * output's shape). output, target: Not modified.
   */
  public abstract boolean gradient(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj gradient);

  static int checkShapes(DMatrixRMaj output, DMatrixRMaj target) {
    if (output.numRows != target.numRows || output.numCols != target.numCols) {
      throw new IllegalArgumentException("Output and target must be the same shape. "
          + output.numRows + "x" + output.numCols + " vs " + target.numRows + "x" + target.numCols);
    }
    return output.getNumElements();
  }
}
