package dev.structsweep.sweep;

import dev.structsweep.net.History;
import dev.structsweep.net.Network;
import dev.structsweep.task.EpsilonEvaluation;
import dev.structsweep.task.TaskMetrics;
import dev.structsweep.task.TrialOutcome;
import dev.structsweep.task.TrialSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.ejml.data.DMatrixRMaj;

/**
 * The results' schema, in one place, and the rows of one training: one row per ε. The spec's columns and the
 * metrics are a pure function of the spec; the provenance columns (host, executor, attempt, milliseconds)
 * vary from run to run. History and final weights, the bulk of a row, are stored on the first ε's row only
 * (null on the others).
 */
public final class TrialRows {
  /** Columns that vary from run to run; every other column is deterministic. */
  public static final List<String> PROVENANCE = List.of("host", "executor_id", "task_attempt", "training_millis");

  public static final StructType SCHEMA = new StructType(new StructField[] {
      field("sweep", DataTypes.StringType),
      field("spec_hash", DataTypes.StringType),
      field("training_id", DataTypes.LongType),
      field("trial_key", DataTypes.StringType),
      field("task", DataTypes.StringType),
      field("hidden", DataTypes.createArrayType(DataTypes.IntegerType, false)),
      field("activation", DataTypes.StringType),
      field("bias", DataTypes.BooleanType),
      field("optimizer", DataTypes.StringType),
      field("l1", DataTypes.StringType),
      field("lambda", DataTypes.DoubleType),
      field("learning_rate", DataTypes.DoubleType),
      field("epochs", DataTypes.IntegerType),
      field("batch_size", DataTypes.IntegerType),
      field("seed", DataTypes.LongType),
      field("train_size", DataTypes.IntegerType),
      field("test_size", DataTypes.IntegerType),
      field("noise", DataTypes.DoubleType),
      field("epsilon", DataTypes.DoubleType),
      field("edges", DataTypes.IntegerType),
      field("active_edges", DataTypes.IntegerType),
      field("sparsity", DataTypes.DoubleType),
      field("dead_hidden_units", DataTypes.IntegerType),
      field("solved", DataTypes.BooleanType),
      field("diverged", DataTypes.BooleanType),
      field("epochs_completed", DataTypes.IntegerType),
      field("pruned_test_loss", DataTypes.DoubleType),
      field("pruned_test_accuracy", DataTypes.DoubleType),
      field("pruned_test_mse", DataTypes.DoubleType),
      field("pruned_test_mae", DataTypes.DoubleType),
      field("pruned_test_r2", DataTypes.DoubleType),
      field("dense_train_loss", DataTypes.DoubleType),
      field("dense_test_loss", DataTypes.DoubleType),
      field("dense_test_accuracy", DataTypes.DoubleType),
      field("dense_test_mse", DataTypes.DoubleType),
      field("dense_test_mae", DataTypes.DoubleType),
      field("dense_test_r2", DataTypes.DoubleType),
      nullable("history_epoch", DataTypes.createArrayType(DataTypes.IntegerType, false)),
      nullable("history_loss", DataTypes.createArrayType(DataTypes.DoubleType, false)),
      nullable("history_task_loss", DataTypes.createArrayType(DataTypes.DoubleType, false)),
      nullable("history_active_edges", DataTypes.createArrayType(DataTypes.IntegerType, false)),
      nullable("final_weights", DataTypes.createArrayType(DataTypes.DoubleType, false)),
      nullable("final_biases", DataTypes.createArrayType(DataTypes.DoubleType, false)),
      field("version", DataTypes.StringType),
      nullable("git_commit", DataTypes.StringType),
      field("host", DataTypes.StringType),
      field("executor_id", DataTypes.StringType),
      field("task_attempt", DataTypes.IntegerType),
      field("training_millis", DataTypes.DoubleType)});

  private TrialRows() {}

  private static StructField field(String name, DataType type) {
    return DataTypes.createStructField(name, type, false);
  }

  private static StructField nullable(String name, DataType type) {
    return DataTypes.createStructField(name, type, true);
  }

  /** Where a training ran, for the provenance columns. */
  public record Provenance(String sweep, String specHash, String version, String gitCommit, String host,
      String executorId, int taskAttempt) {}

  /** A content-derived key of one training: the same settings give the same key in any sweep. */
  public static String trialKey(TrialSpec spec) {
    String identity = String.join("|", spec.task().key(), Arrays.toString(spec.hidden()), spec.activation().key(),
        Boolean.toString(spec.bias()), spec.optimizer().key(), spec.l1().key(), Double.toString(spec.lambda()),
        Double.toString(spec.learningRate()), Integer.toString(spec.epochs()),
        Integer.toString(spec.batchSize()), Long.toString(spec.seed()), Integer.toString(spec.trainSize()),
        Integer.toString(spec.testSize()), Double.toString(spec.noise()));
    return SweepSpec.sha256(identity).substring(0, 20);
  }

  /** One row per ε of the training's outcome. */
  public static List<Row> rows(long trainingId, TrialOutcome outcome, Provenance provenance) {
    TrialSpec spec = outcome.spec();
    String key = trialKey(spec);
    History history = outcome.training().history();
    Network trained = outcome.training().network();
    List<Row> rows = new ArrayList<>(outcome.evaluations().size());
    boolean first = true;
    for (EpsilonEvaluation evaluation : outcome.evaluations()) {
      TaskMetrics pruned = evaluation.prunedTest();
      TaskMetrics train = outcome.denseTrain();
      TaskMetrics test = outcome.denseTest();
      rows.add(RowFactory.create(provenance.sweep(), provenance.specHash(), trainingId, key, spec.task().key(),
          spec.hidden(), spec.activation().key(), spec.bias(), spec.optimizer().key(), spec.l1().key(),
          spec.lambda(), spec.learningRate(), spec.epochs(), spec.batchSize(), spec.seed(), spec.trainSize(),
          spec.testSize(), spec.noise(), evaluation.epsilon(), outcome.edges(), evaluation.activeEdges(),
          evaluation.sparsity(), evaluation.deadHiddenUnits(), evaluation.solved(), outcome.diverged(),
          outcome.training().epochsCompleted(), pruned.loss(), pruned.accuracy(), pruned.mse(), pruned.mae(),
          pruned.r2(), train.loss(), test.loss(), test.accuracy(), test.mse(), test.mae(), test.r2(),
          first ? history.epochs() : null, first ? history.loss() : null, first ? history.taskLoss() : null,
          first ? history.activeEdges() : null, first ? weights(trained) : null,
          first ? biases(trained) : null, provenance.version(), provenance.gitCommit(), provenance.host(),
          provenance.executorId(), provenance.taskAttempt(), outcome.trainingNanos() / 1e6));
      first = false;
    }
    return rows;
  }

  /** Every weight matrix, row-major (target node by source node), layer after layer. */
  static double[] weights(Network network) {
    return concatenate(network, network::weights);
  }

  static double[] biases(Network network) {
    return concatenate(network, network::biases);
  }

  private static double[] concatenate(Network network, IntFunction<DMatrixRMaj> layer) {
    int layers = network.topology().weightLayers();
    int total = 0;
    for (int k = 0; k < layers; k++) {
      total += layer.apply(k).getNumElements();
    }
    double[] all = new double[total];
    int at = 0;
    for (int k = 0; k < layers; k++) {
      DMatrixRMaj m = layer.apply(k);
      System.arraycopy(m.data, 0, all, at, m.getNumElements());
      at += m.getNumElements();
    }
    return all;
  }
}
