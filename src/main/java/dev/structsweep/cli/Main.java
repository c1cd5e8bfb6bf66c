package dev.structsweep.cli;

import dev.structsweep.spark.SweepJob;
import dev.structsweep.store.Faults;
import dev.structsweep.sweep.Echo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine;

/** The {@code structsweep} command. */
@Command(name = "structsweep", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    subcommands = {TrainCommand.class, SweepCommand.class, GridCommand.class, ReportCommand.class, RepairCommand.class,
        CommandLine.HelpCommand.class},
    description = "Sweeps of Structure-Aware Backpropagation: tiny networks pruned by L1 pressure.")
public final class Main implements Runnable {
  /** Exit status of bad input: a bad option, value or setting. */
  public static final int EXIT_USAGE = 2;
  /** Exit status of a failure that is not the input's fault, such as an unwritable file. */
  public static final int EXIT_FAILURE = 1;

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    System.exit(execute(out, err, args));
  }

  /** Runs the command with the given streams and returns its exit status. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler((exception, arguments) ->
        say(err, exception.getCommandLine().getCommandSpec().qualifiedName(), exception.getMessage(), EXIT_USAGE));
    commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
      String command = line.getCommandSpec().qualifiedName();
      if (exception instanceof SweepJob.Interrupted interrupted) {
        return say(err, command, interrupted.getMessage(), interrupted.exitStatus());
      }
      if (exception instanceof IllegalArgumentException) {
        return say(err, command, exception.getMessage(), EXIT_USAGE);
      }
      if (exception instanceof IOException || exception instanceof UncheckedIOException) {
        return say(err, command, exception.getMessage(), EXIT_FAILURE);
      }
      if (Faults.fromSpark(exception)) {
        // A job that failed for a reason of the cluster's or the file system's: what it said, not its stack.
        return say(err, command, Faults.cause(exception), EXIT_FAILURE);
      }
      throw exception;
    });
    try {
      return commandLine.execute(args);
    } catch (org.apache.hadoop.fs.FSError failed) {
      // Hadoop's local file system throws this Error, not an IOException, for a full disk or a failing device.
      List<CommandLine> parsed = commandLine.getParseResult() == null ? List.of()
          : commandLine.getParseResult().asCommandLineList();
      String command = parsed.isEmpty() ? "structsweep" : parsed.get(parsed.size() - 1).getCommandSpec().qualifiedName();
      return say(err, command, Faults.cause(failed), EXIT_FAILURE);
    }
  }

  /** "structsweep sweep: message", escaped to stay one line; returns status. */
  private static int say(PrintWriter err, String command, String message, int status) {
    err.println(command + ": " + Echo.escaped(String.valueOf(message)));
    err.flush();
    return status;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The project version, from the build. */
  public static String version() {
    try (InputStream in = Main.class.getResourceAsStream("/structsweep-version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"structsweep " + version()};
    }
  }
}
