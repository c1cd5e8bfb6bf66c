package dev.structsweep.net;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.ejml.data.DMatrixRMaj;

/**
 * Activation of the hidden layers. The output layer is always linear; its loss decides how it is read. Each function
 * is written here in its two forms: scalar ({@link #apply}, {@link #backprop}), which the one-lane kernel
 * ({@link Backprop}) runs, and on vectors of lanes ({@link Vectors}), which the vector kernel runs, with the same
 * operations, so the same bits.
 */
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
        default -> throw new IllegalStateException("no scalar form of activation " + key);
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
      default -> throw new IllegalStateException("no scalar form of activation " + key);
    }
  }

  /** Parses a configured name; the message names the setting, the value and what is allowed. */
  public static Activation parse(String name) {
    return Named.parse("activation", values(), name);
  }

  /**
   * The same functions on vectors of lanes, for the vector kernel ({@link LaneVectorKernel}): each lane performs the
   * scalar form's operations. Loaded only where the {@code jdk.incubator.vector} module is present.
   */
  static final class Vectors {
    private static final VectorSpecies<Double> SPECIES = LaneVectorKernel.SPECIES;

    private Vectors() {}

    /**
     * For c = 0, W, … &lt; end: v = z[zAt + c …] + b (b the vector of lanes at bias[biasAt], or 0 when bias is null);
     * a[aAt + c …] ← f(v), as {@link #apply}; every f′ is computed from a. a: Modified. z: Not modified. Every argument is an array or a number, so that
     * no vector crosses a call the compiler may not inline.
     */
    static void apply(Activation kind, double[] z, int zAt, double[] bias, int biasAt, double[] a, int aAt, int end) {
      // One method a kind, each compiled with its own function inlined: a single method of every kind, compiled after
      // the sweep had run several, boxed tanh's vectors at every sample.
      switch (kind) {
        case RELU -> applyRelu(z, zAt, bias, biasAt, a, aAt, end);
        case TANH -> applyTanh(z, zAt, bias, biasAt, a, aAt, end);
        case SIGMOID -> applySigmoid(z, zAt, bias, biasAt, a, aAt, end);
        default -> throw unknown(kind);
      }
    }

    private static void applyRelu(double[] z, int zAt, double[] bias, int biasAt, double[] a, int aAt, int end) {
      DoubleVector b = bias == null ? DoubleVector.zero(SPECIES) : DoubleVector.fromArray(SPECIES, bias, biasAt);
      DoubleVector zero = DoubleVector.zero(SPECIES);
      for (int c = 0; c < end; c += SPECIES.length()) {
        DoubleVector v = DoubleVector.fromArray(SPECIES, z, zAt + c).add(b);
        zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(a, aAt + c);
      }
    }

    private static void applyTanh(double[] z, int zAt, double[] bias, int biasAt, double[] a, int aAt, int end) {
      DoubleVector b = bias == null ? DoubleVector.zero(SPECIES) : DoubleVector.fromArray(SPECIES, bias, biasAt);
      for (int c = 0; c < end; c += SPECIES.length()) {
        Numerics.Vectors.tanh(DoubleVector.fromArray(SPECIES, z, zAt + c).add(b)).intoArray(a, aAt + c);
      }
    }

    private static void applySigmoid(double[] z, int zAt, double[] bias, int biasAt, double[] a, int aAt, int end) {
      DoubleVector b = bias == null ? DoubleVector.zero(SPECIES) : DoubleVector.fromArray(SPECIES, bias, biasAt);
      for (int c = 0; c < end; c += SPECIES.length()) {
        Numerics.Vectors.sigmoid(DoubleVector.fromArray(SPECIES, z, zAt + c).add(b)).intoArray(a, aAt + c);
      }
    }

    /**
     * For c = 0, W, … &lt; end: grad ← grad · f′, as {@link #backprop}, f′ from the activations a (ReLU′ is 1 where
     * a &gt; 0, exactly where z &gt; 0). grad: Modified. a: Not modified.
     */
    static void backprop(Activation kind, double[] grad, int gAt, double[] a, int aAt, int end) {
      switch (kind) {
        case RELU -> backpropRelu(grad, gAt, a, aAt, end);
        case TANH -> backpropTanh(grad, gAt, a, aAt, end);
        case SIGMOID -> backpropSigmoid(grad, gAt, a, aAt, end);
        default -> throw unknown(kind);
      }
    }

    private static void backpropRelu(double[] grad, int gAt, double[] a, int aAt, int end) {
      DoubleVector zero = DoubleVector.zero(SPECIES);
      for (int c = 0; c < end; c += SPECIES.length()) {
        VectorMask<Double> on = DoubleVector.fromArray(SPECIES, a, aAt + c).compare(VectorOperators.GT, 0.0);
        zero.blend(DoubleVector.fromArray(SPECIES, grad, gAt + c), on).intoArray(grad, gAt + c);
      }
    }

    private static void backpropTanh(double[] grad, int gAt, double[] a, int aAt, int end) {
      for (int c = 0; c < end; c += SPECIES.length()) {
        DoubleVector act = DoubleVector.fromArray(SPECIES, a, aAt + c);
        DoubleVector slope = DoubleVector.broadcast(SPECIES, 1.0).sub(act.mul(act));
        DoubleVector.fromArray(SPECIES, grad, gAt + c).mul(slope).intoArray(grad, gAt + c);
      }
    }

    private static void backpropSigmoid(double[] grad, int gAt, double[] a, int aAt, int end) {
      for (int c = 0; c < end; c += SPECIES.length()) {
        DoubleVector act = DoubleVector.fromArray(SPECIES, a, aAt + c);
        DoubleVector slope = act.mul(DoubleVector.broadcast(SPECIES, 1.0).sub(act));
        DoubleVector.fromArray(SPECIES, grad, gAt + c).mul(slope).intoArray(grad, gAt + c);
      }
    }

    /** Fails at once for an activation without a vector form: never computed as another. */
    static void require(Activation kind) {
      switch (kind) {
        case RELU, TANH, SIGMOID -> { }
        default -> throw unknown(kind);
      }
    }

    private static IllegalArgumentException unknown(Activation kind) {
      return new IllegalArgumentException("the vector kernel has no form of activation " + kind.key());
    }
  }
}
