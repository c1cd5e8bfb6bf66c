package dev.structsweep.cli;

import dev.structsweep.net.Activation;
import dev.structsweep.net.Precision;
import dev.structsweep.sweep.ChunkPlan;
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
public final class GridCommand implements Callable<Integer> {
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
   * A training in lanes ({@code sweep.lanes} above 1, the vector kernel that the scripts' Java options enable): a
   * cost per sample, epoch and (edge + node above the input), one more per sample, epoch and hidden unit of tanh or
   * of the sigmoid (their exponential and division), and one a training (data, evaluation at each ε), fitted on
   * {@code CostBench} over 96 configurations of {@code conf/landscape.conf} (BENCHMARKS.md, "Toward the machine's
   * limit").
   */
  static final double LANE_NANOS_PER_UNIT = 0.29;
  static final double LANE_NANOS_PER_TANH_UNIT = 1.60;
  static final double LANE_NANOS_PER_SIGMOID_UNIT = 1.67;
  static final double LANE_SECONDS_A_TRAINING = 0.00097;
  /**
   * local[2]'s training core-seconds over twice its wall time: a slice of {@code conf/landscape.conf} (seeds.count
   * = 8, 18,432 trainings; 258 core-seconds by the lane model) took 185 s (BENCHMARKS.md). Chunks of mixed
   * configurations end unevenly, and the driver shares the cores.
   */
  static final double LOCAL_UTILISATION = 0.74;
  private static final int SAMPLES_TO_ESTIMATE = 1000;

  /*
   * The scale model (BENCHMARKS.md, "Scale model"): wall ≈ S + W / (C × u) + N × d. W, the tasks' core-seconds, is
   * the estimate above plus a cost a training beyond its epochs and the write task's a chunk and a row. u, d and S
   * are those ScaleBench fitted on 2026-12-06 on the standalone cluster of two one-core workers (from a sweep of
   * short and one of long trainings; a third sweep, predicted with them, came within 17 %): there executors, driver,
   * master and workers share two cores, so u is low and d high against local mode (u 1.06, d 0.18 s, S 8.6 s on
   * local[1]), and the estimate errs on the long side. Assumed: the sweep has its cores to itself; the driver's time
   * a chunk adds chunk after chunk, whatever the chunks in flight; its time a task does not grow with the tasks.
   */
  /** The JVMs, the session, the executors' start, the audits before and after: once a run (fitted: 16.2 s). */
  static final double START_SECONDS = 16;
  /** A training's CPU beyond its epochs (data, evaluation at each ε, its rows): 1.4–1.6 ms measured. */
  static final double SECONDS_A_TRAINING = 0.0015;
  /** The chunk's write task (shuffle read, Parquet write, commit of its task): CPU a chunk and a row. */
  static final double WRITE_SECONDS_A_CHUNK = 0.039;
  static final double WRITE_SECONDS_A_ROW = 0.00022;
  /** W over the core-seconds the chunks took (fitted: 0.59). */
  static final double UTILISATION = 0.59;
  /** The driver's time a chunk beyond W / (C × u): its job's planning and scheduling, the commit, the manifest. */
  static final double DRIVER_SECONDS_A_CHUNK = 0.40;

  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SWEEP.conf", description = "the sweep file (HOCON)")
  private Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override a setting (repeatable)")
  private List<String> sets = new ArrayList<>();

  @Option(names = "--first", paramLabel = "N", defaultValue = "5", description = "trials to list (default: 5)")
  private int first;

  @Option(names = "--cores", paramLabel = "N", description = "also estimate the sweep on N cores (the scale model):"
      + " wall time, partitions a chunk, chunks in flight, files, trainings a partition and a lane group.")
  private String cores;

  @Override
  public Integer call() {
    Integer coreCount = cores == null ? null : cores(cores);
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
    out.printf(Locale.ROOT, "estimate: about %s on one core, %s on 2 cores in local mode (rough: from the"
        + " measured cost per sample, epoch, edge and unit; local[2] keeps its cores %.0f %% busy)%n",
        human(coreSeconds), human(coreSeconds / (2 * LOCAL_UTILISATION)), 100 * LOCAL_UTILISATION);
    if (coreCount != null) {
      ScaleEstimate scale = scaleEstimate(sweep, coreSeconds, coreCount);
      out.printf(Locale.ROOT, "on %,d %s (the scale model): about %s; %,d %s a chunk (%.0f trainings each), %d chunks"
              + " in flight, %,d Parquet %s (one a chunk), %.1f trainings a lane group; %s%n",
          coreCount, coreCount == 1 ? "core" : "cores", human(scale.wallSeconds()), scale.partitions(),
          scale.partitions() == 1 ? "partition" : "partitions", scale.trainingsPerPartition(), scale.inFlight(),
          scale.files(), scale.files() == 1 ? "file" : "files", scale.meanLaneGroup(),
          String.format(Locale.ROOT, "training %s, the driver %s (%.2f s a chunk), start %s",
              human(scale.computeSeconds()), human(scale.driverSeconds()), DRIVER_SECONDS_A_CHUNK,
              human(START_SECONDS)));
    }
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
    double seconds = 0;
    for (long i = 0; i < samples; i++) {
      TrialSpec trial = grid.trial(i * (grid.size() / samples));
      // float32 trains lane by lane in its own kernel: at the cost of a training alone.
      seconds += trial.get(dev.structsweep.task.Parameters.PRECISION) == Precision.FLOAT32 ? aloneSeconds(trial)
          : inLanes * laneSeconds(trial) + (1 - inLanes) * aloneSeconds(trial);
    }
    return seconds / samples * grid.size();
  }

  /**
   * The passes' units: samples × epochs (retraining's too: the pruned structure twice more per ε; the reduction's
   * fine-tunings, taken as one per edge of the topology at each ε, as XOR's [2,4,1] and [2,8,1] measure 14; the
   * rounds of iterative pruning, taken as those that would leave one edge).
   */
  private static double sampleEpochs(TrialSpec trial) {
    double rate = trial.get(dev.structsweep.task.Parameters.IMP_RATE);
    // Rounds of iterative pruning: until a share rate a round leaves one edge, plus the round that fails.
    double rounds = rate == 0 ? 0 : Math.ceil(Math.log(trial.topology().edgeCount()) / -Math.log(1 - rate)) + 1;
    return (double) trial.trainSize() * (trial.epochs() + trial.epsilons().length * (2.0 * trial.retrainEpochs()
        + (double) trial.topology().edgeCount() * trial.reduceEpochs()
        + rounds * (trial.epochs() - trial.get(dev.structsweep.task.Parameters.IMP_REWIND))));
  }

  /** Edges plus nodes above the input, and hidden units. */
  private static double units(TrialSpec trial) {
    return Arrays.stream(trial.topology().layerSizes()).sum() - trial.topology().inputs()
        + trial.topology().edgeCount();
  }

  private static int hiddenUnits(TrialSpec trial) {
    return Arrays.stream(trial.topology().layerSizes()).sum() - trial.topology().inputs() - trial.topology().outputs();
  }

  /** One training alone, on one core, in seconds: the single kernel's cost per unit. */
  static double aloneSeconds(TrialSpec trial) {
    double factor = trial.activation() == Activation.RELU ? 1 : SMOOTH_ACTIVATION_FACTOR;
    return sampleEpochs(trial) * units(trial) * NANOS_PER_UNIT_RELU * factor / 1e9;
  }

  /** One training in lanes, on one core, in seconds: the lane model above. */
  public static double laneSeconds(TrialSpec trial) {
    double smooth = switch (trial.activation()) {
      case TANH -> LANE_NANOS_PER_TANH_UNIT;
      case SIGMOID -> LANE_NANOS_PER_SIGMOID_UNIT;
      default -> 0;
    };
    return sampleEpochs(trial) * (units(trial) * LANE_NANOS_PER_UNIT + hiddenUnits(trial) * smooth) / 1e9
        + LANE_SECONDS_A_TRAINING;
  }

  /** --cores: a whole number ≥ 1. */
  private static int cores(String value) {
    try {
      int parsed = Integer.parseInt(value.strip());
      if (parsed >= 1) {
        return parsed;
      }
    } catch (NumberFormatException notAWholeNumber) {
      throw new IllegalArgumentException("--cores: must be a whole number ≥ 1, found '" + value + "'");
    }
    throw new IllegalArgumentException("--cores: must be a whole number ≥ 1, found " + value);
  }

  /** The scale model's estimate of a sweep on cores: the plan {@link ChunkPlan} makes there, and the wall time. */
  record ScaleEstimate(int cores, long chunks, int partitions, int inFlight, long files, double trainingsPerPartition,
      double meanLaneGroup, double computeSeconds, double driverSeconds, double wallSeconds) {}

  /**
   * wall ≈ start + work / (cores × utilisation) + chunks × the driver's time a chunk, where work = coreSeconds (the
   * trainings' epochs) + trainings × the cost a training beyond them + the write's cost a chunk and a row; the
   * assumptions are those of the constants above.
   */
  static ScaleEstimate scaleEstimate(SweepSpec sweep, double coreSeconds, int cores) {
    ChunkPlan plan = ChunkPlan.of(sweep);
    long chunks = sweep.chunks();
    int partitions = plan.partitions(0, sweep.chunkSize(), cores);
    int inFlight = plan.inFlight(sweep.chunkSize(), cores);
    long groups = 0;
    for (long chunk = 0; chunk < chunks; chunk++) {
      long start = chunk * sweep.chunkSize();
      groups += plan.groups(start, Math.min(sweep.size(), start + sweep.chunkSize()));
    }
    double work = work(sweep, coreSeconds);
    double compute = work / ((double) cores * UTILISATION);
    double driver = chunks * DRIVER_SECONDS_A_CHUNK;
    return new ScaleEstimate(cores, chunks, partitions, inFlight, chunks, (double) sweep.chunkSize() / partitions,
        (double) sweep.size() / groups, compute, driver, START_SECONDS + compute + driver);
  }

  /** The tasks' core-seconds: coreSeconds (the epochs) + the cost a training beyond them + the write's a chunk and a row. */
  static double work(SweepSpec sweep, double coreSeconds) {
    double rows = (double) sweep.size() * sweep.grid().epsilons().length;
    return coreSeconds + sweep.size() * SECONDS_A_TRAINING + sweep.chunks() * WRITE_SECONDS_A_CHUNK
        + rows * WRITE_SECONDS_A_ROW;
  }

  /** The scale model's work of a sweep in core-seconds, as {@code grid --cores} takes it (for ScaleBench's fit). */
  public static double workCoreSeconds(SweepSpec sweep) {
    return work(sweep, estimateCoreSeconds(sweep.grid(), sweep.lanes()));
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
