package dev.structsweep.report;

/**
 * One configuration (every axis but the seed) at one ε, summarised over its seeds. Quartiles are over the
 * trials that did not diverge, by linear interpolation between order statistics (Spark's exact percentile).
 *
 * @param metric          "accuracy" (XOR) or "r2" (addition): the pruned network's test metric
 * @param localMinimum    unsolved / not diverged, with its 95 % Wilson interval
 */
public record ConfigurationSummary(String task, String hidden, String activation, boolean bias, String optimizer,
    String l1, double lambda, double learningRate, int epochs, int batchSize, double epsilon, int edges,
    long trials, long solved, long diverged, Statistics.Interval localMinimum, String metric,
    double[] metricQuartiles, double[] activeEdgeQuartiles, double[] sparsityQuartiles, double deadUnitsMedian) {

  public double metricMedian() {
    return metricQuartiles[1];
  }

  public double sparsityMedian() {
    return sparsityQuartiles[1];
  }

  /** The configuration's settings, one line: "xor [4] relu adam subgradient λ=0.01 η=0.001 1000 epochs". */
  public String label() {
    return task + " " + hidden + " " + activation + (bias ? "" : " no-bias") + " " + optimizer + " " + l1
        + " λ=" + Format.number(lambda) + " η=" + Format.number(learningRate) + " " + epochs + " epochs"
        + (batchSize == 0 ? "" : " batch " + batchSize);
  }

  /** Same configuration, any ε. */
  public boolean sameTraining(ConfigurationSummary other) {
    return label().equals(other.label());
  }
}
