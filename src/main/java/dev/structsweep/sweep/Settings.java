package dev.structsweep.sweep;

import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.Network;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.net.Precision;
import dev.structsweep.net.Wiring;
import dev.structsweep.task.Parameters;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TaskLoss;
import dev.structsweep.task.TrialSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The table of training settings: every setting a trial depends on, once. The sweep file's reading and checks,
 * the grid's decoding (the axes in this order, the last varying fastest), the trial key and spec hash, the
 * results' setting columns (in this order), a dump's config, {@code train}'s options, {@code grid}'s listing and
 * the report's grouping and labels all come from {@link #ALL}. Each entry is the sweep file's side of a
 * {@link dev.structsweep.task.Parameter} of {@link Parameters}, which holds its name, type and check: a new setting is
 * its parameter and its entry here, its default in reference.conf, the code that uses its value, and a test. It needs
 * a column and a neutral value (at which it trains as before it existed), so that keys and hashes of earlier results
 * stay valid ({@link Identity} refuses to start otherwise). A neutral value is not a default (reference.conf holds
 * those): it is what every result before the setting was trained at, and stays so whatever the default becomes.
 */
public final class Settings {
  private Settings() {}

  public static final Setting<TaskKind> TASK = Setting.<TaskKind>axis("task", "task", Parameters.TASK)
      .column("task")
      .option("TASK", "The task to learn: " + String.join(" or ", TaskKind.keys()) + ".", "--task")
      .read((reader, value, key, check) -> reader.parse(value, key, TaskKind::parse))
      .cell(TaskKind::key).identity(TaskKind::key).label(String::valueOf)
      .done();

  public static final Setting<int[]> HIDDEN = Setting.<int[]>axis("hidden", "hidden", Parameters.HIDDEN)
      .column("hidden")
      .option("SIZES", "The hidden layer sizes, comma-separated: 4 is the network [2,4,1] and 8,8 is [2,8,8,1].",
          "--hidden")
      .optionSyntax("[%s]")
      .readAll((reader, key, check) -> Values.of(reader.topologies(key, check)))
      .identity(Arrays::toString)
      .label((sizes, task) -> layers((int[]) sizes, task))
      .heading("hidden layers")
      .done();

  public static final Setting<Wiring> TOPOLOGY = Setting.<Wiring>axis("topology", "topology", Parameters.TOPOLOGY)
      .column("topology")
      .option("WIRING", "Which edges join the layers: layered (each layer feeds the next, the paper's), dag (every"
          + " forward edge, inputs to output included) or repository (the cited code's model: one hidden layer wired"
          + " as dag plus hidden-to-hidden edges that carry no signal, initial weights N(0, 0.1²)).", "--topology")
      .read((reader, value, key, check) -> reader.parse(value, key, Wiring::parse))
      .cell(Wiring::key).identity(Wiring::key)
      .label(wiring -> "layered".equals(wiring) ? "" : String.valueOf(wiring))
      .neutral(Wiring.LAYERED)
      .done();

  public static final Setting<TaskLoss> LOSS = Setting.<TaskLoss>axis("taskLoss", "loss", Parameters.LOSS)
      .column("loss")
      .option("LOSS", "The loss trained on: task (XOR's sigmoid cross-entropy, addition's squared error) or mse"
          + " (squared error of the linear output for both, XOR read as 1 above 0.5, as the cited code trains it).",
          "--loss")
      .read((reader, value, key, check) -> reader.parse(value, key, TaskLoss::parse))
      .cell(TaskLoss::key).identity(TaskLoss::key)
      .label(loss -> "task".equals(loss) ? "" : loss + " loss")
      .neutral(TaskLoss.TASK)
      .done();

  public static final Setting<Activation> ACTIVATION = Setting.<Activation>axis("activation", "activation",
      Parameters.ACTIVATION)
      .column("activation")
      .option("NAME", "The hidden layers' activation: " + keys(Activation.values()) + ".", "--activation")
      .read((reader, value, key, check) -> reader.parse(value, key, Activation::parse))
      .cell(Activation::key).identity(Activation::key).label(String::valueOf)
      .done();

  public static final Setting<Boolean> BIAS = Setting.<Boolean>axis("bias", "bias", Parameters.BIAS)
      .column("bias")
      .option(null, "Whether nodes have biases, which are never penalised and never counted as edges (--no-bias"
          + " for none).", "--bias")
      .read((reader, value, key, check) -> reader.bool(value, key))
      .label(bias -> (Boolean) bias ? "" : "no-bias")
      .done();

  public static final Setting<Double> INIT_SCALE = Setting.<Double>axis("initScale", "init-scale",
      Parameters.INIT_SCALE)
      .column("init_scale")
      .option("S", "A factor on the initial weights' bound 1/√fan_in, where 1 is PyTorch's default.",
          "--init-scale")
      .read((reader, value, key, check) -> reader.number(key, value, check))
      .label(scale -> (Double) scale == 1.0 ? "" : "init×" + number((Double) scale))
      .neutral(1.0)
      .heading("init scale")
      .done();

  public static final Setting<Network.Distribution> INIT_DISTRIBUTION = Setting.<Network.Distribution>axis(
      "initDistribution", "init-distribution", Parameters.INIT_DISTRIBUTION)
      .column("init_distribution")
      .option("NAME", "How the initial weights and biases are drawn at the bound b = init-scale/√fan_in: uniform,"
          + " on [−b, b] as PyTorch draws them, or normal, centred at 0 with the same variance b²/3; the repository"
          + " topology draws its own.", "--init-distribution")
      .read((reader, value, key, check) -> reader.parse(value, key, Network.Distribution::parse))
      .cell(Network.Distribution::key).identity(Network.Distribution::key)
      .label(distribution -> "uniform".equals(distribution) ? "" : distribution + " init")
      .heading("init distribution")
      .neutral(Network.Distribution.UNIFORM)
      .done();

  public static final Setting<OptimizerKind> OPTIMIZER = Setting.<OptimizerKind>axis("optimizer", "optimizer",
      Parameters.OPTIMIZER)
      .column("optimizer")
      .option("NAME", "The optimiser: " + keys(OptimizerKind.values()) + ".", "--optimizer")
      .read((reader, value, key, check) -> reader.parse(value, key, OptimizerKind::parse))
      .cell(OptimizerKind::key).identity(OptimizerKind::key).label(String::valueOf)
      .done();

  public static final Setting<L1Rule> L1 = Setting.<L1Rule>axis("l1", "l1", Parameters.L1)
      .column("l1")
      .option("RULE", "How λ enters the update: subgradient (the paper's rule), proximal (every weight"
          + " thresholded by ηλ), adaptive-proximal (by λ times the optimiser's own step on each weight) or"
          + " round-binary (the cited code's: no L1 term, and every weight rounded to 1 if |w| ≥ round-binary.threshold"
          + " and to 0 otherwise after every round-binary.every steps; needs bias = false) or group (each hidden"
          + " unit's edges, in and out, block soft-thresholded as one, so units leave whole).", "--l1")
      .read((reader, value, key, check) -> reader.parse(value, key, L1Rule::parse))
      .cell(L1Rule::key).identity(L1Rule::key).label(String::valueOf)
      .heading("L1 rule")
      .done();

  public static final Setting<Double> LAMBDA = Setting.<Double>axis("lambda", "lambda", Parameters.LAMBDA)
      .column("lambda")
      .option("λ", "The L1 strength λ ≥ 0.", "--lambda")
      .read((reader, value, key, check) -> reader.number(key, value, check))
      .label(lambda -> "λ=" + number((Double) lambda))
      .heading("λ")
      .done();

  public static final Setting<Integer> LAMBDA_WARMUP = Setting.<Integer>axis("lambdaWarmup", "lambda-warmup",
      Parameters.LAMBDA_WARMUP)
      .column("lambda_warmup")
      .option("N", "Epochs at λ = 0 before the L1 penalty starts, where 0 penalises from the first epoch.",
          "--lambda-warmup")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .label(epochs -> (Integer) epochs == 0 ? "" : "warm-up " + epochs)
      .heading("λ warm-up")
      .neutral(0)
      .done();

  public static final Setting<Integer> LAMBDA_RAMP = Setting.<Integer>axis("lambdaRamp", "lambda-ramp",
      Parameters.LAMBDA_RAMP)
      .column("lambda_ramp")
      .option("N", "Epochs after the warm-up over which λ grows linearly from 0 to its value, where 0 starts it"
          + " whole.", "--lambda-ramp")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .label(epochs -> (Integer) epochs == 0 ? "" : "ramp " + epochs)
      .heading("λ ramp")
      .neutral(0)
      .done();

  public static final Setting<Integer> REWEIGHT_EVERY = Setting.<Integer>axis("reweightEvery", "reweight.every",
      Parameters.REWEIGHT_EVERY)
      .column("reweight_every")
      .option("N", "Reweighted L1: every N epochs each edge's penalty becomes λ / (|w| + δ); 0 keeps plain L1.",
          "--reweight-every")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .label(every -> (Integer) every == 0 ? "" : "reweighted every " + every)
      .heading("reweighting")
      .neutral(0)
      .done();

  public static final Setting<Double> REWEIGHT_DELTA = Setting.<Double>axis("reweightDelta", "reweight.delta",
      Parameters.REWEIGHT_DELTA)
      .column("reweight_delta")
      .option("δ", "Under reweight.every > 0, the δ > 0 of each edge's penalty λ / (|w| + δ).", "--reweight-delta")
      .read((reader, value, key, check) -> reader.number(key, value, check))
      .label(delta -> (Double) delta == 0.1 ? "" : "δ " + delta)
      .heading("reweighting δ")
      .neutral(0.1)
      .done();

  public static final Setting<Double> LEARNING_RATE = Setting.<Double>axis("learningRate", "learning-rate",
      Parameters.LEARNING_RATE)
      .column("learning_rate")
      .option("η", "The learning rate η > 0.", "--learning-rate", "--lr")
      .read((reader, value, key, check) -> reader.number(key, value, check))
      .label(rate -> "η=" + number((Double) rate))
      .heading("η")
      .done();

  public static final Setting<Integer> EPOCHS = Setting.<Integer>axis("epochs", "epochs", Parameters.EPOCHS)
      .column("epochs")
      .option("N", "Passes over the training set, at least 1.", "--epochs")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .label(epochs -> epochs + " epochs")
      .done();

  public static final Setting<Integer> BATCH_SIZE = Setting.<Integer>axis("batchSize", "batch-size",
      Parameters.BATCH_SIZE)
      .column("batch_size")
      .option("N", "Samples per step, where 0 is the full batch.", "--batch-size")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .label(size -> (Integer) size == 0 ? "" : "batch " + size)
      .heading("batch size")
      .done();

  public static final Setting<Precision> PRECISION = Setting.<Precision>axis("precision", "precision",
      Parameters.PRECISION)
      .column("precision")
      .option("NAME", "The floating-point format of training: float64, or float32, PyTorch's default tensor type"
          + " (layered networks only).", "--precision")
      .read((reader, value, key, check) -> reader.parse(value, key, Precision::parse))
      .cell(Precision::key).identity(Precision::key)
      .label(precision -> "float64".equals(precision) ? "" : (String) precision)
      .heading("precision")
      .neutral(Precision.FLOAT64)
      .done();

  public static final Setting<Long> SEED = Setting.<Long>axis("seed", "seeds", Parameters.SEED)
      .column("seed")
      .option("N", "The trial's seed, the root of its every random stream.", "--seed")
      .optionSyntax("[%s]")
      .readAll((reader, key, check) -> reader.seeds())
      .label(seed -> "seed " + seed)
      .done();

  public static final Setting<Integer> TRAIN_SIZE = Setting.<Integer>perTask("trainSize", "train-size",
      Parameters.TRAIN_SIZE)
      .column("train_size")
      .option("N", "Training samples, at least 1.", "--train-size")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .done();

  public static final Setting<Integer> TEST_SIZE = Setting.<Integer>perTask("testSize", "test-size",
      Parameters.TEST_SIZE)
      .column("test_size")
      .option("N", "Test samples, at least 1.", "--test-size")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .done();

  public static final Setting<Double> NOISE = Setting.<Double>one("noise", "data.xor.noise", Parameters.NOISE)
      .column("noise")
      .option("σ", "The standard deviation of the noise on XOR's inputs.", "--noise")
      .read((reader, value, key, check) -> reader.number(key, value, check))
      .done();

  public static final Setting<double[]> EPSILON = Setting.<double[]>one("epsilon", "epsilon", Parameters.EPSILON)
      .option("ε[,ε…]", "The pruning thresholds ε > 0, comma-separated: each evaluates the same training.",
          "--epsilon")
      .optionSyntax("[%s]")
      .readAll((reader, key, check) -> Values.of(List.of(reader.numbers(key, Parameters.POSITIVE))))
      .identity(Arrays::toString)
      .done();

  public static final Setting<Integer> HISTORY_EVERY = Setting.<Integer>one("historyEvery", "history-every",
      Parameters.HISTORY_EVERY)
      .option("N", "Sample the training curve every N epochs, where 0 records none.", "--history-every")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .done();

  public static final Setting<Double> SOLVED_ACCURACY = Setting.<Double>one("solved.accuracy", "solved.accuracy",
      Parameters.SOLVED_ACCURACY)
      .option("A", "XOR counts as solved when the pruned network's test accuracy is at least A.",
          "--solved-accuracy")
      .read((reader, value, key, check) -> reader.number(key, value, check))
      .done();

  public static final Setting<Double> SOLVED_R2 = Setting.<Double>one("solved.r2", "solved.r2", Parameters.SOLVED_R2)
      .option("R2", "Addition counts as solved when the pruned network's test R² is at least R2.", "--solved-r2")
      .read((reader, value, key, check) -> reader.number(key, value, check))
      .done();

  public static final Setting<Double> STUCK_TOLERANCE = Setting.<Double>one("stuck.tolerance", "stuck.tolerance",
      Parameters.STUCK_TOLERANCE)
      .column("stuck_tolerance")
      .option("T", "An unsolved training is stuck when its loss fell by at most the share T over the last tenth of"
          + " its epochs, and still improving otherwise.", "--stuck-tolerance")
      .read((reader, value, key, check) -> reader.number(key, value, check))
      .neutral(0.01)
      .done();

  public static final Setting<Double> ROUND_THRESHOLD = Setting.<Double>one("roundThreshold", "round-binary.threshold",
      Parameters.ROUND_THRESHOLD)
      .column("round_threshold")
      .option("T", "Under l1 = round-binary, a weight with |w| ≥ T becomes 1 and any other 0.", "--round-threshold")
      .read((reader, value, key, check) -> reader.number(key, value, check))
      .neutral(0.5)
      .done();

  public static final Setting<Integer> ROUND_EVERY = Setting.<Integer>axis("roundEvery", "round-binary.every",
      Parameters.ROUND_EVERY)
      .column("round_every")
      .option("N", "Under l1 = round-binary, the weights are rounded after every N optimiser steps.", "--round-every")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .label(every -> (Integer) every == 10 ? "" : "rounded every " + every)
      .heading("rounding period")
      .neutral(10)
      .done();

  public static final Setting<Integer> RETRAIN_EPOCHS = Setting.<Integer>one("retrainEpochs", "retrain-epochs",
      Parameters.RETRAIN_EPOCHS)
      .column("retrain_epochs")
      .option("N", "After training, retrain the structure pruned at each ε for N epochs without L1, twice: from the"
          + " trained weights (fine-tuned) and from the initial weights (the lottery ticket); 0 retrains nothing.",
          "--retrain-epochs")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .neutral(0)
      .done();

  public static final Setting<Integer> REDUCE_EPOCHS = Setting.<Integer>one("reduceEpochs", "reduce-epochs",
      Parameters.REDUCE_EPOCHS)
      .column("reduce_epochs")
      .option("N", "After training, reduce the structure pruned at each ε that solves the task: remove its smallest"
          + " edge, fine-tune N epochs without L1 and keep the removal while it still solves, else try the next"
          + " smallest, until no single removal does; 0 reduces nothing.", "--reduce-epochs")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .neutral(0)
      .done();

  public static final Setting<Double> IMP_RATE = Setting.<Double>one("impRate", "imp.rate", Parameters.IMP_RATE)
      .column("imp_rate")
      .option("R", "Iterative magnitude pruning with rewinding, after training, from the structure pruned at each ε"
          + " that solves: each round removes the smallest share R of the surviving edges, rewinds the rest to epoch"
          + " imp.rewind and retrains without L1, while it still solves; 0 prunes nothing so.", "--imp-rate")
      .read((reader, value, key, check) -> reader.number(key, value, check))
      .neutral(0.0)
      .done();

  public static final Setting<Integer> IMP_REWIND = Setting.<Integer>one("impRewind", "imp.rewind",
      Parameters.IMP_REWIND)
      .column("imp_rewind")
      .option("N", "Under imp.rate > 0, the epoch of the training whose weights each round rewinds to (0: the initial"
          + " weights); each round then trains epochs − N epochs.", "--imp-rewind")
      .read((reader, value, key, check) -> reader.integer(key, value, check))
      .neutral(0)
      .done();

  /** Every training setting: the axes first, slowest to fastest, then the rest. */
  public static final List<Setting<?>> ALL = List.of(TASK, HIDDEN, TOPOLOGY, ACTIVATION, BIAS, INIT_SCALE,
      INIT_DISTRIBUTION, LOSS, OPTIMIZER, L1, ROUND_EVERY, LAMBDA, LAMBDA_WARMUP, LAMBDA_RAMP, REWEIGHT_EVERY,
      REWEIGHT_DELTA, LEARNING_RATE, EPOCHS, BATCH_SIZE, PRECISION, SEED, TRAIN_SIZE, TEST_SIZE, NOISE, EPSILON, HISTORY_EVERY, SOLVED_ACCURACY, SOLVED_R2,
      STUCK_TOLERANCE, ROUND_THRESHOLD, RETRAIN_EPOCHS, REDUCE_EPOCHS, IMP_RATE, IMP_REWIND);

  /** The axes, slowest to fastest: the seeds vary fastest, so a chunk holds whole configurations' seeds. */
  public static final List<Setting<?>> AXES = ALL.stream().filter(Setting::isAxis).toList();

  /** The settings with a column in the results, in the columns' order. */
  public static final List<Setting<?>> COLUMNS = ALL.stream().filter(s -> s.column() != null).toList();

  /** The axes but the seed: what one configuration is, over its seeds. */
  public static final List<Setting<?>> CONFIGURATION = AXES.stream().filter(s -> s != SEED).toList();

  /** The axes that the checks of a trial relate to one another: checked in every combination before a sweep. */
  public static final List<Setting<?>> COMBINED = List.of(TASK, HIDDEN, TOPOLOGY, BIAS, INIT_DISTRIBUTION, L1,
      PRECISION);

  /** The keys that take one value or a list in a sweep file. */
  static java.util.Set<String> listKeys() {
    java.util.Set<String> keys = new java.util.HashSet<>();
    AXES.forEach(s -> keys.add(s.key()));
    keys.add(EPSILON.key());
    return keys;
  }

  /**
   * A trial in a line, as a person writes it: "xor [2,4,1] relu adam subgradient λ=0 η=0.0003 2000 epochs, seed
   * 0". Settings at their usual value (biases on, full batch, init-scale 1) are left out.
   */
  public static String describe(TrialSpec spec) {
    return label(setting -> setting.cell(spec)) + ", " + SEED.label(spec.seed(), spec.task());
  }

  /**
   * One configuration (the axes but the seed) in a line, each setting's value given by cellOf as its column holds
   * it (layer sizes as int[]).
   */
  public static String label(Function<Setting<?>, Object> cellOf) {
    TaskKind task = TaskKind.find(String.valueOf(cellOf.apply(TASK))).orElse(null);
    return CONFIGURATION.stream().filter(Setting::hasLabel)
        .map(setting -> setting.label(cellOf.apply(setting), task))
        .filter(text -> !text.isEmpty()).collect(Collectors.joining(" "));
  }

  /** A column's value as a table cell shows it: layer sizes as "[8,8]", anything else as itself. */
  public static String text(Object cell) {
    return cell instanceof int[] sizes ? layers(sizes, null) : String.valueOf(cell);
  }

  /** A number as a person writes it: 0.001, not 1.0E-3; 0, not 0.0. */
  public static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** The layers, input to output, when the task is known ("[2,4,1]"); else the hidden sizes ("[4]"). */
  private static String layers(int[] hidden, TaskKind task) {
    List<Integer> sizes = new ArrayList<>();
    if (task != null) {
      sizes.add(task.inputs());
    }
    Arrays.stream(hidden).forEach(sizes::add);
    if (task != null) {
      sizes.add(task.outputs());
    }
    return sizes.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  private static String keys(dev.structsweep.net.Named[] choices) {
    List<String> keys = Arrays.stream(choices).map(dev.structsweep.net.Named::key).toList();
    return String.join(", ", keys.subList(0, keys.size() - 1)) + " or " + keys.get(keys.size() - 1);
  }
}
