package dev.structsweep.task;

import dev.structsweep.net.Named;
import java.util.Arrays;
import java.util.Optional;

/**
 * The tasks a trial may learn, named as configs and results name them. Each knows how to build itself (and so
 * its inputs, outputs, loss and solved rule) and the metric that decides whether a trained network solves it:
 * nothing outside this type compares task names.
 */
public enum TaskKind implements Named {
  XOR(XorTask.KEY, 2, 1, "accuracy") {
    @Override
    public Task create(double noise, TaskLoss loss) {
      return new XorTask(noise, loss == TaskLoss.MSE);
    }

  },
  ADDITION(AdditionTask.KEY, 2, 1, "r2") {
    @Override
    public Task create(double noise, TaskLoss loss) {
      // Addition's own loss is mean squared error: both choices train the same.
      return new AdditionTask();
    }

  };

  private final String key;
  private final int inputs;
  private final int outputs;
  private final String primaryMetric;

  TaskKind(String key, int inputs, int outputs, String primaryMetric) {
    this.key = key;
    this.inputs = inputs;
    this.outputs = outputs;
    this.primaryMetric = primaryMetric;
  }

  @Override
  public String key() {
    return key;
  }

  /** The network's inputs: 2 for both tasks (a, b). */
  public int inputs() {
    return inputs;
  }

  /** The network's outputs: 1 for both tasks. */
  public int outputs() {
    return outputs;
  }

  /** The metric that decides whether the task is solved: "accuracy" or "r2". */
  public String primaryMetric() {
    return primaryMetric;
  }

  /** The task, with its data settings (noise is XOR's input noise; addition has none) and its loss. */
  public abstract Task create(double noise, TaskLoss loss);

  /** The task with its own loss. */
  public Task create(double noise) {
    return create(noise, TaskLoss.TASK);
  }

  public static TaskKind parse(String name) {
    return Named.parse("task", values(), name);
  }

  /** The kind named exactly so in results, if any (results written by hand may hold anything). */
  public static Optional<TaskKind> find(String name) {
    return Arrays.stream(values()).filter(kind -> kind.key.equals(name)).findFirst();
  }

  /** Every task's name, in order: "xor", "addition". */
  public static String[] keys() {
    return Arrays.stream(values()).map(TaskKind::key).toArray(String[]::new);
  }
}
