package dev.structsweep.task;

import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.net.Topology;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.net.Wiring;
import java.util.Arrays;

/**
 * Everything that decides one training and its evaluation. Validated at construction: a bad value throws
 * {@link IllegalArgumentException} naming the setting, the value and what is allowed.
 *
 * @param task         the task to learn
 * @param hidden       hidden layer sizes, input to output; at least one layer, each ≥ 1
 * @param activation   the hidden layers' activation
 * @param bias         whether nodes have biases (never penalised, never counted as edges)
 * @param initScale    a factor &gt; 0 on PyTorch's initial bound 1/√fan_in (1: PyTorch's default)
 * @param optimizer    Adam or SGD
 * @param l1           subgradient (the paper's rule) or proximal
 * @param lambda       L1 strength λ ≥ 0
 * @param learningRate η &gt; 0
 * @param epochs       passes over the training set ≥ 1
 * @param batchSize    samples per step; 0 is full batch
 * @param seed         the root of every random stream of the trial
 * @param epsilons     pruning thresholds ε &gt; 0 at which the trained network is evaluated; the first also
 *                     counts the history's active edges
 * @param trainSize    training samples ≥ 1
 * @param testSize     test samples ≥ 1
 * @param noise        XOR's input noise σ ≥ 0 (ignored by addition)
 * @param historyEvery sample the training curve every this many epochs; 0 records none
 * @param solved       when the trial counts as solved
 * @param lambdaWarmup epochs at λ = 0 before the penalty starts
 * @param lambdaRamp   epochs after the warm-up over which λ grows linearly to its value
 * @param stuckTolerance an unsolved training whose loss fell by at most this share over the last tenth of its
 *                     epochs is stuck, otherwise still improving (see {@link Outcome})
 * @param wiring       the setting topology: which edges join the layers: layered (the paper's), dag (every forward edge) or the cited
 *                     repository's model
 * @param loss         the task's own loss, or mean squared error for every task
 * @param roundThreshold under l1 = round-binary, |w| ≥ this becomes 1 and anything else 0
 * @param roundEvery   under l1 = round-binary, the weights are rounded after every this many steps
 * @param retrainEpochs epochs of each retraining of the structure pruned at each ε (fine-tuned from the trained
 *                     weights, and from the initial weights as a lottery ticket); 0 retrains nothing
 */
public record TrialSpec(TaskKind task, int[] hidden, Activation activation, boolean bias, double initScale,
    OptimizerKind optimizer, L1Rule l1, double lambda, double learningRate, int epochs, int batchSize,
    long seed, double[] epsilons, int trainSize, int testSize, double noise, int historyEvery,
    SolvedThresholds solved, double stuckTolerance, int lambdaWarmup, int lambdaRamp, Wiring wiring,
    TaskLoss loss, double roundThreshold, int roundEvery, int retrainEpochs) {

  public TrialSpec {
    if (task == null) {
      throw new IllegalArgumentException("task must be one of " + String.join(", ", TaskKind.keys())
          + ", found none");
    }
    if (hidden == null || hidden.length == 0 || Arrays.stream(hidden).anyMatch(size -> size < 1)) {
      throw new IllegalArgumentException("hidden must be one or more layer sizes, each ≥ 1, found "
          + (hidden == null ? "nothing" : Arrays.toString(hidden)));
    }
    if (epsilons == null || epsilons.length == 0) {
      throw new IllegalArgumentException("epsilon must be one or more thresholds > 0, found none");
    }
    for (double epsilon : epsilons) {
      if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
        throw new IllegalArgumentException("epsilon must be a finite number > 0, found " + epsilon);
      }
    }
    if (trainSize < 1) {
      throw new IllegalArgumentException("train-size must be ≥ 1, found " + trainSize);
    }
    if (testSize < 1) {
      throw new IllegalArgumentException("test-size must be ≥ 1, found " + testSize);
    }
    if (!(initScale > 0) || !Double.isFinite(initScale)) {
      throw new IllegalArgumentException("init-scale must be a finite number > 0, found " + initScale);
    }
    if (activation == null || optimizer == null || l1 == null || solved == null) {
      throw new IllegalArgumentException("activation, optimizer, l1 and solved must all be set");
    }
    hidden = hidden.clone();
    epsilons = epsilons.clone();
    // The checks of the training's settings, without building them: Trial.run builds them once.
    TrainingSettings.check(lambda, learningRate, epochs, batchSize, historyEvery, epsilons[0]);
    if (!(noise >= 0) || !Double.isFinite(noise)) {
      throw new IllegalArgumentException("noise must be a finite number ≥ 0, found " + noise);
    }
    TrainingSettings.checkSchedule(lambdaWarmup, lambdaRamp);
    if (!(stuckTolerance >= 0 && stuckTolerance < 1)) {
      throw new IllegalArgumentException("stuck.tolerance must be in [0, 1), found " + stuckTolerance);
    }
    if (wiring == null || loss == null) {
      throw new IllegalArgumentException("topology and loss must both be set");
    }
    TrainingSettings.checkRounding(roundThreshold, roundEvery);
    if (retrainEpochs < 0) {
      throw new IllegalArgumentException("retrain-epochs must be ≥ 0 (0 = no retraining), found " + retrainEpochs);
    }
    // Combinations that make no sense, named by both settings.
    if (wiring == Wiring.REPOSITORY && hidden.length != 1) {
      throw new IllegalArgumentException("topology = repository has one hidden layer, found hidden = "
          + Arrays.toString(hidden));
    }
    if (l1 == L1Rule.ROUND_BINARY && bias) {
      throw new IllegalArgumentException("l1 = round-binary rounds the edges only and has no rule for biases:"
          + " it needs bias = false (the cited repository has none), found bias = true");
    }
  }

  @Override
  public int[] hidden() {
    return hidden.clone();
  }

  @Override
  public double[] epsilons() {
    return epsilons.clone();
  }

  public Task createTask() {
    return task.create(noise, loss);
  }

  /** The network's layers and which edges join them. */
  public Topology topology() {
    return Topology.of(wiring, task.inputs(), hidden, task.outputs());
  }

  /** The same trial with another seed: another lane of the same configuration. */
  public TrialSpec withSeed(long other) {
    return new TrialSpec(task, hidden, activation, bias, initScale, optimizer, l1, lambda, learningRate, epochs,
        batchSize, other, epsilons, trainSize, testSize, noise, historyEvery, solved, stuckTolerance, lambdaWarmup,
        lambdaRamp, wiring, loss, roundThreshold, roundEvery, retrainEpochs);
  }

  public TrainingSettings trainingSettings() {
    return new TrainingSettings(optimizer, l1, lambda, learningRate, epochs, batchSize, historyEvery,
        epsilons[0], lambdaWarmup, lambdaRamp, roundThreshold, roundEvery);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrialSpec s && task == s.task && Arrays.equals(hidden, s.hidden)
        && activation == s.activation && bias == s.bias
        && Double.compare(initScale, s.initScale) == 0 && optimizer == s.optimizer && l1 == s.l1
        && Double.compare(lambda, s.lambda) == 0 && Double.compare(learningRate, s.learningRate) == 0
        && epochs == s.epochs && batchSize == s.batchSize && seed == s.seed
        && Arrays.equals(epsilons, s.epsilons) && trainSize == s.trainSize && testSize == s.testSize
        && Double.compare(noise, s.noise) == 0 && historyEvery == s.historyEvery && solved.equals(s.solved)
        && Double.compare(stuckTolerance, s.stuckTolerance) == 0 && lambdaWarmup == s.lambdaWarmup
        && lambdaRamp == s.lambdaRamp && wiring == s.wiring && loss == s.loss
        && Double.compare(roundThreshold, s.roundThreshold) == 0 && roundEvery == s.roundEvery
        && retrainEpochs == s.retrainEpochs;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {task, Arrays.hashCode(hidden), activation, bias, initScale, optimizer, l1,
        lambda, learningRate, epochs, batchSize, seed, Arrays.hashCode(epsilons), trainSize, testSize,
        noise, historyEvery, solved, stuckTolerance, lambdaWarmup, lambdaRamp, wiring, loss, roundThreshold,
        roundEvery, retrainEpochs});
  }

  @Override
  public String toString() {
    return "TrialSpec[task=" + task.key() + ", hidden=" + Arrays.toString(hidden) + ", activation="
        + activation.key() + ", bias=" + bias + ", initScale=" + initScale + ", optimizer=" + optimizer.key() + ", l1=" + l1.key()
        + ", lambda=" + lambda + ", learningRate=" + learningRate + ", epochs=" + epochs + ", batchSize="
        + batchSize + ", seed=" + seed + ", epsilons=" + Arrays.toString(epsilons) + ", trainSize="
        + trainSize + ", testSize=" + testSize + ", noise=" + noise + ", historyEvery=" + historyEvery
        + ", solved=" + solved + ", stuckTolerance=" + stuckTolerance + ", lambdaWarmup=" + lambdaWarmup
        + ", lambdaRamp=" + lambdaRamp + ", topology=" + wiring.key() + ", loss=" + loss.key()
        + ", roundThreshold=" + roundThreshold + ", roundEvery=" + roundEvery + ", retrainEpochs=" + retrainEpochs
        + "]";
  }

  /** A spec built setting by setting, by name: no positional list to get out of order. */
  public static Builder builder() {
    return new Builder();
  }

  /** Every setting must be given once before {@link #build()}. */
  public static final class Builder {
    private TaskKind task;
    private int[] hidden;
    private Activation activation;
    private Boolean bias;
    private Double initScale;
    private OptimizerKind optimizer;
    private L1Rule l1;
    private Double lambda;
    private Double learningRate;
    private Integer epochs;
    private Integer batchSize;
    private Long seed;
    private double[] epsilons;
    private Integer trainSize;
    private Integer testSize;
    private Double noise;
    private Integer historyEvery;
    private Double solvedAccuracy;
    private Double solvedR2;
    private Double stuckTolerance;
    private Integer lambdaWarmup;
    private Integer lambdaRamp;
    private Wiring wiring;
    private TaskLoss loss;
    private Double roundThreshold;
    private Integer roundEvery;
    private Integer retrainEpochs;

    private Builder() {}

    public Builder wiring(Wiring value) {
      wiring = value;
      return this;
    }

    public Builder loss(TaskLoss value) {
      loss = value;
      return this;
    }

    public Builder roundThreshold(double value) {
      roundThreshold = value;
      return this;
    }

    public Builder roundEvery(int value) {
      roundEvery = value;
      return this;
    }

    public Builder retrainEpochs(int value) {
      retrainEpochs = value;
      return this;
    }

    public Builder task(TaskKind value) {
      task = value;
      return this;
    }

    public Builder hidden(int[] value) {
      hidden = value;
      return this;
    }

    public Builder activation(Activation value) {
      activation = value;
      return this;
    }

    public Builder bias(boolean value) {
      bias = value;
      return this;
    }

    public Builder initScale(double value) {
      initScale = value;
      return this;
    }

    public Builder optimizer(OptimizerKind value) {
      optimizer = value;
      return this;
    }

    public Builder l1(L1Rule value) {
      l1 = value;
      return this;
    }

    public Builder lambda(double value) {
      lambda = value;
      return this;
    }

    public Builder learningRate(double value) {
      learningRate = value;
      return this;
    }

    public Builder epochs(int value) {
      epochs = value;
      return this;
    }

    public Builder batchSize(int value) {
      batchSize = value;
      return this;
    }

    public Builder seed(long value) {
      seed = value;
      return this;
    }

    public Builder epsilons(double[] value) {
      epsilons = value;
      return this;
    }

    public Builder trainSize(int value) {
      trainSize = value;
      return this;
    }

    public Builder testSize(int value) {
      testSize = value;
      return this;
    }

    public Builder noise(double value) {
      noise = value;
      return this;
    }

    public Builder historyEvery(int value) {
      historyEvery = value;
      return this;
    }

    public Builder solvedAccuracy(double value) {
      solvedAccuracy = value;
      return this;
    }

    public Builder solvedR2(double value) {
      solvedR2 = value;
      return this;
    }

    public Builder stuckTolerance(double value) {
      stuckTolerance = value;
      return this;
    }

    public Builder lambdaWarmup(int value) {
      lambdaWarmup = value;
      return this;
    }

    public Builder lambdaRamp(int value) {
      lambdaRamp = value;
      return this;
    }

    /** The spec, validated; a setting not given is named. */
    public TrialSpec build() {
      Object[] given = {task, hidden, activation, bias, initScale, optimizer, l1, lambda, learningRate, epochs,
          batchSize, seed, epsilons, trainSize, testSize, noise, historyEvery, solvedAccuracy, solvedR2,
          stuckTolerance, lambdaWarmup, lambdaRamp, wiring, loss, roundThreshold, roundEvery, retrainEpochs};
      String[] names = {"task", "hidden", "activation", "bias", "initScale", "optimizer", "l1", "lambda",
          "learningRate", "epochs", "batchSize", "seed", "epsilons", "trainSize", "testSize", "noise",
          "historyEvery", "solvedAccuracy", "solvedR2", "stuckTolerance", "lambdaWarmup", "lambdaRamp", "wiring",
          "loss", "roundThreshold", "roundEvery", "retrainEpochs"};
      for (int i = 0; i < given.length; i++) {
        if (given[i] == null) {
          throw new IllegalStateException("TrialSpec: " + names[i] + " was not given");
        }
      }
      return new TrialSpec(task, hidden, activation, bias, initScale, optimizer, l1, lambda, learningRate, epochs,
          batchSize, seed, epsilons, trainSize, testSize, noise, historyEvery,
          new SolvedThresholds(solvedAccuracy, solvedR2), stuckTolerance, lambdaWarmup, lambdaRamp, wiring, loss,
          roundThreshold, roundEvery, retrainEpochs);
    }
  }
}
