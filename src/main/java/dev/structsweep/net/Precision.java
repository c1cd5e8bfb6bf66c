package dev.structsweep.net;

/**
 * The floating-point format a network trains in. float64 is every training's, and the default; float32 is
 * PyTorch's default tensor type, so its rows say whether the format a user would train in changes what L1 finds.
 */
public enum Precision implements Named {
  /** IEEE double: every weight, gradient, moment and sum. */
  FLOAT64("float64"),
  /**
   * IEEE single in the forward and backward pass (every sum, activation, loss gradient and product rounded to float,
   * as {@link FloatKernel} computes them), and every weight, bias and optimiser moment rounded to float after each
   * step; the update's own arithmetic between those roundings, and the evaluation of the trained network, in double.
   */
  FLOAT32("float32");

  private final String key;

  Precision(String key) {
    this.key = key;
  }

  @Override
  public String key() {
    return key;
  }

  public static Precision parse(String name) {
    return Named.parse("precision", values(), name);
  }
}
