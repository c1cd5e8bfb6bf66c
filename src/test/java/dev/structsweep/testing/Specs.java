package dev.structsweep.testing;

import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.net.Wiring;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.task.Parameter;
import dev.structsweep.task.Parameters;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TaskLoss;
import dev.structsweep.task.TrialSpec;
import java.util.List;
import java.util.Map;

/**
 * Trial specs for tests: reference.conf's trial, read by the same code as a sweep file (the paper's XOR trial,
 * its first seed), with only what a test changes named. The methods below are one line each, a setting by its
 * definition; {@link #set} names any other.
 */
public final class Specs {
  private static final TrialSpec REFERENCE = SweepFiles.trial(List.of());

  private final TrialSpec.Builder builder = REFERENCE.toBuilder();

  /** reference.conf's trial. */
  public static Specs paperXor() {
    return new Specs();
  }

  /** The paper's addition: reference.conf's trial but the task, [2,8,1] and 2000 epochs. */
  public static Specs paperAddition() {
    return new Specs().task("addition").hidden(8).epochs(2000);
  }

  public <T> Specs set(Parameter<T> parameter, T value) {
    builder.set(parameter, value);
    return this;
  }

  public Specs task(String value) {
    return set(Parameters.TASK, TaskKind.parse(value));
  }

  public Specs hidden(int... value) {
    return set(Parameters.HIDDEN, value);
  }

  public Specs activation(Activation value) {
    return set(Parameters.ACTIVATION, value);
  }

  public Specs bias(boolean value) {
    return set(Parameters.BIAS, value);
  }

  public Specs initScale(double value) {
    return set(Parameters.INIT_SCALE, value);
  }

  public Specs optimizer(OptimizerKind value) {
    return set(Parameters.OPTIMIZER, value);
  }

  public Specs l1(L1Rule value) {
    return set(Parameters.L1, value);
  }

  public Specs lambda(double value) {
    return set(Parameters.LAMBDA, value);
  }

  public Specs learningRate(double value) {
    return set(Parameters.LEARNING_RATE, value);
  }

  public Specs epochs(int value) {
    return set(Parameters.EPOCHS, value);
  }

  public Specs batchSize(int value) {
    return set(Parameters.BATCH_SIZE, value);
  }

  public Specs lambdaSchedule(int warmup, int ramp) {
    return set(Parameters.LAMBDA_WARMUP, warmup).set(Parameters.LAMBDA_RAMP, ramp);
  }

  public Specs wiring(Wiring value) {
    return set(Parameters.TOPOLOGY, value);
  }

  public Specs loss(TaskLoss value) {
    return set(Parameters.LOSS, value);
  }

  public Specs rounding(double threshold, int every) {
    return set(Parameters.ROUND_THRESHOLD, threshold).set(Parameters.ROUND_EVERY, every);
  }

  public Specs retrainEpochs(int value) {
    return set(Parameters.RETRAIN_EPOCHS, value);
  }

  public Specs reweight(int every, double delta) {
    return set(Parameters.REWEIGHT_EVERY, every).set(Parameters.REWEIGHT_DELTA, delta);
  }

  public Specs imp(double rate, int rewind) {
    return set(Parameters.IMP_RATE, rate).set(Parameters.IMP_REWIND, rewind);
  }

  public Specs reduceEpochs(int value) {
    return set(Parameters.REDUCE_EPOCHS, value);
  }

  public Specs seed(long value) {
    return set(Parameters.SEED, value);
  }

  public Specs epsilons(double... value) {
    return set(Parameters.EPSILON, value);
  }

  public Specs sizes(int train, int test) {
    return set(Parameters.TRAIN_SIZE, train).set(Parameters.TEST_SIZE, test);
  }

  public Specs precision(dev.structsweep.net.Precision value) {
    return set(Parameters.PRECISION, value);
  }

  public Specs historyEvery(int value) {
    return set(Parameters.HISTORY_EVERY, value);
  }

  public TrialSpec build() {
    return builder.build();
  }

  /**
   * One configuration's cells, as the report holds them (in the order of {@link Settings#CONFIGURATION}, each as its
   * column holds it): reference.conf's trial but the settings named in changed.
   */
  public static List<Object> configuration(Map<Setting<?>, Object> changed) {
    return Settings.CONFIGURATION.stream()
        .map(setting -> changed.containsKey(setting) ? changed.get(setting) : setting.cell(REFERENCE)).toList();
  }

  /** The training settings of {@link #build()}'s spec. */
  public TrainingSettings training() {
    return build().trainingSettings();
  }
}
