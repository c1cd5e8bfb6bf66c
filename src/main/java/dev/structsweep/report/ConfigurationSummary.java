package dev.structsweep.report;

import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import java.util.Arrays;
import java.util.List;

/**
 * One configuration (every axis but the seed) at one ε, summarised over its seeds. Quartiles are over the
 * trials that did not diverge, by linear interpolation between order statistics (Spark's exact percentile).
 *
 * @param settings        the value of each of {@link Settings#CONFIGURATION}, in that order, as its column holds it
 *                        (layer sizes as int[])
 * @param metric          the task's primary metric, measured on the pruned network's test set: "accuracy" for XOR,
 *                        "r2" for addition
 * @param localMinimum    unsolved / not diverged, with its 95 % Wilson interval
 */
public record ConfigurationSummary(List<Object> settings, double epsilon, int edges,
    long trials, long solved, long diverged, Statistics.Interval localMinimum, String metric,
    double[] metricQuartiles, double[] activeEdgeQuartiles, double[] sparsityQuartiles, double deadUnitsMedian) {

  /** The value of setting (one of {@link Settings#CONFIGURATION}) as its column holds it. */
  public Object setting(Setting<?> setting) {
    int index = Settings.CONFIGURATION.indexOf(setting);
    if (index < 0) {
      throw new IllegalArgumentException(setting + " is not a configuration's setting");
    }
    return settings.get(index);
  }

  public String task() {
    return (String) setting(Settings.TASK);
  }

  /** The hidden layer sizes, "[4]". */
  public String hidden() {
    return Settings.text(setting(Settings.HIDDEN));
  }

  public String l1() {
    return (String) setting(Settings.L1);
  }

  public double lambda() {
    return (Double) setting(Settings.LAMBDA);
  }

  public double learningRate() {
    return (Double) setting(Settings.LEARNING_RATE);
  }

  public double metricMedian() {
    return metricQuartiles[1];
  }

  public double sparsityMedian() {
    return sparsityQuartiles[1];
  }

  /** The configuration's settings, one line: "xor [2,4,1] relu adam subgradient λ=0.01 η=0.001 1000 epochs". */
  public String label() {
    return Settings.label(this::setting);
  }

  /** Same configuration, any ε. */
  public boolean sameTraining(ConfigurationSummary other) {
    return Arrays.deepEquals(settings.toArray(), other.settings.toArray());
  }
}
