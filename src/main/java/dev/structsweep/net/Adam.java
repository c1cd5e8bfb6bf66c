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
      for (int i = 0; i < n; i++) {
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

  /** Steps taken so far. */
  public long steps() {
    return step;
  }
}
