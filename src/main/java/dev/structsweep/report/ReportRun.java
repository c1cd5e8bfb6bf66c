package dev.structsweep.report;

import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/** The report command's Spark session: local unless spark-submit set a master. */
public final class ReportRun {
  private ReportRun() {}

  /**
   * Writes the report of results to out, after checking, before Spark starts, that results are a sweep's and
   * that the report may replace out (see {@link ReportTarget}).
   *
   * @param option the option that chose out, named when out is refused
   */
  public static Path runInSession(String results, String option, Path out) throws IOException {
    Configuration hadoop = new Configuration();
    if (!new org.apache.hadoop.fs.Path(results).getFileSystem(hadoop)
        .exists(new org.apache.hadoop.fs.Path(results, "manifest.json"))) {
      throw new IllegalArgumentException(results + ": not a sweep's results directory (no manifest.json)");
    }
    ReportTarget target = ReportTarget.check(option, out, results, hadoop);
    SparkSession.Builder builder = SparkSession.builder().appName("structsweep report")
        .config("spark.ui.showConsoleProgress", "false");
    if (System.getProperty("spark.master") == null) {
      builder.master("local[*]").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    SparkSession spark = builder.getOrCreate();
    try {
      return Report.write(spark, results, target).directory();
    } finally {
      spark.stop();
    }
  }
}
