package dev.structsweep.task;

/**
 * When a trial counts as solved: XOR when the pruned test accuracy ≥ accuracy, addition when the pruned
 * test R² ≥ r2. Each in (0, 1], checked by its definition ({@link Parameters#SOLVED_ACCURACY},
 * {@link Parameters#SOLVED_R2}).
 */
public record SolvedThresholds(double accuracy, double r2) implements java.io.Serializable {}
