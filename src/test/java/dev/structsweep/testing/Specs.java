package dev.structsweep.testing;

import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.net.Wiring;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TaskLoss;
import dev.structsweep.task.TrialSpec;

/** Trial specs for tests: the paper's XOR trial, changed one setting at a time. */
public final class Specs {
  private String task = "xor";
  private int[] hidden = {4};
  private Activation activation = Activation.RELU;
  private boolean bias = true;
  private double initScale = 1.0;
  private OptimizerKind optimizer = OptimizerKind.ADAM;
  private L1Rule l1 = L1Rule.SUBGRADIENT;
  private double lambda = 0.01;
  private double learningRate = 0.001;
  private int epochs = 1000;
  private int batchSize = 0;
  private long seed = 0;
  private double[] epsilons = {0.01};
  private int trainSize = 200;
  private int testSize = 200;
  private double noise = 0.1;
  private int historyEvery = 10;
  private int lambdaWarmup = 0;
  private int lambdaRamp = 0;
  private Wiring wiring = Wiring.LAYERED;
  private TaskLoss loss = TaskLoss.TASK;
  private double roundThreshold = 0.5;
  private int roundEvery = 10;
  private int retrainEpochs = 0;

  public static Specs paperXor() {
    return new Specs();
  }

  public static Specs paperAddition() {
    return new Specs().task("addition").hidden(8).epochs(2000);
  }

  public Specs task(String value) {
    task = value;
    return this;
  }

  public Specs hidden(int... value) {
    hidden = value;
    return this;
  }

  public Specs activation(Activation value) {
    activation = value;
    return this;
  }

  public Specs bias(boolean value) {
    bias = value;
    return this;
  }

  public Specs initScale(double value) {
    initScale = value;
    return this;
  }

  public Specs optimizer(OptimizerKind value) {
    optimizer = value;
    return this;
  }

  public Specs l1(L1Rule value) {
    l1 = value;
    return this;
  }

  public Specs lambda(double value) {
    lambda = value;
    return this;
  }

  public Specs learningRate(double value) {
    learningRate = value;
    return this;
  }

  public Specs epochs(int value) {
    epochs = value;
    return this;
  }

  public Specs batchSize(int value) {
    batchSize = value;
    return this;
  }

  public Specs lambdaSchedule(int warmup, int ramp) {
    lambdaWarmup = warmup;
    lambdaRamp = ramp;
    return this;
  }

  public Specs wiring(Wiring value) {
    wiring = value;
    return this;
  }

  public Specs loss(TaskLoss value) {
    loss = value;
    return this;
  }

  public Specs rounding(double threshold, int every) {
    roundThreshold = threshold;
    roundEvery = every;
    return this;
  }

  public Specs retrainEpochs(int value) {
    retrainEpochs = value;
    return this;
  }

  public Specs seed(long value) {
    seed = value;
    return this;
  }

  public Specs epsilons(double... value) {
    epsilons = value;
    return this;
  }

  public Specs sizes(int train, int test) {
    trainSize = train;
    testSize = test;
    return this;
  }

  public Specs historyEvery(int value) {
    historyEvery = value;
    return this;
  }

  public TrialSpec build() {
    return TrialSpec.builder().task(TaskKind.parse(task)).hidden(hidden).activation(activation).bias(bias)
        .initScale(initScale).optimizer(optimizer).l1(l1).lambda(lambda).learningRate(learningRate).epochs(epochs)
        .batchSize(batchSize).seed(seed).epsilons(epsilons).trainSize(trainSize).testSize(testSize).noise(noise)
        .historyEvery(historyEvery).solvedAccuracy(0.99).solvedR2(0.99).stuckTolerance(0.01)
        .lambdaWarmup(lambdaWarmup).lambdaRamp(lambdaRamp).wiring(wiring).loss(loss).roundThreshold(roundThreshold)
        .roundEvery(roundEvery).retrainEpochs(retrainEpochs).build();
  }
}
