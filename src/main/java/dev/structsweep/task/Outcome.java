package dev.structsweep.task;

import dev.structsweep.net.Named;

/**
 * What became of one training, judged at one ε: solved; diverged; or unsolved, and then stuck (its loss had
 * flattened over the last tenth of its epochs) or still improving. The local-minimum rate counts the stuck.
 */
public enum Outcome implements Named {
  SOLVED("solved"),
  STUCK("stuck"),
  IMPROVING("improving"),
  DIVERGED("diverged");

  private final String key;

  Outcome(String key) {
    this.key = key;
  }

  @Override
  public String key() {
    return key;
  }

  /**
   * The class of a training: diverged first, then solved; an unsolved one is stuck when its loss fell by at most
   * tolerance (a share of where the last tenth began) over that tenth: lossTailChange ≥ −tolerance, a loss that
   * rose included.
   *
   * @param lossTailChange (loss at the end − loss at the start of the last tenth) / |loss at its start|; one that
   *                       is not a number (an infinite loss that did not stop training) is not a flat loss
   */
  public static Outcome classify(boolean diverged, boolean solved, double lossTailChange, double tolerance) {
    if (diverged) {
      return DIVERGED;
    }
    if (solved) {
      return SOLVED;
    }
    return lossTailChange >= -tolerance ? STUCK : IMPROVING;
  }
}
