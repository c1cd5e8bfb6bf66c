package dev.structsweep.report;

import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One configuration (every axis but the seed) at one ε, summarised over its seeds. Spreads are over the trials
 * that did not diverge, by Spark's percentile_disc: every quartile is a value some seed has.
 *
 * @param settings    the value of each of {@link Settings#CONFIGURATION}, in that order, as its column holds it
 *                    (layer sizes as int[])
 * @param edges       edges of the topology (biases excluded)
 * @param hiddenUnits hidden units of the topology
 * @param outcomes    trials by class
 * @param metric      the task's primary metric, measured on the pruned network's test set: "accuracy" for XOR,
 *                    "r2" for addition
 * @param corners     XOR: trials whose pruned network answers 0, 1, 2, 3 and 4 of the clean corners right; null
 *                    for a task without corners
 * @param structure   the known minimum, exact zeros and retraining, over the same trials
 */
public record ConfigurationSummary(List<Object> settings, double epsilon, int edges, int hiddenUnits,
    Outcomes outcomes, String metric, Spread metricSpread, Spread activeEdges, Spread sparsity,
    double deadUnitsMedian, long[] corners, Structure structure) {

  /** Without structure columns (results written before them, or a test's summary). */
  public ConfigurationSummary(List<Object> settings, double epsilon, int edges, int hiddenUnits, Outcomes outcomes,
      String metric, Spread metricSpread, Spread activeEdges, Spread sparsity, double deadUnitsMedian,
      long[] corners) {
    this(settings, epsilon, edges, hiddenUnits, outcomes, metric, metricSpread, activeEdges, sparsity,
        deadUnitsMedian, corners, Structure.NONE);
  }

  /**
   * What the structure columns say over a configuration's trials.
   *
   * @param minimumEdges the fewest edges known to solve the task on this network; 0 when not known
   * @param atMinimum    trials whose pruned network solves the task with exactly that many edges
   * @param exactZeros   trials (not diverged, ε pruning something) whose pruned edges are exactly the zero weights
   * @param kept         trials that did not diverge and in which ε prunes at least one edge
   * @param retrained    trials whose structure was retrained (0 without retraining)
   * @param fineTuned    of those, solved after fine-tuning from the trained weights
   * @param ticket       of those, solved after retraining from the initial weights
   * @param fineTunedMetric the fine-tuned networks' primary metric
   * @param ticketMetric the tickets' primary metric
   * @param distance     solved trials by their active edges' distance above the known minimum: 0, 1, …,
   *                     {@link #DISTANCES} − 2, and {@link #DISTANCES} − 1 or more; null when no minimum is known
   * @param reducedDistance the same after the reduction ({@code reduce-epochs}); null when nothing was reduced
   * @param totalEpochs  the median epochs that went into a trial's structure: training, and the reduction's
   *                     fine-tunings at this ε
   */
  public record Structure(int minimumEdges, long atMinimum, long exactZeros, long kept, long retrained,
      long fineTuned, long ticket, Spread fineTunedMetric, Spread ticketMetric, long[] distance,
      long[] reducedDistance, double totalEpochs) {
    public static final Structure NONE = new Structure(0, 0, 0, 0, 0, 0, 0, Spread.NONE, Spread.NONE);
    /** The distance histograms' bars: 0 to 5 edges above the minimum, and 6 or more. */
    public static final int DISTANCES = 7;

    /** Without the distances and epochs (a test's summary). */
    public Structure(int minimumEdges, long atMinimum, long exactZeros, long kept, long retrained, long fineTuned,
        long ticket, Spread fineTunedMetric, Spread ticketMetric) {
      this(minimumEdges, atMinimum, exactZeros, kept, retrained, fineTuned, ticket, fineTunedMetric, ticketMetric,
          null, null, Double.NaN);
    }

    /** Solved trials at the known minimum after the reduction; 0 when nothing was reduced. */
    public long reducedAtMinimum() {
      return reducedDistance == null ? 0 : reducedDistance[0];
    }
  }

  /** Trials by class; unclassified: rows written before the classes existed (neither solved nor diverged). */
  public record Outcomes(long trials, long solved, long stuck, long improving, long diverged, long unclassified) {
    public Statistics.Interval solvedRate() {
      return Statistics.wilson(solved, trials);
    }

    /**
     * The local-minimum rate: stuck (unsolved, loss flat at the end) over all trials; unknown (NaN) when some trials
     * are unclassified, since any of those may be stuck.
     */
    public Statistics.Interval stuckRate() {
      return unclassified > 0 ? Statistics.wilson(0, 0) : Statistics.wilson(stuck, trials);
    }

    /** Still improving over all trials; unknown (NaN) when some trials are unclassified. */
    public Statistics.Interval improvingRate() {
      return unclassified > 0 ? Statistics.wilson(0, 0) : Statistics.wilson(improving, trials);
    }

    public Statistics.Interval divergedRate() {
      return Statistics.wilson(diverged, trials);
    }
  }

  /** The smallest value, the quartiles and the largest; NaN throughout when there is none. */
  public record Spread(double min, double q1, double median, double q3, double max) {
    public static final Spread NONE = new Spread(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

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

  /**
   * The whole network, input to output: "[2,4,1]" (the hidden sizes when the task is unknown), after its wiring
   * unless layered: "dag [2,4,1]".
   */
  public String architecture() {
    String layers = Settings.HIDDEN.label(setting(Settings.HIDDEN),
        dev.structsweep.task.TaskKind.find(task()).orElse(null));
    String wiring = Settings.TOPOLOGY.label(setting(Settings.TOPOLOGY), null);
    return wiring.isEmpty() ? layers : wiring + " " + layers;
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

  public long trials() {
    return outcomes.trials();
  }

  public long solved() {
    return outcomes.solved();
  }

  public long stuck() {
    return outcomes.stuck();
  }

  public long diverged() {
    return outcomes.diverged();
  }

  public double metricMedian() {
    return metricSpread.median();
  }

  public double sparsityMedian() {
    return sparsity.median();
  }

  public double solvedShare() {
    return outcomes.trials() == 0 ? Double.NaN : (double) outcomes.solved() / outcomes.trials();
  }

  /** The configuration's settings, one line: "xor [2,4,1] relu adam subgradient λ=0.01 η=0.001 1000 epochs". */
  public String label() {
    return Settings.label(this::setting);
  }

  /** The settings and ε as one text, equal exactly when both are (see {@link #key(List, double)}). */
  public String key() {
    return key(settings, epsilon);
  }

  /** A configuration's settings (as their columns hold them) and ε as one text. */
  static String key(List<Object> settings, double epsilon) {
    return settings.stream().map(Settings::text).collect(Collectors.joining("|")) + "|" + epsilon;
  }

  /** Same configuration, any ε. */
  public boolean sameTraining(ConfigurationSummary other) {
    return Arrays.deepEquals(settings.toArray(), other.settings.toArray());
  }
}
