package dev.structsweep.task;

import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.Named;
import dev.structsweep.net.Network;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.net.Precision;
import dev.structsweep.net.Wiring;
import dev.structsweep.task.Parameter.Check;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every setting a {@link TrialSpec} holds, with its one check and the combinations with other settings it refuses:
 * a value is refused here or nowhere. The sweep file's
 * reading ({@code sweep.Settings}) applies the same checks and shows their words; defaults are in reference.conf
 * alone.
 */
public final class Parameters {
  private Parameters() {}

  /** The largest hidden layer a sweep file may name. */
  public static final int MAX_LAYER_SIZE = 1_000_000;

  public static final Check<Double> POSITIVE = Check.atLeast(0, true, "a number > 0");
  public static final Check<Double> NON_NEGATIVE = Check.atLeast(0, false, "a number ≥ 0");
  public static final Check<Integer> AT_LEAST_ONE = Check.wholeAtLeast(1, "a whole number ≥ 1");
  /** Layer sizes: one or more, each from 1 to {@link #MAX_LAYER_SIZE}. */
  public static final Check<int[]> LAYER_SIZES = new Check<>(sizes -> sizes.length > 0
      && Arrays.stream(sizes).allMatch(size -> size >= 1 && size <= MAX_LAYER_SIZE),
      "one or more layer sizes, each from 1 to " + MAX_LAYER_SIZE);

  public static final Parameter<TaskKind> TASK = choice("task", TaskKind.class);
  public static final Parameter<int[]> HIDDEN = new Parameter<>("hidden", int[].class, LAYER_SIZES)
      .refusing(spec -> spec.wiring() == Wiring.REPOSITORY && spec.hidden().length != 1,
          spec -> "topology = repository has one hidden layer, found hidden = " + Arrays.toString(spec.hidden()));
  public static final Parameter<Wiring> TOPOLOGY = choice("topology", Wiring.class);
  public static final Parameter<Activation> ACTIVATION = choice("activation", Activation.class);
  public static final Parameter<Boolean> BIAS = new Parameter<>("bias", Boolean.class, Check.any("true or false"));
  public static final Parameter<Double> INIT_SCALE = new Parameter<>("init-scale", Double.class, POSITIVE);
  /** How PyTorch's initialisation draws (the repository's topology has its own, and takes uniform alone). */
  public static final Parameter<Network.Distribution> INIT_DISTRIBUTION = choice("init-distribution",
      Network.Distribution.class).refusing(spec -> spec.wiring() == Wiring.REPOSITORY
          && spec.get(Parameters.INIT_DISTRIBUTION) != Network.Distribution.UNIFORM,
      spec -> "topology = repository draws its own initial weights, N(0, (0.1·init-scale)²): it needs"
          + " init-distribution = uniform (the default), found init-distribution = "
          + spec.get(Parameters.INIT_DISTRIBUTION).key());
  public static final Parameter<TaskLoss> LOSS = choice("loss", TaskLoss.class);
  public static final Parameter<OptimizerKind> OPTIMIZER = choice("optimizer", OptimizerKind.class);
  public static final Parameter<L1Rule> L1 = choice("l1", L1Rule.class)
      .refusing(spec -> spec.l1() == L1Rule.ROUND_BINARY && spec.bias(),
          spec -> "l1 = round-binary rounds the edges only and has no rule for biases: it needs bias = false (the cited"
              + " repository has none), found bias = true");
  public static final Parameter<Integer> ROUND_EVERY = new Parameter<>("round-binary.every", Integer.class,
      AT_LEAST_ONE);
  public static final Parameter<Double> LAMBDA = new Parameter<>("lambda", Double.class, NON_NEGATIVE);
  public static final Parameter<Integer> LAMBDA_WARMUP = new Parameter<>("lambda-warmup", Integer.class,
      Check.wholeAtLeast(0, "a whole number ≥ 0 (0 = no warm-up)"));
  public static final Parameter<Integer> LAMBDA_RAMP = new Parameter<>("lambda-ramp", Integer.class,
      Check.wholeAtLeast(0, "a whole number ≥ 0 (0 = no ramp)"));
  /** Reweighted L1: each edge's penalty re-set to λ / (|w| + reweight.delta) every this many epochs; 0 = plain L1. */
  public static final Parameter<Integer> REWEIGHT_EVERY = new Parameter<>("reweight.every", Integer.class,
      Check.wholeAtLeast(0, "a whole number ≥ 0 (0 = plain L1)"))
      .refusing(spec -> spec.get(Parameters.REWEIGHT_EVERY) > 0 && (spec.l1() == L1Rule.GROUP
              || spec.l1() == L1Rule.ROUND_BINARY),
          spec -> "reweight.every = " + spec.get(Parameters.REWEIGHT_EVERY) + " reweights each edge's penalty: it"
              + " needs l1 = subgradient, proximal or adaptive-proximal, found l1 = " + spec.l1().key());
  public static final Parameter<Double> REWEIGHT_DELTA = new Parameter<>("reweight.delta", Double.class, POSITIVE);
  public static final Parameter<Double> LEARNING_RATE = new Parameter<>("learning-rate", Double.class, POSITIVE);
  public static final Parameter<Integer> EPOCHS = new Parameter<>("epochs", Integer.class, AT_LEAST_ONE);
  public static final Parameter<Integer> BATCH_SIZE = new Parameter<>("batch-size", Integer.class,
      Check.wholeAtLeast(0, "a whole number ≥ 0 (0 = full batch)"));
  /** The floating-point format of training; float32's kernel trains layered networks only. */
  public static final Parameter<Precision> PRECISION = choice("precision", Precision.class)
      .refusing(spec -> spec.get(Parameters.PRECISION) == Precision.FLOAT32 && spec.wiring() != Wiring.LAYERED,
          spec -> "precision = float32 trains layered networks only: it needs topology = layered, found topology = "
              + spec.wiring().key());
  public static final Parameter<Long> SEED = new Parameter<>("seed", Long.class, Check.any("a whole number"));
  public static final Parameter<Integer> TRAIN_SIZE = new Parameter<>("train-size", Integer.class, AT_LEAST_ONE);
  public static final Parameter<Integer> TEST_SIZE = new Parameter<>("test-size", Integer.class, AT_LEAST_ONE);
  public static final Parameter<Double> NOISE = new Parameter<>("noise", Double.class, NON_NEGATIVE);
  /** Pruning thresholds: each evaluates the same training; the first also counts the history's active edges. */
  public static final Parameter<double[]> EPSILON = new Parameter<>("epsilon", double[].class,
      Check.each(POSITIVE, "one or more numbers > 0"));
  public static final Parameter<Integer> HISTORY_EVERY = new Parameter<>("history-every", Integer.class,
      Check.wholeAtLeast(0, "a whole number ≥ 0 (0 = no history)"));
  public static final Parameter<Double> SOLVED_ACCURACY = new Parameter<>("solved.accuracy", Double.class,
      fraction());
  public static final Parameter<Double> SOLVED_R2 = new Parameter<>("solved.r2", Double.class, fraction());
  public static final Parameter<Double> STUCK_TOLERANCE = new Parameter<>("stuck.tolerance", Double.class,
      new Check<>(share -> share >= 0 && share < 1, "a number in [0, 1)"));
  public static final Parameter<Double> ROUND_THRESHOLD = new Parameter<>("round-binary.threshold", Double.class,
      POSITIVE);
  public static final Parameter<Integer> RETRAIN_EPOCHS = new Parameter<>("retrain-epochs", Integer.class,
      Check.wholeAtLeast(0, "a whole number ≥ 0 (0 = no retraining)"));
  public static final Parameter<Integer> REDUCE_EPOCHS = new Parameter<>("reduce-epochs", Integer.class,
      Check.wholeAtLeast(0, "a whole number ≥ 0 (0 = no reduction)"));
  /** Iterative magnitude pruning: the share of the surviving edges each round removes; 0 = none. */
  public static final Parameter<Double> IMP_RATE = new Parameter<>("imp.rate", Double.class,
      new Check<>(share -> share >= 0 && share < 1, "a number in [0, 1) (0 = no iterative pruning)"));
  /** Iterative magnitude pruning: the epoch whose weights each round rewinds the surviving edges to. */
  public static final Parameter<Integer> IMP_REWIND = new Parameter<>("imp.rewind", Integer.class,
      Check.wholeAtLeast(0, "a whole number ≥ 0 (0 = the initial weights)"))
      .refusing(spec -> spec.get(Parameters.IMP_RATE) > 0 && spec.get(Parameters.IMP_REWIND) >= spec.epochs(),
          spec -> "imp.rewind = " + spec.get(Parameters.IMP_REWIND) + " must be below epochs = " + spec.epochs()
              + ": each round rewinds to a point of the training and trains the epochs after it");

  /** Every setting of a spec, in the order of {@code sweep.Settings.ALL}. */
  public static final List<Parameter<?>> ALL = List.of(TASK, HIDDEN, TOPOLOGY, ACTIVATION, BIAS, INIT_SCALE,
      INIT_DISTRIBUTION, LOSS, OPTIMIZER, L1, ROUND_EVERY, LAMBDA, LAMBDA_WARMUP, LAMBDA_RAMP, REWEIGHT_EVERY,
      REWEIGHT_DELTA, LEARNING_RATE, EPOCHS, BATCH_SIZE, PRECISION, SEED, TRAIN_SIZE, TEST_SIZE, NOISE, EPSILON, HISTORY_EVERY, SOLVED_ACCURACY, SOLVED_R2,
      STUCK_TOLERANCE, ROUND_THRESHOLD, RETRAIN_EPOCHS, REDUCE_EPOCHS, IMP_RATE, IMP_REWIND);

  static {
    for (int i = 0; i < ALL.size(); i++) {
      ALL.get(i).index = i;
    }
  }

  private static Check<Double> fraction() {
    return new Check<>(value -> value > 0 && value <= 1, "a number in (0, 1]");
  }

  /** A choice: any of the enum's values, known by its key. */
  private static <E extends Enum<E> & Named> Parameter<E> choice(String name, Class<E> type) {
    String keys = Arrays.stream(type.getEnumConstants()).map(Named::key).collect(Collectors.joining(", "));
    return new Parameter<>(name, type, Check.any("one of " + keys));
  }
}
