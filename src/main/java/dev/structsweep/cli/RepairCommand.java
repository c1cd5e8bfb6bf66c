package dev.structsweep.cli;

import dev.structsweep.spark.SweepRepair;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code structsweep repair}: rebuilds a results directory's manifest from its committed chunks and sweep.conf. */
@Command(name = "repair", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Rebuilds a results directory's manifest from its committed chunks and its sweep settings.",
        "It audits every committed chunk first, holds the results' lock while it works, and deletes nothing."})
final class RepairCommand implements Callable<Integer> {
  @Spec
  private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "RESULTS", description = "a sweep's results directory, e.g. results/quick")
  private String results;

  @Override
  public Integer call() throws Exception {
    String said = SweepRepair.run(results, Main.version(), SweepCommand.gitCommit());
    spec.commandLine().getOut().println(said);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
