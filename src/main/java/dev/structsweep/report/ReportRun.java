package dev.structsweep.report;

import dev.structsweep.spark.SparkStart;
import dev.structsweep.store.ResultsDirectory;
import dev.structsweep.store.ResultsLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
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
    return runInSession(java.util.List.of(results), option, out);
  }

  /** As {@link #runInSession(String, String, Path)}, one report of several sweeps' results side by side. */
  public static Path runInSession(java.util.List<String> results, String option, Path out) throws IOException {
    Configuration hadoop = SparkStart.hadoopConfiguration();
    ReportTarget target = null;
    for (String result : results) {
      Report.readManifest(new ResultsDirectory(result, hadoop));
      target = ReportTarget.check(option, out, result, hadoop);
    }
    SparkSession spark = SparkStart.session("structsweep report", "local[*]");
    try {
      return Report.write(spark, results, target).directory();
    } finally {
      spark.stop();
    }
  }

  /** "a sweep is still writing …" when a live run holds results' lock: the report then covers part of them. */
  public static Optional<String> stillRunning(String results) throws IOException {
    Optional<ResultsLock.Holder> holder = ResultsLock.liveHolder(new ResultsDirectory(results, SparkStart.hadoopConfiguration()));
    return holder.map(h -> "note: a sweep is still writing " + results + " (" + h.describe(Instant.now())
        + "); the report covers the chunks committed so far");
  }
}
