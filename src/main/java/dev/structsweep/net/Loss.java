package dev.structsweep.net;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.DMatrixRMaj;

/**
 * The task loss, read from the network's linear output. Both are means over every output of every sample,
 * as PyTorch's {@code reduction='mean'} computes them. Each loss is written once per element (its value, its
 * gradient, and the term whose sum tells whether the loss is finite), and the loops over a batch, of one lane or of
 * many, call those ({@link #value}, {@link #gradient}, {@link #valueLanes}); the same operations on vectors of lanes
 * are beside them in {@link Vectors}, for the vector kernel.
 */
public enum Loss {
  /** Sigmoid output with binary cross-entropy, computed from the logit so it never overflows. */
  BINARY_CROSS_ENTROPY("binary-cross-entropy", 1),
  /** Linear output with mean squared error. */
  MEAN_SQUARED_ERROR("mean-squared-error", 0);

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

  // Each loss's scalar form, one output at a time. The switches have no default: a loss without its form here does
  // not compile. Within a loop, the loss is the same for every element, so the branch costs nothing.

  /** The loss of one output z against its target y, before the mean. */
  double value(double z, double y) {
    return switch (this) {
      case BINARY_CROSS_ENTROPY -> Numerics.binaryCrossEntropyWithLogit(z, y);
      case MEAN_SQUARED_ERROR -> (z - y) * (z - y);
    };
  }

  /**
   * The factor of the mean's gradient over n outputs, by which {@link #gradient(double, double, double)} multiplies,
   * as PyTorch's {@code reduction='mean'} does: 1/n for the cross-entropy, 2/n for the squared error.
   */
  double scale(int n) {
    return switch (this) {
      case BINARY_CROSS_ENTROPY -> 1.0 / n;
      case MEAN_SQUARED_ERROR -> 2.0 / n;
    };
  }

  /** ∂(mean loss)/∂z of one output, given the mean's {@link #scale}: (σ(z) − y)·scale, or (z − y)·scale. */
  double gradient(double z, double y, double scale) {
    return switch (this) {
      case BINARY_CROSS_ENTROPY -> (Numerics.sigmoid(z, Numerics.expOfNegative(Math.abs(z))) - y) * scale;
      case MEAN_SQUARED_ERROR -> (z - y) * scale;
    };
  }

  /**
   * One output's term of the sum that {@link #finite} reads, cheaper than the loss itself: z·0 for the
   * cross-entropy (NaN for a NaN or infinite logit, else 0: the loss is finite exactly when every logit is), and
   * the squared error's own (z − y)².
   */
  double finiteness(double z, double y) {
    return switch (this) {
      case BINARY_CROSS_ENTROPY -> z * 0.0;
      case MEAN_SQUARED_ERROR -> (z - y) * (z - y);
    };
  }

  /** Whether the loss is finite, from the sum of {@link #finiteness} over the outputs in order from 0. */
  boolean finite(double finitenessSum) {
    return switch (this) {
      case BINARY_CROSS_ENTROPY -> finitenessSum == 0;
      case MEAN_SQUARED_ERROR -> Double.isFinite(finitenessSum);
    };
  }

  /** Mean loss of output against target (same shape). Neither is modified. */
  public double value(DMatrixRMaj output, DMatrixRMaj target) {
    int n = checkShapes(output, target);
    double[] values = new double[1];
    valueLanes(output.data, target.data, n, 1, values);
    return values[0];
  }

  /**
   * gradient = ∂(mean loss)/∂output; returns whether the loss is finite, without the cost of computing it
   * (the logarithms of cross-entropy are the dearest part of a step). gradient: Modified (reshaped to
   * output's shape). output, target: Not modified.
   */
  public boolean gradient(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj gradient) {
    int n = checkShapes(output, target);
    gradient.reshape(output.numRows, output.numCols);
    double[] z = output.data;
    double[] y = target.data;
    double scale = scale(n);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += finiteness(z[i], y[i]);
      gradient.data[i] = gradient(z[i], y[i], scale);
    }
    return finite(sum);
  }

  /**
   * {@link #value(DMatrixRMaj, DMatrixRMaj)} of L lanes at once (lane layout: element i of lane l at i·L + l, n
   * elements per lane), each lane's sum in the same order: values[l] ← lane l's mean loss. values: Modified.
   */
  void valueLanes(double[] output, double[] target, int n, int lanes, double[] values) {
    java.util.Arrays.fill(values, 0, lanes, 0.0);
    for (int i = 0; i < n; i++) {
      int at = i * lanes;
      for (int l = 0; l < lanes; l++) {
        values[l] += value(output[at + l], target[at + l]);
      }
    }
    for (int l = 0; l < lanes; l++) {
      values[l] = values[l] / n;
    }
  }

  static int checkShapes(DMatrixRMaj output, DMatrixRMaj target) {
    if (output.numRows != target.numRows || output.numCols != target.numCols) {
      throw new IllegalArgumentException("Output and target must be the same shape. "
          + output.numRows + "x" + output.numCols + " vs " + target.numRows + "x" + target.numCols);
    }
    return output.getNumElements();
  }

  /**
   * The gradient and the finiteness term on vectors of lanes, for the vector kernel ({@link LaneVectorKernel}): each
   * lane performs the per-element form's operations. Loaded only where the {@code jdk.incubator.vector} module is
   * present.
   */
  static final class Vectors {
    private static final VectorSpecies<Double> SPECIES = LaneVectorKernel.SPECIES;

    private Vectors() {}

    /**
     * For each of count samples c: z = output[at + c·step …], y = target[at + c·step …]; grad[gAt + c·W …] ←
     * ∂loss/∂z, given the mean's {@link Loss#scale}; unless sums is null, the finiteness terms added, in sample order, to the vector of sums
     * at sums[sumAt] ({@link #finiteness}). grad, sums: Modified. Every argument is an array or a number, so that no
     * vector crosses a call the compiler may not inline.
     */
    static void gradient(Loss kind, double[] output, double[] target, int at, int step, int count, double scale,
        double[] grad, int gAt, double[] sums, int sumAt) {
      // One method a loss, each compiled alone (see Activation.Vectors.apply).
      switch (kind) {
        case BINARY_CROSS_ENTROPY -> crossEntropyGradient(output, target, at, step, count, scale, grad, gAt, sums, sumAt);
        case MEAN_SQUARED_ERROR -> squaredErrorGradient(output, target, at, step, count, scale, grad, gAt, sums, sumAt);
        default -> throw unknown(kind);
      }
    }

    private static void crossEntropyGradient(double[] output, double[] target, int at, int step, int count, double scale,
        double[] grad, int gAt, double[] sums, int sumAt) {
      int w = SPECIES.length();
      int end = gAt + count * w;
      boolean summed = sums != null;
      DoubleVector sum = summed ? DoubleVector.fromArray(SPECIES, sums, sumAt) : DoubleVector.zero(SPECIES);
      for (int g = gAt; g < end; g += w, at += step) {
        DoubleVector z = DoubleVector.fromArray(SPECIES, output, at);
        sum = sum.add(z.mul(0.0));
        DoubleVector y = DoubleVector.fromArray(SPECIES, target, at);
        Numerics.Vectors.sigmoid(z).sub(y).mul(scale).intoArray(grad, g);
      }
      if (summed) {
        sum.intoArray(sums, sumAt);
      }
    }

    private static void squaredErrorGradient(double[] output, double[] target, int at, int step, int count, double scale,
        double[] grad, int gAt, double[] sums, int sumAt) {
      int w = SPECIES.length();
      int end = gAt + count * w;
      boolean summed = sums != null;
      DoubleVector sum = summed ? DoubleVector.fromArray(SPECIES, sums, sumAt) : DoubleVector.zero(SPECIES);
      for (int g = gAt; g < end; g += w, at += step) {
        DoubleVector y = DoubleVector.fromArray(SPECIES, target, at);
        DoubleVector d = DoubleVector.fromArray(SPECIES, output, at).sub(y);
        sum = sum.add(d.mul(d));
        d.mul(scale).intoArray(grad, g);
      }
      if (summed) {
        sum.intoArray(sums, sumAt);
      }
    }

    /**
     * The finiteness terms of {@link #gradient} alone, for each of count samples in order, added to the vector of
     * sums at sums[sumAt]: z·0 for the cross-entropy, (z − y)² for the squared error. sums: Modified.
     */
    static void finiteness(Loss kind, double[] output, double[] target, int at, int step, int count,
        double[] sums, int sumAt) {
      DoubleVector sum = DoubleVector.fromArray(SPECIES, sums, sumAt);
      switch (kind) {
        case BINARY_CROSS_ENTROPY -> {
          for (int c = 0; c < count; c++, at += step) {
            sum = sum.add(DoubleVector.fromArray(SPECIES, output, at).mul(0.0));
          }
        }
        case MEAN_SQUARED_ERROR -> {
          for (int c = 0; c < count; c++, at += step) {
            DoubleVector d = DoubleVector.fromArray(SPECIES, output, at).sub(DoubleVector.fromArray(SPECIES, target,
                at));
            sum = sum.add(d.mul(d));
          }
        }
        default -> throw unknown(kind);
      }
      sum.intoArray(sums, sumAt);
    }

    /**
     * {@link Loss#valueLanes} on whole vectors of lanes (lanes a multiple of the vector's width): each lane's sum of
     * {@link Loss#value} over its n elements in order, then / n, every operation as the scalar form performs it; the
     * cross-entropy's logarithm is {@link Math#log} lane by lane, whose bits no vector operation promises (logs: one
     * vector's room for them). A NaN is a NaN: its sign and payload, which Java leaves open (the scalar form's own
     * differ between the interpreter and compiled code), are not the scalar form's. values, logs: Modified.
     */
    static void valueLanes(Loss kind, double[] output, double[] target, int n, int lanes, double[] values,
        double[] logs) {
      int w = SPECIES.length();
      for (int l0 = 0; l0 < lanes; l0 += w) {
        DoubleVector sum = DoubleVector.zero(SPECIES);
        switch (kind) {
          case BINARY_CROSS_ENTROPY -> {
            DoubleVector zero = DoubleVector.zero(SPECIES);
            for (int i = 0, at = l0; i < n; i++, at += lanes) {
              DoubleVector z = DoubleVector.fromArray(SPECIES, output, at);
              DoubleVector y = DoubleVector.fromArray(SPECIES, target, at);
              DoubleVector e = Numerics.Vectors.expOfNegative(z.abs());
              // Numerics.log1p(e): u = 1 + e; e where u is 1, else log(u)·e / (u − 1).
              DoubleVector u = e.add(1.0);
              u.intoArray(logs, 0);
              for (int k = 0; k < w; k++) {
                logs[k] = Math.log(logs[k]);
              }
              DoubleVector log1p = DoubleVector.fromArray(SPECIES, logs, 0).mul(e).div(u.sub(1.0))
                  .blend(e, u.compare(VectorOperators.EQ, 1.0));
              sum = sum.add(z.max(zero).sub(z.mul(y)).add(log1p));
            }
          }
          case MEAN_SQUARED_ERROR -> {
            for (int i = 0, at = l0; i < n; i++, at += lanes) {
              DoubleVector d = DoubleVector.fromArray(SPECIES, output, at).sub(DoubleVector.fromArray(SPECIES, target,
                  at));
              sum = sum.add(d.mul(d));
            }
          }
          default -> throw unknown(kind);
        }
        sum.div(n).intoArray(values, l0);
      }
    }

    /** Fails at once for a loss without a vector form: never computed as another. */
    static void require(Loss kind) {
      switch (kind) {
        case BINARY_CROSS_ENTROPY, MEAN_SQUARED_ERROR -> { }
        default -> throw unknown(kind);
      }
    }

    private static IllegalArgumentException unknown(Loss kind) {
      return new IllegalArgumentException("the vector kernel has no form of loss " + kind.key());
    }
  }
}
