package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;

/**
 * The task loss, read from the network's linear output. Both are means over every output of every sample,
 * as PyTorch's {@code reduction='mean'} computes them.
 */
public enum Loss {
  /** Sigmoid output with binary cross-entropy, computed from the logit so it never overflows. */
  BINARY_CROSS_ENTROPY("binary-cross-entropy", 1) {
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
        gradient.data[i] = (Numerics.sigmoid(z, Numerics.expOfNegative(Math.abs(z))) - target.data[i]) / n;
      }
      return nonFinite == 0;
    }

    @Override
    void gradientLanes(double[] output, double[] target, int n, int lanes, double[] gradient, double[] sums,
        boolean[] finite) {
      java.util.Arrays.fill(sums, 0, lanes, 0.0);
      for (int i = 0; i < n; i++) {
        int at = i * lanes;
        for (int l = 0; l < lanes; l++) {
          double z = output[at + l];
          sums[l] += z * 0.0;
          gradient[at + l] = (Numerics.sigmoid(z, Numerics.expOfNegative(Math.abs(z))) - target[at + l]) / n;
        }
      }
      for (int l = 0; l < lanes; l++) {
        finite[l] = sums[l] == 0;
      }
    }

    @Override
    void valueLanes(double[] output, double[] target, int n, int lanes, double[] values) {
      java.util.Arrays.fill(values, 0, lanes, 0.0);
      for (int i = 0; i < n; i++) {
        int at = i * lanes;
        for (int l = 0; l < lanes; l++) {
          values[l] += Numerics.binaryCrossEntropyWithLogit(output[at + l], target[at + l]);
        }
      }
      for (int l = 0; l < lanes; l++) {
        values[l] = values[l] / n;
      }
    }
  },
  /** Linear output with mean squared error. */
  MEAN_SQUARED_ERROR("mean-squared-error", 0) {
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

    @Override
    void gradientLanes(double[] output, double[] target, int n, int lanes, double[] gradient, double[] sums,
        boolean[] finite) {
      java.util.Arrays.fill(sums, 0, lanes, 0.0);
      for (int i = 0; i < n; i++) {
        int at = i * lanes;
        for (int l = 0; l < lanes; l++) {
          double d = output[at + l] - target[at + l];
          sums[l] += d * d;
          gradient[at + l] = 2.0 * d / n;
        }
      }
      for (int l = 0; l < lanes; l++) {
        finite[l] = Double.isFinite(sums[l]);
      }
    }

    @Override
    void valueLanes(double[] output, double[] target, int n, int lanes, double[] values) {
      java.util.Arrays.fill(values, 0, lanes, 0.0);
      for (int i = 0; i < n; i++) {
        int at = i * lanes;
        for (int l = 0; l < lanes; l++) {
          double d = output[at + l] - target[at + l];
          values[l] += d * d;
        }
      }
      for (int l = 0; l < lanes; l++) {
        values[l] = values[l] / n;
      }
    }
  };

  private final String key;
  private final int revision;

  Loss(String key, int revision) {
    this.key = key;
    this.revision = revision;
  }

  /**
   * How often the loss's arithmetic has changed since the first results (binary cross-entropy: 1, its sigmoid and
   * its logarithm's argument through {@link Numerics#expOfNegative} in place of {@link Math#exp}). A revision changes
   * the rows of every training on the loss, so a revision above 0 enters the trial key and the spec hash, as
   * {@link Activation#revision()} does.
   */
  public int revision() {
    return revision;
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

  /**
   * {@link #gradient} of L lanes at once ({@link LaneBackprop}'s layout, n elements per lane), each lane's elements
   * in the same order: finite[l] ← whether lane l's loss is finite. sums: a workspace of L. gradient, sums, finite:
   * Modified.
   */
  abstract void gradientLanes(double[] output, double[] target, int n, int lanes, double[] gradient, double[] sums,
      boolean[] finite);

  /** {@link #value} of L lanes at once: values[l] ← lane l's mean loss. values: Modified. */
  abstract void valueLanes(double[] output, double[] target, int n, int lanes, double[] values);

  static int checkShapes(DMatrixRMaj output, DMatrixRMaj target) {
    if (output.numRows != target.numRows || output.numCols != target.numCols) {
      throw new IllegalArgumentException("Output and target must be the same shape. "
          + output.numRows + "x" + output.numCols + " vs " + target.numRows + "x" + target.numCols);
    }
    return output.getNumElements();
  }
}
