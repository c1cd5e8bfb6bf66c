package dev.structsweep.cli;

import dev.structsweep.report.ReportRun;
import dev.structsweep.report.ReportTarget;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.spark.SweepJob;
import dev.structsweep.sweep.SweepSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code structsweep sweep}: validates a sweep file, then trains every chunk not yet committed, on Spark. */
@Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Runs a sweep on Spark and writes its results to OUTPUT/NAME.",
        "It runs in local mode unless spark-submit sets a master, and writes trials/ in Parquet, sweep.conf and"
            + " manifest.json. Running the same sweep again resumes it: only chunks not yet committed are trained."})
final class SweepCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "SWEEP.conf", description = "the sweep file (HOCON), e.g. conf/quick.conf")
  private Path file;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "override a setting of the sweep block, e.g. --set lambda=[0,0.01] (repeatable)")
  private List<String> sets = new ArrayList<>();

  @Option(names = "--output", paramLabel = "DIR", description = "where results go (default: sweep.output, results)")
  private String output;

  @Option(names = "--overwrite", description = "replace the results of a different sweep of the same name")
  private boolean overwrite;

  @Option(names = "--report", paramLabel = "DIR", arity = "0..1", fallbackValue = "",
      description = "when the sweep completes, write its report to DIR (default: reports/NAME beside the results"
          + " directory, results/reports/NAME for results/NAME); it may replace only an earlier report or an empty"
          + " directory")
  private String report;

  @Override
  public Integer call() throws Exception {
    SweepSpec sweep = load(file, sets, output);
    Path target = report == null ? null : report.isEmpty() ? ReportTarget.defaultFor(sweep.resultsLocation(),
        sweep.name(), dev.structsweep.spark.SparkStart.hadoopConfiguration()) : Path.of(report);
    if (target != null) {
      // Refused now rather than after the training, which may take hours.
      ReportTarget.check("--report", target, sweep.resultsLocation(),
          dev.structsweep.spark.SparkStart.hadoopConfiguration());
    }
    SweepJob.Outcome outcome = SweepJob.runInSession(sweep, overwrite, Main.version(), gitCommit(),
        spec.commandLine().getOut());
    if (target != null) {
      Path written = ReportRun.runInSession(outcome.results(), "--report", target);
      spec.commandLine().getOut().println("report: " + written.resolve("index.html"));
      spec.commandLine().getOut().flush();
    }
    return 0;
  }

  static SweepSpec load(Path file, List<String> sets, String output) {
    return SweepFiles.load(file, sets, output);
  }

  /** The commit the scripts pass in, if any. */
  static String gitCommit() {
    String commit = System.getProperty("structsweep.git-commit", System.getenv("STRUCTSWEEP_GIT_COMMIT"));
    return commit == null || commit.isBlank() ? null : commit.trim();
  }
}
