package dev.structsweep.sweep;

import dev.structsweep.net.Activation;
import dev.structsweep.net.Loss;
import dev.structsweep.net.Numerics;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TaskLoss;
import dev.structsweep.task.TrialSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The trial key (a hash of one training's settings) and the spec hash (of everything that decides a sweep's rows
 * and chunks), both from {@link Settings}. The settings of the first results keep the form they were hashed in then,
 * so that every key and hash written before stays what it was; a setting added since (one with a
 * {@link Setting#neutral()} value) enters only when a sweep gives it another value, as "key=value". An activation
 * or a loss whose arithmetic has changed ({@link Activation#revision()}, {@link Loss#revision()}) enters with its
 * revision, so that its new rows never take the keys of its old ones; and every key and hash carries the revision
 * of the arithmetic that every training shares ({@link Numerics#ARITHMETIC_REVISION}), since the first results at 1.
 */
public final class Identity {
  /** The settings of the first results, hashed in their first form; every setting added since has a neutral value. */
  private static final java.util.Set<String> FIRST = java.util.Set.of("task", "hidden", "activation", "bias",
      "optimizer", "l1", "lambda", "learning-rate", "epochs", "batch-size", "seeds", "train-size", "test-size",
      "data.xor.noise", "epsilon", "history-every", "solved.accuracy", "solved.r2");

  static {
    for (Setting<?> setting : Settings.ALL) {
      if (setting.neutral() == null && !FIRST.contains(setting.key())) {
        throw new IllegalStateException(setting.key() + ": a setting added after the first results needs a neutral"
            + " value, or it would change no key and no hash");
      }
      if (setting.neutral() != null && setting.column() == null) {
        throw new IllegalStateException(setting.key() + ": a setting that changes a training needs a column");
      }
    }
    if (TaskKind.values().length != 2) {
      throw new IllegalStateException("the first form of the spec hash names the data of xor and addition only;"
          + " a new task's data settings must enter it as key=value");
    }
  }

  private Identity() {}

  /** A content-derived key of one training: the same settings give the same key in any sweep. */
  public static String trialKey(TrialSpec spec) {
    List<String> parts = new ArrayList<>();
    for (Setting<?> setting : Settings.COLUMNS) {
      Object value = setting.get(spec);
      if (setting.neutral() == null) {
        parts.add(setting.identity(value));
      } else if (!setting.neutral().equals(value)) {
        parts.add(setting.key() + "=" + setting.identity(value));
      }
    }
    parts.add("arithmetic-revision=" + Numerics.ARITHMETIC_REVISION);
    if (spec.activation().revision() > 0) {
      parts.add("activation-revision=" + spec.activation().revision());
    }
    int lossRevision = spec.createTask().loss().revision();
    if (lossRevision > 0) {
      parts.add("loss-revision=" + lossRevision);
    }
    return SweepSpec.sha256(String.join("|", parts)).substring(0, 20);
  }

  /** The text the spec hash is taken of: the sweep's name, every setting's values, the chunk size. */
  static String canonical(String name, Grid grid, int chunkSize) {
    List<String> lines = new ArrayList<>();
    lines.add("name=" + name);
    for (Setting<?> axis : Settings.AXES) {
      if (axis != Settings.SEED && axis.neutral() == null) {
        lines.add(axis.key() + "=" + list(axis, grid.values(axis), true));
      }
    }
    lines.add("epsilon=" + java.util.Arrays.toString(grid.epsilons()));
    lines.add("seeds=" + grid.values(Settings.SEED));
    lines.add("history-every=" + grid.values(Settings.HISTORY_EVERY).get(0));
    Values train = grid.values(Settings.TRAIN_SIZE);
    Values test = grid.values(Settings.TEST_SIZE);
    int xor = TaskKind.XOR.ordinal();
    int addition = TaskKind.ADDITION.ordinal();
    lines.add("data=DataSettings[xorTrainSize=" + train.get(xor) + ", xorTestSize=" + test.get(xor) + ", xorNoise="
        + grid.values(Settings.NOISE).get(0) + ", additionTrainSize=" + train.get(addition) + ", additionTestSize="
        + test.get(addition) + "]");
    lines.add("solved=" + grid.values(Settings.SOLVED_ACCURACY).get(0) + "," + grid.values(Settings.SOLVED_R2).get(0));
    lines.add("chunk-size=" + chunkSize);
    lines.add("arithmetic-revision=" + Numerics.ARITHMETIC_REVISION);
    for (Setting<?> setting : Settings.ALL) {
      Values values = grid.values(setting);
      if (setting.neutral() != null && !(values.size() == 1 && setting.neutral().equals(values.get(0)))) {
        lines.add(setting.key() + "=" + list(setting, values, false));
      }
    }
    List<String> revised = new ArrayList<>();
    Values activations = grid.values(Settings.ACTIVATION);
    for (long i = 0; i < activations.size(); i++) {
      Activation activation = (Activation) activations.get(i);
      if (activation.revision() > 0) {
        revised.add(activation.key() + "=" + activation.revision());
      }
    }
    if (!revised.isEmpty()) {
      lines.add("activation-revisions=" + revised);
    }
    // The losses the grid trains on: each task with each loss setting.
    java.util.SortedSet<String> losses = new java.util.TreeSet<>();
    Values tasks = grid.values(Settings.TASK);
    Values taskLosses = grid.values(Settings.LOSS);
    for (long t = 0; t < tasks.size(); t++) {
      for (long l = 0; l < taskLosses.size(); l++) {
        Loss loss = ((TaskKind) tasks.get(t)).create(0.0, (TaskLoss) taskLosses.get(l)).loss();
        if (loss.revision() > 0) {
          losses.add(loss.key() + "=" + loss.revision());
        }
      }
    }
    if (!losses.isEmpty()) {
      lines.add("loss-revisions=" + losses);
    }
    return String.join("\n", lines);
  }

  /**
   * "[a, b]". The first settings were hashed with their choices by their Java names ("RELU") and their tasks by
   * key; kept so.
   */
  private static String list(Setting<?> setting, Values values, boolean firstForm) {
    List<String> texts = new ArrayList<>();
    for (long i = 0; i < values.size(); i++) {
      Object value = values.get(i);
      texts.add(firstForm && value instanceof Enum<?> choice && setting != Settings.TASK ? choice.name()
          : setting.identity(value));
    }
    return texts.toString();
  }
}
