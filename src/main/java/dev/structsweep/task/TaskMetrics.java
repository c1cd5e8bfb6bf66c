package dev.structsweep.task;

/**
 * A network's quality on one data set. Metrics a task does not define are NaN: accuracy for addition;
 * MSE, MAE and R² for XOR.
 *
 * @param loss     the task loss (binary cross-entropy or MSE), without the L1 term
 * @param accuracy share of samples classified right at probability 0.5
 * @param mse      mean squared error
 * @param mae      mean absolute error
 * @param r2       coefficient of determination, 1 − SS_res / SS_tot
 */
public record TaskMetrics(double loss, double accuracy, double mse, double mae, double r2) {}
