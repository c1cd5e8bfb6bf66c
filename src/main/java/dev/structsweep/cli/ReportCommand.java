package dev.structsweep.cli;

import dev.structsweep.report.ReportRun;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code structsweep report}: the report of a sweep's results, from its Parquet rows alone. */
@Command(name = "report", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Summarises a sweep's committed results (or several sweeps', side by side) into a report and prints"
        + " where it is.",
        "The report directory holds the page index.html with its charts, and the tables summary.csv and"
            + " summary.md."})
final class ReportCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RESULTS", description = "a sweep's results directory, e.g. results/quick;"
      + " several make one report of them side by side (they may share no training, and need --out)")
  private java.util.List<String> results;

  @Option(names = "--out", paramLabel = "DIR", description = "where the report goes (default: reports/NAME beside the"
      + " results directory, results/reports/NAME for results/NAME); it may replace only an earlier report or an"
      + " empty directory")
  private Path out;

  @Override
  public Integer call() throws Exception {
    if (out == null && results.size() > 1) {
      throw new IllegalArgumentException("--out: a report of " + results.size() + " results needs the directory it"
          + " goes to, found none");
    }
    String first = results.get(0);
    Path target = out != null ? out : dev.structsweep.report.ReportTarget.defaultFor(first,
        new org.apache.hadoop.fs.Path(first).getName(), dev.structsweep.spark.SparkStart.hadoopConfiguration());
    for (String result : results) {
      ReportRun.stillRunning(result).ifPresent(note -> {
        spec.commandLine().getOut().println(note);
        spec.commandLine().getOut().flush();
      });
    }
    Path written = ReportRun.runInSession(results, "--out", target);
    spec.commandLine().getOut().println("report: " + written.resolve("index.html"));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
