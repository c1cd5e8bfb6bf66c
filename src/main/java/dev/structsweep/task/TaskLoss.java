package dev.structsweep.task;

import dev.structsweep.net.Named;

/** Which loss a task trains on. */
public enum TaskLoss implements Named {
  /** The task's own: XOR a sigmoid output with binary cross-entropy, addition mean squared error. */
  TASK("task"),
  /**
   * Mean squared error of the linear output for every task, as the cited repository trains XOR: its output is read
   * as a 1 when it is above 0.5.
   */
  MSE("mse");

  private final String key;

  TaskLoss(String key) {
    this.key = key;
  }

  @Override
  public String key() {
    return key;
  }

  public static TaskLoss parse(String name) {
    return Named.parse("loss", values(), name);
  }
}
