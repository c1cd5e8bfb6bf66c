package dev.structsweep.task;

import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.net.Topology;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.net.Wiring;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Everything that decides one training and its evaluation: a value for every setting of {@link Parameters}, each
 * checked by its definition when the spec is built, and the combinations of settings that make no sense refused (by
 * the definitions too).
 * Equality, the hash and the text are those of the values, setting by setting. A bad value throws
 * {@link IllegalArgumentException} naming the setting, the value and what is allowed.
 */
public final class TrialSpec {
  /** values[p.index]: the value of parameter p, checked; arrays are never handed out. */
  private final Object[] values;

  private TrialSpec(Object[] values) {
    this.values = values;
    for (Parameter<?> parameter : Parameters.ALL) {
      parameter.checkCombinations(this);
    }
  }

  /** The value of parameter (a copy, for an array). */
  public <T> T get(Parameter<T> parameter) {
    return parameter.copy(parameter.type().cast(values[parameter.index]));
  }

  /** The same spec with parameter's value changed, checked. */
  public <T> TrialSpec with(Parameter<T> parameter, T value) {
    return toBuilder().set(parameter, value).build();
  }

  /** The same trial with another seed: another lane of the same configuration. */
  public TrialSpec withSeed(long other) {
    return with(Parameters.SEED, other);
  }

  /** A builder holding this spec's values, to change several at once (their combination checked at the end). */
  public Builder toBuilder() {
    Builder builder = new Builder();
    System.arraycopy(values, 0, builder.values, 0, values.length);
    return builder;
  }

  /** An empty builder: every setting must be given before {@link Builder#build()}. */
  public static Builder builder() {
    return new Builder();
  }

  public Task createTask() {
    return task().create(noise(), loss());
  }

  /** The network's layers and which edges join them. */
  public Topology topology() {
    TaskKind task = task();
    return Topology.of(wiring(), task.inputs(), (int[]) values[Parameters.HIDDEN.index], task.outputs());
  }

  /**
   * How the network is trained: the optimiser, λ, its schedule and reweighting, η, epochs, batches, history,
   * rounding.
   */
  public TrainingSettings trainingSettings() {
    return new TrainingSettings(optimizer(), l1(), lambda(), learningRate(), epochs(), batchSize(), historyEvery(),
        get(Parameters.EPSILON)[0], lambdaWarmup(), lambdaRamp(), roundThreshold(), roundEvery(),
        get(Parameters.PRECISION), get(Parameters.REWEIGHT_EVERY), get(Parameters.REWEIGHT_DELTA));
  }

  public SolvedThresholds solved() {
    return new SolvedThresholds(get(Parameters.SOLVED_ACCURACY), get(Parameters.SOLVED_R2));
  }

  // One line each, delegating to the definitions: the names the training code reads.

  public TaskKind task() {
    return get(Parameters.TASK);
  }

  public int[] hidden() {
    return get(Parameters.HIDDEN);
  }

  public Wiring wiring() {
    return get(Parameters.TOPOLOGY);
  }

  public Activation activation() {
    return get(Parameters.ACTIVATION);
  }

  public boolean bias() {
    return get(Parameters.BIAS);
  }

  public double initScale() {
    return get(Parameters.INIT_SCALE);
  }

  public TaskLoss loss() {
    return get(Parameters.LOSS);
  }

  public OptimizerKind optimizer() {
    return get(Parameters.OPTIMIZER);
  }

  public L1Rule l1() {
    return get(Parameters.L1);
  }

  public int roundEvery() {
    return get(Parameters.ROUND_EVERY);
  }

  public double lambda() {
    return get(Parameters.LAMBDA);
  }

  public int lambdaWarmup() {
    return get(Parameters.LAMBDA_WARMUP);
  }

  public int lambdaRamp() {
    return get(Parameters.LAMBDA_RAMP);
  }

  public double learningRate() {
    return get(Parameters.LEARNING_RATE);
  }

  public int epochs() {
    return get(Parameters.EPOCHS);
  }

  public int batchSize() {
    return get(Parameters.BATCH_SIZE);
  }

  public long seed() {
    return get(Parameters.SEED);
  }

  public int trainSize() {
    return get(Parameters.TRAIN_SIZE);
  }

  public int testSize() {
    return get(Parameters.TEST_SIZE);
  }

  public double noise() {
    return get(Parameters.NOISE);
  }

  public double[] epsilons() {
    return get(Parameters.EPSILON);
  }

  public int historyEvery() {
    return get(Parameters.HISTORY_EVERY);
  }

  public double stuckTolerance() {
    return get(Parameters.STUCK_TOLERANCE);
  }

  public double roundThreshold() {
    return get(Parameters.ROUND_THRESHOLD);
  }

  public int retrainEpochs() {
    return get(Parameters.RETRAIN_EPOCHS);
  }

  public int reduceEpochs() {
    return get(Parameters.REDUCE_EPOCHS);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrialSpec spec && Arrays.deepEquals(values, spec.values);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(values);
  }

  /** "TrialSpec[task=xor, hidden=[4], …]", every setting by its name. */
  @Override
  public String toString() {
    List<Parameter<?>> all = Parameters.ALL;
    return all.stream().map(p -> p.name() + "=" + Parameter.text(values[p.index]))
        .collect(Collectors.joining(", ", "TrialSpec[", "]"));
  }

  /** A spec built setting by setting, by its definition: no positional list to get out of order. */
  public static final class Builder {
    private final Object[] values = new Object[Parameters.ALL.size()];

    private Builder() {}

    /** Sets parameter's value, checked by its definition. */
    public <T> Builder set(Parameter<T> parameter, T value) {
      values[parameter.index] = parameter.checked(value);
      return this;
    }

    /** The spec; a setting not given is named, and combinations that make no sense are refused. */
    public TrialSpec build() {
      for (Parameter<?> parameter : Parameters.ALL) {
        if (values[parameter.index] == null) {
          throw new IllegalStateException("TrialSpec: " + parameter.name() + " was not given");
        }
      }
      return new TrialSpec(values.clone());
    }
  }
}
