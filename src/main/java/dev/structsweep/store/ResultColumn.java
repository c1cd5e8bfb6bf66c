package dev.structsweep.store;

import dev.structsweep.task.EpsilonEvaluation;
import dev.structsweep.task.KnownMinima;
import dev.structsweep.task.Retrained;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TaskMetrics;
import dev.structsweep.task.TrialOutcome;
import java.util.Arrays;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * The results' measured columns, once: name, type, which task defines it (the others hold NaN there), whether
 * higher is better, and how its value is taken from a trial's outcome at one ε. The history and the final
 * weights, the bulk of a row, are on each training's first ε row only (null on the others). The report reads
 * column names from here.
 */
public enum ResultColumn {
  EPSILON("epsilon", DataTypes.DoubleType, null, null, (o, e, h) -> e.epsilon()),
  EDGES("edges", DataTypes.IntegerType, null, null, (o, e, h) -> o.edges()),
  ACTIVE_EDGES("active_edges", DataTypes.IntegerType, null, false, (o, e, h) -> e.activeEdges()),
  SPARSITY("sparsity", DataTypes.DoubleType, null, true, (o, e, h) -> e.sparsity()),
  DEAD_HIDDEN_UNITS("dead_hidden_units", DataTypes.IntegerType, null, null, (o, e, h) -> e.deadHiddenUnits()),
  SOLVED("solved", DataTypes.BooleanType, null, true, (o, e, h) -> e.solved()),
  OUTCOME("outcome", DataTypes.StringType, null, null, (o, e, h) -> e.outcome().key()),
  DIVERGED("diverged", DataTypes.BooleanType, null, false, (o, e, h) -> o.diverged()),
  EPOCHS_COMPLETED("epochs_completed", DataTypes.IntegerType, null, null,
      (o, e, h) -> o.training().epochsCompleted()),
  LOSS_TAIL_CHANGE("loss_tail_change", DataTypes.DoubleType, null, null,
      (o, e, h) -> o.training().lossTailChange()),
  PRUNED_CORNERS("pruned_corners", DataTypes.IntegerType, TaskKind.XOR, true, (o, e, h) -> e.corners()),
  ZERO_EDGES("zero_edges", DataTypes.IntegerType, null, null, (o, e, h) -> zeroEdges(o.training().network())),
  MINIMUM_EDGES("minimum_edges", DataTypes.IntegerType, null, null, true,
      (o, e, h) -> {
        java.util.OptionalInt minimum = KnownMinima.edges(o.spec());
        return minimum.isPresent() ? minimum.getAsInt() : null;
      }),
  AT_MINIMUM("at_minimum", DataTypes.BooleanType, null, true, true, (o, e, h) -> e.atMinimum()),
  FINETUNED_SOLVED("finetuned_solved", DataTypes.BooleanType, null, true, true,
      (o, e, h) -> e.fineTuned() == null ? null : e.fineTuned().solved()),
  FINETUNED_TEST_LOSS("finetuned_test_loss", DataTypes.DoubleType, null, false,
      (o, e, h) -> retrained(e.fineTuned()).loss()),
  FINETUNED_TEST_ACCURACY("finetuned_test_accuracy", DataTypes.DoubleType, TaskKind.XOR, true,
      (o, e, h) -> retrained(e.fineTuned()).accuracy()),
  FINETUNED_TEST_R2("finetuned_test_r2", DataTypes.DoubleType, TaskKind.ADDITION, true,
      (o, e, h) -> retrained(e.fineTuned()).r2()),
  TICKET_SOLVED("ticket_solved", DataTypes.BooleanType, null, true, true,
      (o, e, h) -> e.ticket() == null ? null : e.ticket().solved()),
  TICKET_TEST_LOSS("ticket_test_loss", DataTypes.DoubleType, null, false, (o, e, h) -> retrained(e.ticket()).loss()),
  TICKET_TEST_ACCURACY("ticket_test_accuracy", DataTypes.DoubleType, TaskKind.XOR, true,
      (o, e, h) -> retrained(e.ticket()).accuracy()),
  TICKET_TEST_R2("ticket_test_r2", DataTypes.DoubleType, TaskKind.ADDITION, true,
      (o, e, h) -> retrained(e.ticket()).r2()),
  REDUCED_EDGES("reduced_edges", DataTypes.IntegerType, null, false, true,
      (o, e, h) -> e.reduced() == null ? null : e.reduced().edges()),
  REDUCED_TEST_ACCURACY("reduced_test_accuracy", DataTypes.DoubleType, TaskKind.XOR, true,
      (o, e, h) -> e.reduced() == null ? Double.NaN : e.reduced().test().accuracy()),
  REDUCED_TEST_R2("reduced_test_r2", DataTypes.DoubleType, TaskKind.ADDITION, true,
      (o, e, h) -> e.reduced() == null ? Double.NaN : e.reduced().test().r2()),
  IMP_EDGES("imp_edges", DataTypes.IntegerType, null, false, true,
      (o, e, h) -> e.magnitude() == null ? null : e.magnitude().edges()),
  DISTANCE_TO_MINIMUM("distance_to_minimum", DataTypes.IntegerType, null, false, true,
      (o, e, h) -> {
        java.util.OptionalInt minimum = KnownMinima.edges(o.spec());
        return e.solved() && minimum.isPresent() ? e.activeEdges() - minimum.getAsInt() : null;
      }),
  TOTAL_EPOCHS("total_epochs", DataTypes.IntegerType, null, false,
      (o, e, h) -> o.training().epochsCompleted()
          + (e.reduced() == null ? 0 : e.reduced().attempts() * o.spec().reduceEpochs())
          + (e.magnitude() == null ? 0 : e.magnitude().attempts()
              * (o.spec().epochs() - o.spec().get(dev.structsweep.task.Parameters.IMP_REWIND)))),
  PRUNED_TEST_LOSS("pruned_test_loss", DataTypes.DoubleType, null, false, (o, e, h) -> e.prunedTest().loss()),
  PRUNED_TEST_ACCURACY("pruned_test_accuracy", DataTypes.DoubleType, TaskKind.XOR, true,
      (o, e, h) -> e.prunedTest().accuracy()),
  PRUNED_TEST_MSE("pruned_test_mse", DataTypes.DoubleType, TaskKind.ADDITION, false,
      (o, e, h) -> e.prunedTest().mse()),
  PRUNED_TEST_MAE("pruned_test_mae", DataTypes.DoubleType, TaskKind.ADDITION, false,
      (o, e, h) -> e.prunedTest().mae()),
  PRUNED_TEST_R2("pruned_test_r2", DataTypes.DoubleType, TaskKind.ADDITION, true, (o, e, h) -> e.prunedTest().r2()),
  DENSE_TRAIN_LOSS("dense_train_loss", DataTypes.DoubleType, null, false, (o, e, h) -> o.denseTrain().loss()),
  DENSE_TEST_LOSS("dense_test_loss", DataTypes.DoubleType, null, false, (o, e, h) -> o.denseTest().loss()),
  DENSE_TEST_ACCURACY("dense_test_accuracy", DataTypes.DoubleType, TaskKind.XOR, true,
      (o, e, h) -> o.denseTest().accuracy()),
  DENSE_TEST_MSE("dense_test_mse", DataTypes.DoubleType, TaskKind.ADDITION, false, (o, e, h) -> o.denseTest().mse()),
  DENSE_TEST_MAE("dense_test_mae", DataTypes.DoubleType, TaskKind.ADDITION, false, (o, e, h) -> o.denseTest().mae()),
  DENSE_TEST_R2("dense_test_r2", DataTypes.DoubleType, TaskKind.ADDITION, true, (o, e, h) -> o.denseTest().r2()),
  HISTORY_EPOCH("history_epoch", DataTypes.createArrayType(DataTypes.IntegerType, false), null, null,
      (o, e, h) -> h ? o.training().history().epochs() : null),
  HISTORY_LOSS("history_loss", DataTypes.createArrayType(DataTypes.DoubleType, false), null, false,
      (o, e, h) -> h ? o.training().history().loss() : null),
  HISTORY_TASK_LOSS("history_task_loss", DataTypes.createArrayType(DataTypes.DoubleType, false), null, false,
      (o, e, h) -> h ? o.training().history().taskLoss() : null),
  HISTORY_ACTIVE_EDGES("history_active_edges", DataTypes.createArrayType(DataTypes.IntegerType, false), null, false,
      (o, e, h) -> h ? o.training().history().activeEdges() : null),
  FINAL_WEIGHTS("final_weights", DataTypes.createArrayType(DataTypes.DoubleType, false), null, null,
      (o, e, h) -> h ? TrialRows.weights(o.training().network()) : null),
  FINAL_BIASES("final_biases", DataTypes.createArrayType(DataTypes.DoubleType, false), null, null,
      (o, e, h) -> h ? TrialRows.biases(o.training().network()) : null);

  /** A column's value for one training at one ε; first: the training's first ε row, which holds the bulk. */
  @FunctionalInterface
  interface Value {
    Object of(TrialOutcome outcome, EpsilonEvaluation evaluation, boolean first);
  }

  private final String column;
  private final DataType type;
  private final TaskKind task;
  private final Boolean higherIsBetter;
  private final boolean mayBeNull;
  private final Value value;

  ResultColumn(String column, DataType type, TaskKind task, Boolean higherIsBetter, Value value) {
    this(column, type, task, higherIsBetter, false, value);
  }

  /** mayBeNull: the value is null where it is not defined (no known minimum, no retraining). */
  ResultColumn(String column, DataType type, TaskKind task, Boolean higherIsBetter, boolean mayBeNull,
      Value value) {
    this.column = column;
    this.type = type;
    this.task = task;
    this.higherIsBetter = higherIsBetter;
    this.mayBeNull = mayBeNull;
    this.value = value;
  }

  private static final TaskMetrics NOT_RETRAINED =
      new TaskMetrics(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

  /** Edges whose weight is exactly 0 (the proximal and group rules make them; ε prunes the others too). */
  private static int zeroEdges(dev.structsweep.net.Network network) {
    int zeros = 0;
    for (int m = 0; m < network.topology().matrices(); m++) {
      for (double w : network.weights(m).data) {
        zeros += w == 0.0 ? 1 : 0;
      }
    }
    return zeros;
  }

  /** A retraining's test metrics, NaN throughout when there was none. */
  private static TaskMetrics retrained(Retrained retrained) {
    return retrained == null ? NOT_RETRAINED : retrained.test();
  }

  public String column() {
    return column;
  }

  public DataType type() {
    return type;
  }

  /** Null on every row but a training's first (history, final weights). */
  public boolean firstRowOnly() {
    return column.startsWith("history_") || column.startsWith("final_");
  }

  /** May hold null: on the rows that are not a training's first, or a whole number a task does not define. */
  public boolean nullable() {
    return mayBeNull || firstRowOnly() || (task != null && type == DataTypes.IntegerType);
  }

  /** The task that defines the column, or empty when every task does. */
  public Optional<TaskKind> task() {
    return Optional.ofNullable(task);
  }

  /** True when a higher value is better, false when lower is, empty when neither (a count, a setting). */
  public Optional<Boolean> higherIsBetter() {
    return Optional.ofNullable(higherIsBetter);
  }

  Object value(TrialOutcome outcome, EpsilonEvaluation evaluation, boolean first) {
    return value.of(outcome, evaluation, first);
  }

  /** The pruned network's test metric that decides whether task is solved: "pruned_test_accuracy" for XOR. */
  public static ResultColumn prunedPrimary(TaskKind task) {
    String name = "pruned_test_" + task.primaryMetric();
    return Arrays.stream(values()).filter(c -> c.column.equals(name) && c.task == task).findFirst()
        .orElseThrow(() -> new IllegalStateException(task.key() + ": no column " + name));
  }

}
