package dev.structsweep.net;

/**
 * How one network is trained. Built from a trial's spec ({@code TrialSpec.trainingSettings()}), whose settings'
 * definitions check every value once; a test names only what it changes from reference.conf's spec.
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
 * @param precision    the floating-point format the network trains in
 * @param reweightEvery reweighted L1: each edge's penalty re-set to λ / (|w| + reweightDelta) at every this many
 *                     epochs; 0 is plain L1
 * @param reweightDelta the δ of reweighted L1, &gt; 0
 */
public record TrainingSettings(OptimizerKind optimizer, L1Rule l1, double lambda, double learningRate,
    int epochs, int batchSize, int historyEvery, double historyEpsilon, int lambdaWarmup, int lambdaRamp,
    double roundThreshold, int roundEvery, Precision precision, int reweightEvery, double reweightDelta) {
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
}
