package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;

/** Activation of the hidden layers. The output layer is always linear; its loss decides how it is read. */
public enum Activation implements Named {
  RELU("relu", 0),
  TANH("tanh", 1),
  SIGMOID("sigmoid", 1);

  private final String key;
  private final int revision;

  Activation(String key, int revision) {
    this.key = key;
    this.revision = revision;
  }

  /**
   * How often the function's arithmetic has changed since the first results (tanh: 1, {@link Numerics#tanh} in
   * place of {@link Math#tanh}; sigmoid: 1, {@link Numerics#expOfNegative} in place of {@link Math#exp}). A
   * revision changes the rows of every training that uses the function, so a revision above 0 enters the trial key
   * and the spec hash: results written before it are never resumed by, nor mixed with, those written after.
   */
  public int revision() {
    return revision;
  }

  @Override
  public String key() {
    return key;
  }

  // The loops below switch once per call, not once per element, so each stays a tight monomorphic loop.

  /**
   * z[i, :] += bias[i] (when bias is not null), then a = f(z), in one pass over each row.
   * z: Modified. a: Modified (same shape as z). bias: Not modified.
   */
  void apply(double[] bias, DMatrixRMaj z, DMatrixRMaj a) {
    int cols = z.numCols;
    double[] zs = z.data;
    double[] as = a.data;
    for (int row = 0; row < z.numRows; row++) {
      double b = bias == null ? 0.0 : bias[row];
      int end = (row + 1) * cols;
      switch (this) {
        case RELU -> {
          for (int i = row * cols; i < end; i++) {
            double v = zs[i] + b;
            zs[i] = v;
            as[i] = v > 0 ? v : 0.0;
          }
        }
        case TANH -> {
          for (int i = row * cols; i < end; i++) {
            double v = zs[i] + b;
            zs[i] = v;
            as[i] = Numerics.tanh(v);
          }
        }
        case SIGMOID -> {
          for (int i = row * cols; i < end; i++) {
            double v = zs[i] + b;
            zs[i] = v;
            as[i] = Numerics.sigmoid(v);
          }
        }
        default -> throw new AssertionError(this);
      }
    }
  }

  /**
   * {@link #apply} on lane layout ({@link LaneBackprop}): z[r, c] += bias[r] per lane (when bias is not null), then
   * a = f(z), element for element the same operations. z: Modified. a: Modified. bias: Not modified.
   */
  void applyLanes(double[] bias, double[] z, double[] a, int rows, int cols, int lanes) {
    for (int row = 0; row < rows; row++) {
      int b = row * lanes;
      for (int c = 0; c < cols; c++) {
        int start = (row * cols + c) * lanes;
        switch (this) {
          case RELU -> {
            for (int l = 0; l < lanes; l++) {
              double v = z[start + l] + (bias == null ? 0.0 : bias[b + l]);
              z[start + l] = v;
              a[start + l] = v > 0 ? v : 0.0;
            }
          }
          case TANH -> {
            for (int l = 0; l < lanes; l++) {
              double v = z[start + l] + (bias == null ? 0.0 : bias[b + l]);
              z[start + l] = v;
              a[start + l] = Numerics.tanh(v);
            }
          }
          case SIGMOID -> {
            for (int l = 0; l < lanes; l++) {
              double v = z[start + l] + (bias == null ? 0.0 : bias[b + l]);
              z[start + l] = v;
              a[start + l] = Numerics.sigmoid(v);
            }
          }
          default -> throw new AssertionError(this);
        }
      }
    }
  }

  /** grad[i] = grad[i] · f'(z[i]), turning dL/da into dL/dz in place. grad: Modified. z, a: Not modified. */
  void backprop(double[] z, double[] a, double[] grad, int n) {
    switch (this) {
      case RELU -> {
        for (int i = 0; i < n; i++) {
          if (!(z[i] > 0)) {
            grad[i] = 0.0;
          }
        }
      }
      case TANH -> {
        for (int i = 0; i < n; i++) {
          grad[i] *= 1.0 - a[i] * a[i];
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          grad[i] *= a[i] * (1.0 - a[i]);
        }
      }
      default -> throw new AssertionError(this);
    }
  }

  /** Parses a configured name; the message names the setting, the value and what is allowed. */
  public static Activation parse(String name) {
    return Named.parse("activation", values(), name);
  }

}
