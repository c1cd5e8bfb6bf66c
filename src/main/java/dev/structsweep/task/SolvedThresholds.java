package dev.structsweep.task;

/**
 * When a trial counts as solved: XOR when the pruned test accuracy ≥ accuracy, addition when the pruned
 * test R² ≥ r2.
 */
public record SolvedThresholds(double accuracy, double r2) implements java.io.Serializable {
  public SolvedThresholds {
    if (!(accuracy > 0 && accuracy <= 1)) {
      throw new IllegalArgumentException("solved.accuracy must be in (0, 1], found " + accuracy);
    }
    if (!(r2 > 0 && r2 <= 1)) {
      throw new IllegalArgumentException("solved.r2 must be in (0, 1], found " + r2);
    }
  }
}
