package dev.structsweep.report;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Column;

/** The rows of one configuration's trainings, any ε. */
final class Selection {
  private Selection() {}

  static Column training(ConfigurationSummary s) {
    return col("task").equalTo(s.task()).and(col("hidden_label").equalTo(s.hidden()))
        .and(col("activation").equalTo(s.activation())).and(col("bias").equalTo(s.bias()))
        .and(col("optimizer").equalTo(s.optimizer())).and(col("l1").equalTo(s.l1()))
        .and(col("lambda").equalTo(s.lambda())).and(col("learning_rate").equalTo(s.learningRate()))
        .and(col("epochs").equalTo(s.epochs())).and(col("batch_size").equalTo(s.batchSize()));
  }
}
