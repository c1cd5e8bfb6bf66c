package dev.structsweep.bench;

import dev.structsweep.report.Summaries;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One SQL query over results, for the figures of docs/findings.md: the rows of every results directory named
 * (prepared as the report reads them, so rows written before a column was added hold its null or derived value) as
 * the view {@code t}.
 *
 * <pre>java … dev.structsweep.bench.ResultsQuery "SELECT l1, count(*) FROM t GROUP BY l1" RESULTS_DIR…</pre>
 */
public final class ResultsQuery {
  private ResultsQuery() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: ResultsQuery SQL RESULTS_DIR…");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("results-query")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    try {
      Dataset<Row> rows = null;
      for (int i = 1; i < args.length; i++) {
        Dataset<Row> one = Summaries.prepare(spark.read().parquet(args[i] + "/trials"));
        rows = rows == null ? one : rows.unionByName(one, true);
      }
      rows.createOrReplaceTempView("t");
      spark.sql(args[0]).show(10_000, false);
    } finally {
      spark.stop();
    }
  }
}
