package dev.structsweep.task;

import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.net.Topology;
import dev.structsweep.net.TrainingSettings;
import java.util.Arrays;

/**
 * Everything that decides one training and its evaluation. Validated at construction: a bad value throws
 * {@link IllegalArgumentException} naming the setting, the value and what is allowed.
 *
 * @param task         the task to learn
 * @param hidden       hidden layer sizes, input to output; at least one layer, each ≥ 1
 * @param activation   the hidden layers' activation
 * @param bias         whether nodes have biases (never penalised, never counted as edges)
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
 */
public record TrialSpec(TaskKind task, int[] hidden, Activation activation, boolean bias,
    OptimizerKind optimizer, L1Rule l1, double lambda, double learningRate, int epochs, int batchSize,
    long seed, double[] epsilons, int trainSize, int testSize, double noise, int historyEvery,
    SolvedThresholds solved) {

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
    if (activation == null || optimizer == null || l1 == null || solved == null) {
      throw new IllegalArgumentException("activation, optimizer, l1 and solved must all be set");
    }
    hidden = hidden.clone();
    epsilons = epsilons.clone();
    // Validates λ, η, epochs, batch size and history in one place.
    new TrainingSettings(optimizer, l1, lambda, learningRate, epochs, batchSize, historyEvery, epsilons[0]);
    task.create(noise);
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
    return task.create(noise);
  }

  public Topology topology() {
    return Topology.layered(task.inputs(), hidden, task.outputs());
  }

  public TrainingSettings trainingSettings() {
    return new TrainingSettings(optimizer, l1, lambda, learningRate, epochs, batchSize, historyEvery,
        epsilons[0]);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TrialSpec s && task == s.task && Arrays.equals(hidden, s.hidden)
        && activation == s.activation && bias == s.bias && optimizer == s.optimizer && l1 == s.l1
        && Double.compare(lambda, s.lambda) == 0 && Double.compare(learningRate, s.learningRate) == 0
        && epochs == s.epochs && batchSize == s.batchSize && seed == s.seed
        && Arrays.equals(epsilons, s.epsilons) && trainSize == s.trainSize && testSize == s.testSize
        && Double.compare(noise, s.noise) == 0 && historyEvery == s.historyEvery && solved.equals(s.solved);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {task, Arrays.hashCode(hidden), activation, bias, optimizer, l1,
        lambda, learningRate, epochs, batchSize, seed, Arrays.hashCode(epsilons), trainSize, testSize,
        noise, historyEvery, solved});
  }

  @Override
  public String toString() {
    return "TrialSpec[task=" + task.key() + ", hidden=" + Arrays.toString(hidden) + ", activation="
        + activation.key() + ", bias=" + bias + ", optimizer=" + optimizer.key() + ", l1=" + l1.key()
        + ", lambda=" + lambda + ", learningRate=" + learningRate + ", epochs=" + epochs + ", batchSize="
        + batchSize + ", seed=" + seed + ", epsilons=" + Arrays.toString(epsilons) + ", trainSize="
        + trainSize + ", testSize=" + testSize + ", noise=" + noise + ", historyEvery=" + historyEvery
        + ", solved=" + solved + "]";
  }
}
