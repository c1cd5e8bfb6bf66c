package dev.structsweep.net;

/**
 * How one network is trained.
 *
 * @param optimizer    Adam or SGD
 * @param l1           how λ enters the update
 * @param lambda       L1 strength λ ≥ 0
 * @param learningRate η &gt; 0
 * @param epochs       passes over the training set, ≥ 1
 * @param batchSize    samples per step; 0 (or ≥ the set's size) is one full-batch step per epoch
 * @param historyEvery record the history every this many epochs; 0 records none
 * @param historyEpsilon the ε at which the history counts active edges
 * @param lambdaWarmup epochs at λ = 0 before the penalty starts, ≥ 0
 * @param lambdaRamp   epochs after the warm-up over which λ grows linearly to its value, ≥ 0
 * @param roundThreshold {@link L1Rule#ROUND_BINARY}: a weight with |w| ≥ this becomes 1, any other 0; &gt; 0
 * @param roundEvery   {@link L1Rule#ROUND_BINARY}: the weights are rounded after every this many steps, ≥ 1
 */
public record TrainingSettings(OptimizerKind optimizer, L1Rule l1, double lambda, double learningRate,
    int epochs, int batchSize, int historyEvery, double historyEpsilon, int lambdaWarmup, int lambdaRamp,
    double roundThreshold, int roundEvery) {
  /** The cited repository's rounding: |w| ≥ 0.5 becomes 1, after every 10th step. */
  public static final double DEFAULT_ROUND_THRESHOLD = 0.5;
  public static final int DEFAULT_ROUND_EVERY = 10;

  public TrainingSettings {
    check(lambda, learningRate, epochs, batchSize, historyEvery, historyEpsilon);
    checkSchedule(lambdaWarmup, lambdaRamp);
    checkRounding(roundThreshold, roundEvery);
  }

  /** With the repository's rounding constants, which act only under {@link L1Rule#ROUND_BINARY}. */
  public TrainingSettings(OptimizerKind optimizer, L1Rule l1, double lambda, double learningRate, int epochs,
      int batchSize, int historyEvery, double historyEpsilon, int lambdaWarmup, int lambdaRamp) {
    this(optimizer, l1, lambda, learningRate, epochs, batchSize, historyEvery, historyEpsilon, lambdaWarmup,
        lambdaRamp, DEFAULT_ROUND_THRESHOLD, DEFAULT_ROUND_EVERY);
  }

  /** λ from the first epoch on: no warm-up, no ramp. */
  public TrainingSettings(OptimizerKind optimizer, L1Rule l1, double lambda, double learningRate, int epochs,
      int batchSize, int historyEvery, double historyEpsilon) {
    this(optimizer, l1, lambda, learningRate, epochs, batchSize, historyEvery, historyEpsilon, 0, 0);
  }

  /**
   * λ at a 0-based epoch: 0 during the warm-up, then λ·(epoch − warm-up + 1)/ramp over the ramp, then λ itself
   * (exactly λ, not a product, so that a schedule of none trains as before it existed).
   */
  public double lambdaAt(int epoch) {
    if (epoch < lambdaWarmup) {
      return 0;
    }
    int into = epoch - lambdaWarmup + 1;
    return into >= lambdaRamp ? lambda : lambda * into / lambdaRamp;
  }

  /** The checks of the schedule, for a caller that validates settings before it builds them. */
  public static void checkSchedule(int lambdaWarmup, int lambdaRamp) {
    if (lambdaWarmup < 0) {
      throw new IllegalArgumentException("lambda-warmup must be ≥ 0 epochs, found " + lambdaWarmup);
    }
    if (lambdaRamp < 0) {
      throw new IllegalArgumentException("lambda-ramp must be ≥ 0 epochs, found " + lambdaRamp);
    }
  }

  /** The checks of the rounding, for a caller that validates settings before it builds them. */
  public static void checkRounding(double roundThreshold, int roundEvery) {
    if (!(roundThreshold > 0) || !Double.isFinite(roundThreshold)) {
      throw new IllegalArgumentException("round-binary.threshold must be a finite number > 0, found "
          + roundThreshold);
    }
    if (roundEvery < 1) {
      throw new IllegalArgumentException("round-binary.every must be ≥ 1 steps, found " + roundEvery);
    }
  }

  /** The checks of the constructor, for a caller that validates settings before it builds them. */
  public static void check(double lambda, double learningRate, int epochs, int batchSize, int historyEvery,
      double historyEpsilon) {
    if (!(lambda >= 0) || !Double.isFinite(lambda)) {
      throw new IllegalArgumentException("lambda must be a finite number ≥ 0, found " + lambda);
    }
    if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
      throw new IllegalArgumentException("learning-rate must be a finite number > 0, found " + learningRate);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be ≥ 1, found " + epochs);
    }
    if (batchSize < 0) {
      throw new IllegalArgumentException("batch-size must be ≥ 0 (0 = full batch), found " + batchSize);
    }
    if (historyEvery < 0) {
      throw new IllegalArgumentException("history-every must be ≥ 0 (0 = no history), found " + historyEvery);
    }
    if (!(historyEpsilon > 0) || !Double.isFinite(historyEpsilon)) {
      throw new IllegalArgumentException("epsilon must be a finite number > 0, found " + historyEpsilon);
    }
  }
}
