package dev.structsweep.net;

/**
 * What a training produced.
 *
 * @param network         the final weights (as they stood when training stopped, if it diverged)
 * @param diverged        whether the loss or a weight became NaN or infinite; training stops there
 * @param epochsCompleted epochs whose update was applied
 * @param history         the sampled training curve
 * @param lossAtTailStart the loss (task + λΣ|w|) of the forward pass of the epoch a tenth of the epochs before
 *                        the last ({@link Trainer#tailStart}); NaN if training diverged
 * @param lossAtEnd       the same at the last epoch; NaN if training diverged
 */
public record TrainingResult(Network network, boolean diverged, int epochsCompleted, History history,
    double lossAtTailStart, double lossAtEnd) {
  /** Flattening is judged over the last 1 / TAIL_DIVISOR of the epochs (rounded up). */
  public static final int TAIL_DIVISOR = 10;

  /** The same as a share of the epochs. */
  public static final double TAIL_SHARE = 1.0 / TAIL_DIVISOR;

  /**
   * How the loss changed over the last tenth of the epochs, relative to where that tenth began:
   * (lossAtEnd − lossAtTailStart) / |lossAtTailStart|, negative while it falls; NaN if training diverged.
   */
  public double lossTailChange() {
    if (diverged || !Double.isFinite(lossAtTailStart) || !Double.isFinite(lossAtEnd)) {
      return Double.NaN;
    }
    double change = lossAtEnd - lossAtTailStart;
    return change == 0 ? 0 : change / Math.abs(lossAtTailStart);
  }
}
