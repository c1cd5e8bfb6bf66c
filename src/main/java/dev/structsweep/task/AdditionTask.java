package dev.structsweep.task;

import dev.structsweep.net.Dataset;
import dev.structsweep.net.Loss;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/** f(a, b) = a + b for a, b ~ U[0, 1]. Linear output, mean squared error; MSE, MAE and R² reported. */
public final class AdditionTask implements Task {
  public static final String KEY = "addition";

  @Override
  public String key() {
    return KEY;
  }

  @Override
  public int inputs() {
    return TaskKind.ADDITION.inputs();
  }

  @Override
  public int outputs() {
    return TaskKind.ADDITION.outputs();
  }

  @Override
  public Loss loss() {
    return Loss.MEAN_SQUARED_ERROR;
  }

  @Override
  public Dataset generate(int samples, SplittableRandom random) {
    DMatrixRMaj inputs = new DMatrixRMaj(samples, 2);
    DMatrixRMaj targets = new DMatrixRMaj(samples, 1);
    for (int i = 0; i < samples; i++) {
      double a = random.nextDouble();
      double b = random.nextDouble();
      inputs.set(i, 0, a);
      inputs.set(i, 1, b);
      targets.set(i, 0, a + b);
    }
    return new Dataset(inputs, targets);
  }

  @Override
  public TaskMetrics metrics(DMatrixRMaj output, DMatrixRMaj targets) {
    double mse = loss().value(output, targets);
    int n = output.getNumElements();
    double mean = 0;
    for (int i = 0; i < n; i++) {
      mean += targets.data[i];
    }
    mean /= n;
    double absolute = 0;
    double total = 0;
    for (int i = 0; i < n; i++) {
      absolute += Math.abs(output.data[i] - targets.data[i]);
      double centred = targets.data[i] - mean;
      total += centred * centred;
    }
    double r2 = 1.0 - mse * n / total;
    return new TaskMetrics(mse, Double.NaN, mse, absolute / n, r2);
  }

  @Override
  public String primaryMetric() {
    return "r2";
  }

  @Override
  public double primary(TaskMetrics metrics) {
    return metrics.r2();
  }

  @Override
  public boolean solved(TaskMetrics pruned, SolvedThresholds thresholds) {
    return pruned.r2() >= thresholds.r2();
  }
}
