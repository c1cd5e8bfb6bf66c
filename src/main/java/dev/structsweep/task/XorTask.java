package dev.structsweep.task;

import dev.structsweep.net.Dataset;
import dev.structsweep.net.Loss;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/**
 * XOR of two inputs: the four corners of the unit square in equal shares (sample i is corner i mod 4),
 * each input plus Gaussian noise N(0, σ²); the label is the corner's XOR. Sigmoid output read from the
 * logit, binary cross-entropy, accuracy at probability 0.5; or, trained on squared error ({@link TaskLoss#MSE}),
 * a linear output read as 1 above 0.5.
 */
public final class XorTask implements Task {
  public static final String KEY = "xor";
  private static final double[][] CORNERS = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
  private static final double[] LABELS = {0, 1, 1, 0};

  private final double noise;
  private final boolean squaredError;

  public XorTask(double noise) {
    this(noise, false);
  }

  /** squaredError: train on mean squared error of the linear output, read as 1 above 0.5. */
  public XorTask(double noise, boolean squaredError) {
    this.squaredError = squaredError;
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new IllegalArgumentException("noise must be a finite number ≥ 0, found " + noise);
    }
    this.noise = noise;
  }

  public double noise() {
    return noise;
  }

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public int inputs() {
    return TaskKind.XOR.inputs();
  }

  @Override
  public int outputs() {
    return TaskKind.XOR.outputs();
  }

  @Override
  public Loss loss() {
    return squaredError ? Loss.MEAN_SQUARED_ERROR : Loss.BINARY_CROSS_ENTROPY;
  }

  @Override
  public Dataset generate(int samples, SplittableRandom random) {
    DMatrixRMaj inputs = new DMatrixRMaj(samples, 2);
    DMatrixRMaj targets = new DMatrixRMaj(samples, 1);
    for (int i = 0; i < samples; i++) {
      int corner = i % 4;
      inputs.set(i, 0, CORNERS[corner][0] + noise * random.nextGaussian());
      inputs.set(i, 1, CORNERS[corner][1] + noise * random.nextGaussian());
      targets.set(i, 0, LABELS[corner]);
    }
    return new Dataset(inputs, targets);
  }

  @Override
  public TaskMetrics metrics(DMatrixRMaj output, DMatrixRMaj targets) {
    double loss = loss().value(output, targets);
    int n = output.getNumElements();
    int right = 0;
    for (int i = 0; i < n; i++) {
      // sigmoid(z) > 0.5 exactly when z > 0; a squared-error output is read directly.
      boolean predicted = output.data[i] > (squaredError ? 0.5 : 0);
      boolean actual = targets.data[i] > 0.5;
      if (predicted == actual) {
        right++;
      }
    }
    double accuracy = Double.isNaN(loss) ? Double.NaN : (double) right / n;
    return new TaskMetrics(loss, accuracy, Double.NaN, Double.NaN, Double.NaN);
  }

  /** The four corners without noise, each once. */
  @Override
  public java.util.Optional<Dataset> corners() {
    DMatrixRMaj inputs = new DMatrixRMaj(CORNERS);
    DMatrixRMaj targets = new DMatrixRMaj(CORNERS.length, 1);
    for (int corner = 0; corner < CORNERS.length; corner++) {
      targets.set(corner, 0, LABELS[corner]);
    }
    return java.util.Optional.of(new Dataset(inputs, targets));
  }

  @Override
  public String primaryMetric() {
    return "accuracy";
  }

  @Override
  public double primary(TaskMetrics metrics) {
    return metrics.accuracy();
  }

  @Override
  public boolean solved(TaskMetrics pruned, SolvedThresholds thresholds) {
    return pruned.accuracy() >= thresholds.accuracy();
  }
}
