package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.structsweep.sweep.Settings;
import dev.structsweep.testing.SparkSessions;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class SummariesTest {
  @AfterAll
  static void stopSpark() {
    SparkSessions.stop();
  }

  @Test
  void resultsWrittenBeforeASettingExistedReadItAtItsNeutralValueAndTheMetricIsTheTasks() {
    Dataset<Row> older = SparkSessions.shared().range(2).selectExpr(
        "CASE WHEN id = 0 THEN 'xor' ELSE 'addition' END AS task", "CAST(0.75 AS DOUBLE) AS pruned_test_accuracy",
        "CAST(0.5 AS DOUBLE) AS pruned_test_r2", "id = 1 AS diverged");
    List<Row> rows = Summaries.prepare(older).orderBy("task").collectAsList();
    assertEquals(1.0, rows.get(0).getDouble(rows.get(0).fieldIndex(Settings.INIT_SCALE.column())));
    assertEquals(0.5, rows.get(0).getDouble(rows.get(0).fieldIndex("metric")), "addition: R²");
    assertEquals(0.75, rows.get(1).getDouble(rows.get(1).fieldIndex("metric")), "xor: accuracy");
    assertEquals(true, rows.get(0).isNullAt(rows.get(0).fieldIndex("metric_kept")), "diverged: not kept");
  }

  @Test
  void chunksWrittenBeforeASettingExistedBesideOnesWrittenAfterReadItsNullsAsTheNeutralValue() {
    Dataset<Row> mixed = SparkSessions.shared().range(2).selectExpr("'xor' AS task",
        "CAST(0.75 AS DOUBLE) AS pruned_test_accuracy", "CAST(0.5 AS DOUBLE) AS pruned_test_r2", "false AS diverged",
        "CASE WHEN id = 0 THEN CAST(NULL AS DOUBLE) ELSE 0.5 END AS init_scale");
    List<Row> rows = Summaries.prepare(mixed).orderBy("init_scale").collectAsList();
    assertEquals(0.5, rows.get(0).getDouble(rows.get(0).fieldIndex("init_scale")));
    assertEquals(1.0, rows.get(1).getDouble(rows.get(1).fieldIndex("init_scale")));
  }
}
