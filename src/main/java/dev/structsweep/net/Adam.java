package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;

/**
 * Adam as {@code torch.optim.Adam} (amsgrad off, no weight decay) computes it, operation for operation, so a
 * trial replays in PyTorch in float64 step for step:
 * <pre>
 *   t += 1
 *   m ← m + (1 − β1)(g − m)                      exp_avg.lerp_(grad, 1 − β1)
 *   v ← v·β2 + (1 − β2)·g·g                      exp_avg_sq.mul_(β2).addcmul_(grad, grad, 1 − β2)
 *   denom = √v / √(1 − β2ᵗ) + ε
 *   w ← w + (−η / (1 − β1ᵗ))·m / denom           param.addcdiv_(exp_avg, denom, −step_size)
 * </pre>
 */
public final class Adam implements Optimizer {
  private static final boolean VECTORS = LaneKernel.vectorAvailable();
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPSILON = 1e-8;

  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private DMatrixRMaj[] firstMoments;
  private DMatrixRMaj[] secondMoments;
  private long step;
  /** √(1 − β2ᵗ) of the last step: the soft threshold divides by that step's denominators. */
  private double lastBiasCorrection2Sqrt = 1;

  public Adam(double learningRate) {
    this(learningRate, DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPSILON);
  }

  public Adam(double learningRate, double beta1, double beta2, double epsilon) {
    this.learningRate = learningRate;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  @Override
  public void step(DMatrixRMaj[] params, DMatrixRMaj[] gradients) {
    step++;
    double biasCorrection1 = 1.0 - Math.pow(beta1, step);
    double biasCorrection2 = 1.0 - Math.pow(beta2, step);
    double stepSize = learningRate / biasCorrection1;
    double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
    lastBiasCorrection2Sqrt = biasCorrection2Sqrt;
    double weight1 = 1.0 - beta1;
    double weight2 = 1.0 - beta2;
    for (int p = 0; p < params.length; p++) {
      double[] w = params[p].data;
      double[] g = gradients[p].data;
      double[] m = firstMoments[p].data;
      double[] v = secondMoments[p].data;
      int n = params[p].getNumElements();
      // Whole vectors of elements first where the JVM has the Vector API (the same operations, so the same bits).
      int i0 = VECTORS ? Vectors.step(w, g, m, v, n, weight1, beta2, weight2, biasCorrection2Sqrt, epsilon, stepSize)
          : 0;
      for (int i = i0; i < n; i++) {
        double grad = g[i];
        m[i] = m[i] + weight1 * (grad - m[i]);
        v[i] = v[i] * beta2 + weight2 * grad * grad;
        double denom = Math.sqrt(v[i]) / biasCorrection2Sqrt + epsilon;
        w[i] = w[i] + -stepSize * m[i] / denom;
      }
    }
  }

  @Override
  public void declare(DMatrixRMaj[] params) {
    firstMoments = new DMatrixRMaj[params.length];
    secondMoments = new DMatrixRMaj[params.length];
    for (int p = 0; p < params.length; p++) {
      firstMoments[p] = new DMatrixRMaj(params[p].numRows, params[p].numCols);
      secondMoments[p] = new DMatrixRMaj(params[p].numRows, params[p].numCols);
    }
  }

  @Override
  public double learningRate() {
    return learningRate;
  }

  /**
   * w ← sign(w)·max(|w| − ηλ/denom, 0) with denom = √v / √(1 − β2ᵗ) + ε of the last step: the step Adam takes per
   * unit of gradient on that weight, so the penalty is normalised as the task's gradient was.
   */
  @Override
  public void softThreshold(DMatrixRMaj[] params, int count, double lambda) {
    double scaled = learningRate * lambda;
    for (int p = 0; p < count; p++) {
      double[] w = params[p].data;
      double[] v = secondMoments[p].data;
      int n = params[p].getNumElements();
      for (int i = 0; i < n; i++) {
        w[i] = L1Rule.shrink(w[i], scaled / (Math.sqrt(v[i]) / lastBiasCorrection2Sqrt + epsilon));
      }
    }
  }

  @Override
  public double stepPerGradient(int param, int index) {
    return learningRate / (Math.sqrt(secondMoments[param].data[index]) / lastBiasCorrection2Sqrt + epsilon);
  }

  /** Both moments, each element rounded to the nearest float. */
  @Override
  public void roundStateToFloat() {
    for (int p = 0; p < firstMoments.length; p++) {
      FloatKernel.round(firstMoments[p].data);
      FloatKernel.round(secondMoments[p].data);
    }
  }

  /**
   * The update of {@link #step} on whole vectors of elements, each lane performing the scalar form's operations in
   * its order. Loaded only where the {@code jdk.incubator.vector} module is present.
   */
  static final class Vectors {
    private Vectors() {}

    /** Elements 0 … the returned index (a multiple of the vector's width, at most n) stepped. w, m, v: Modified. */
    static int step(double[] w, double[] g, double[] m, double[] v, int n, double weight1, double beta2,
        double weight2, double biasCorrection2Sqrt, double epsilon, double stepSize) {
      jdk.incubator.vector.VectorSpecies<Double> species = LaneVectorKernel.SPECIES;
      int width = species.length();
      int end = n / width * width;
      double negativeStep = -stepSize;
      for (int i = 0; i < end; i += width) {
        jdk.incubator.vector.DoubleVector grad = jdk.incubator.vector.DoubleVector.fromArray(species, g, i);
        jdk.incubator.vector.DoubleVector mi = jdk.incubator.vector.DoubleVector.fromArray(species, m, i);
        mi = mi.add(grad.sub(mi).mul(weight1));
        mi.intoArray(m, i);
        jdk.incubator.vector.DoubleVector vi = jdk.incubator.vector.DoubleVector.fromArray(species, v, i)
            .mul(beta2).add(grad.mul(weight2).mul(grad));
        vi.intoArray(v, i);
        jdk.incubator.vector.DoubleVector denom = vi.sqrt().div(biasCorrection2Sqrt).add(epsilon);
        jdk.incubator.vector.DoubleVector.fromArray(species, w, i).add(mi.mul(negativeStep).div(denom))
            .intoArray(w, i);
      }
      return end;
    }
  }

  /** Steps taken so far. */
  public long steps() {
    return step;
  }
}
