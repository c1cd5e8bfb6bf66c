package dev.structsweep.store;

import dev.structsweep.net.Network;
import dev.structsweep.sweep.Identity;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.EpsilonEvaluation;
import dev.structsweep.task.TrialOutcome;
import dev.structsweep.task.TrialSpec;
import java.util.ArrayList;
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
 * The results' schema, from {@link Settings} and {@link ResultColumn}, and the rows of one training: one row
 * per ε. The settings' columns and the metrics are a pure function of the spec; the provenance columns (host, executor, attempt, milliseconds)
 * vary from run to run. History and final weights, the bulk of a row, are stored on the first ε's row only
 * (null on the others).
 */
public final class TrialRows {
  /** Columns that vary from run to run; every other column is deterministic. */
  public static final List<String> PROVENANCE = List.of("host", "executor_id", "task_attempt", "training_millis");

  public static final StructType SCHEMA = schema();

  private TrialRows() {}

  /**
   * The sweep, its spec hash, the training id and trial key; every setting's column ({@link Settings#COLUMNS});
   * every measured column ({@link ResultColumn}); then where and how the row was made.
   */
  private static StructType schema() {
    List<StructField> fields = new ArrayList<>(List.of(field("sweep", DataTypes.StringType),
        field("spec_hash", DataTypes.StringType), field("training_id", DataTypes.LongType),
        field("trial_key", DataTypes.StringType)));
    for (Setting<?> setting : Settings.COLUMNS) {
      fields.add(field(setting.column(), type(setting)));
    }
    for (ResultColumn column : ResultColumn.values()) {
      fields.add(column.nullable() ? nullable(column.column(), column.type()) : field(column.column(), column.type()));
    }
    fields.addAll(List.of(field("version", DataTypes.StringType), nullable("git_commit", DataTypes.StringType),
        field("host", DataTypes.StringType), field("executor_id", DataTypes.StringType),
        field("task_attempt", DataTypes.IntegerType), field("training_millis", DataTypes.DoubleType)));
    return new StructType(fields.toArray(StructField[]::new));
  }

  /** The Spark type of a setting's column, from the Java type of its cells. */
  public static DataType type(Setting<?> setting) {
    Class<?> cells = setting.cellType();
    if (cells == String.class) {
      return DataTypes.StringType;
    } else if (cells == Double.class) {
      return DataTypes.DoubleType;
    } else if (cells == Integer.class) {
      return DataTypes.IntegerType;
    } else if (cells == Long.class) {
      return DataTypes.LongType;
    } else if (cells == Boolean.class) {
      return DataTypes.BooleanType;
    } else if (cells == int[].class) {
      return DataTypes.createArrayType(DataTypes.IntegerType, false);
    }
    throw new IllegalStateException(setting.key() + ": no column type for cells of " + cells.getSimpleName());
  }

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
    return Identity.trialKey(spec);
  }

  /** One row per ε of the training's outcome, in the order of {@link #SCHEMA}. */
  public static List<Row> rows(long trainingId, TrialOutcome outcome, Provenance provenance) {
    TrialSpec spec = outcome.spec();
    String key = trialKey(spec);
    Object[] settings = new Object[Settings.COLUMNS.size()];
    for (int i = 0; i < settings.length; i++) {
      settings[i] = Settings.COLUMNS.get(i).cell(spec);
    }
    ResultColumn[] columns = ResultColumn.values();
    List<Row> rows = new ArrayList<>(outcome.evaluations().size());
    boolean first = true;
    for (EpsilonEvaluation evaluation : outcome.evaluations()) {
      Object[] values = new Object[SCHEMA.size()];
      int at = 0;
      values[at++] = provenance.sweep();
      values[at++] = provenance.specHash();
      values[at++] = trainingId;
      values[at++] = key;
      for (Object setting : settings) {
        values[at++] = setting;
      }
      for (ResultColumn column : columns) {
        values[at++] = column.value(outcome, evaluation, first);
      }
      values[at++] = provenance.version();
      values[at++] = provenance.gitCommit();
      values[at++] = provenance.host();
      values[at++] = provenance.executorId();
      values[at++] = provenance.taskAttempt();
      values[at++] = outcome.trainingNanos() / 1e6;
      rows.add(RowFactory.create(values));
      first = false;
    }
    return rows;
  }

  /**
   * Every weight matrix, row-major (target node by source node, {@link dev.structsweep.net.Topology#sources}),
   * layer after layer, a repository topology's idle matrix last.
   */
  public static double[] weights(Network network) {
    return concatenate(network.topology().matrices(), network::weights);
  }

  static double[] biases(Network network) {
    return concatenate(network.topology().weightLayers(), network::biases);
  }

  private static double[] concatenate(int layers, IntFunction<DMatrixRMaj> layer) {
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
