package dev.structsweep.cli;

import dev.structsweep.net.Activation;
import dev.structsweep.sweep.Grid;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.sweep.SweepSpec;
import dev.structsweep.task.TrialSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code structsweep grid}: a dry run. Validates the sweep and describes its grid; trains nothing. */
@Command(name = "grid", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Validates a sweep file and prints its grid: size, axes, the first trials, a time estimate.")
final class GridCommand implements Callable<Integer> {
  /**
   * Single-core cost per (sample × epoch × (edges + nodes above the input)), ReLU, from BENCHMARKS.md:
   * XOR [2,4,1] 6.8 ms for 200 × 1000 × 17, addition [2,8,1] 15.9 ms for 200 × 2000 × 33.
   */
  private static final double NANOS_PER_UNIT_RELU = 1.6;
  /**
   * A tanh or sigmoid trial against a ReLU one on XOR [2,8,1]: tanh 2.1–2.5× since {@code Numerics.tanh} (4.7× with
   * {@link Math#tanh}), sigmoid 2.3× (BENCHMARKS.md).
   */
  private static final double SMOOTH_ACTIVATION_FACTOR = 2.3;
  /**
   * A training in lanes against one alone ({@code sweep.lanes} above 1, the vector kernel that the scripts' Java
   * options enable, for every topology): ReLU 2.0× (the paper's XOR sweep on local[1], median of
   * three rounds), tanh and sigmoid 3.4× (from a mixed grid's 2.81×; BENCHMARKS.md, "The lane trainer").
   */
  private static final double LANE_SPEEDUP_RELU = 2.0;
  private static final double LANE_SPEEDUP_SMOOTH = 3.4;
  private static final int SAMPLES_TO_ESTIMATE = 1000;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SWEEP.conf", description = "the sweep file (HOCON)")
  private Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a setting (repeatable)")
  private List<String> sets = new ArrayList<>();

  @Option(names = "--first", paramLabel = "N", defaultValue = "5", description = "trials to list (default: 5)")
  private int first;

  @Override
  public Integer call() {
    SweepSpec sweep = SweepCommand.load(file, sets, null);
    Grid grid = sweep.grid();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "sweep %s (spec hash %s): %,d trainings × %d ε = %,d rows, %,d chunks of %,d%n",
        sweep.name(), sweep.specHash(), grid.size(), grid.epsilons().length,
        grid.size() * grid.epsilons().length, sweep.chunks(), sweep.chunkSize());
    List<String> varied = new ArrayList<>();
    for (Setting<?> axis : Settings.AXES) {
      if (grid.values(axis).size() > 1) {
        varied.add(axis.key() + " " + grid.values(axis).size());
      }
    }
    out.println("axes: " + (varied.isEmpty() ? "one value each" : String.join(" × ", varied)
        + (varied.size() < Settings.AXES.size() ? " (the other axes one value each)" : "")));
    out.println("epsilon: " + Arrays.toString(grid.epsilons()));
    out.println("results: " + sweep.resultsLocation());
    for (long id = 0; id < Math.min(first, grid.size()); id++) {
      out.println("  " + id + ": " + Settings.describe(grid.trial(id)));
    }
    double coreSeconds = estimateCoreSeconds(grid, sweep.lanes());
    out.printf(Locale.ROOT, "estimate: about %s on one core, %s on 2 cores (rough: from the measured cost"
        + " per sample, epoch and edge)%n", human(coreSeconds), human(coreSeconds / 2));
    out.flush();
    return 0;
  }

  /**
   * Mean cost of evenly spaced trials, scaled to the grid, with lanes (at most {@code lanes} seeds together) where
   * a sweep trains them so; constant time whatever the grid's size.
   */
  static double estimateCoreSeconds(Grid grid, int lanes) {
    long samples = Math.min(SAMPLES_TO_ESTIMATE, grid.size());
    // Of each configuration's seeds, those in whole vectors of 8 (AVX-512's) train in lanes, the rest alone.
    long seeds = grid.values(Settings.SEED).size();
    double inLanes = lanes > 1 ? (double) (seeds / 8 * 8) / seeds : 0;
    double nanos = 0;
    for (long i = 0; i < samples; i++) {
      TrialSpec trial = grid.trial(i * (grid.size() / samples));
      double nodes = Arrays.stream(trial.topology().layerSizes()).asDoubleStream().sum() - trial.topology().inputs();
      // Retraining trains the pruned structure twice more per ε.
      double epochs = trial.epochs() + 2.0 * trial.epsilons().length * trial.retrainEpochs();
      double units = (double) trial.trainSize() * epochs * ((double) trial.topology().edgeCount() + nodes);
      boolean relu = trial.activation() == Activation.RELU;
      double factor = relu ? 1 : SMOOTH_ACTIVATION_FACTOR;
      factor *= 1 - inLanes + inLanes / (relu ? LANE_SPEEDUP_RELU : LANE_SPEEDUP_SMOOTH);
      nanos += units * NANOS_PER_UNIT_RELU * factor;
    }
    return nanos / samples * grid.size() / 1e9;
  }

  static String human(double seconds) {
    if (seconds < 120) {
      // "about 1 s" for less: "about 0 s" would read as no work.
      return String.format(Locale.ROOT, "%.0f s", Math.max(1, seconds));
    }
    if (seconds < 2 * 3600) {
      return String.format(Locale.ROOT, "%.0f min", seconds / 60);
    }
    if (seconds < 2 * 86400) {
      return String.format(Locale.ROOT, "%.1f h", seconds / 3600);
    }
    return String.format(Locale.ROOT, "%.1f days", seconds / 86400);
  }
}
