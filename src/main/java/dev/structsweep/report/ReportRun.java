package dev.structsweep.report;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The report command's Spark session: local unless spark-submit set a master. */
public final class ReportRun {
  private ReportRun() {}

  public static Path runInSession(String results, Path out) throws IOException {
    if (!new org.apache.hadoop.fs.Path(results).getFileSystem(new org.apache.hadoop.conf.Configuration())
        .exists(new org.apache.hadoop.fs.Path(results, "manifest.json"))) {
      throw new IllegalArgumentException(results + ": not a sweep's results directory (no manifest.json)");
    }
    SparkSession.Builder builder = SparkSession.builder().appName("structsweep report")
        .config("spark.ui.showConsoleProgress", "false");
    if (System.getProperty("spark.master") == null) {
      builder.master("local[*]").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkSession spark = builder.getOrCreate();
    try {
      return Report.write(spark, results, out).directory();
    } finally {
      spark.stop();
    }
  }
}
