package dev.structsweep.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialOutcome;
import dev.structsweep.task.TrialSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code structsweep train}: one trial, a short human summary, and optionally the whole trial as JSON. Its options
 * are the training settings of {@link Settings}, and the trial is a sweep of one cell: each option is read as the
 * {@code --set} of its key would be, over reference.conf's defaults.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    modelTransformer = TrainCommand.SettingOptions.class,
    description = {"Trains one network and prints its metrics and surviving edges.",
        "Every option is a setting of a sweep file, read the same way; defaults come from reference.conf."})
final class TrainCommand implements Callable<Integer> {
  static final String DUMP = "--dump";

  @Spec
  private CommandSpec spec;

  /** Adds an option for every setting that has one, then --dump. */
  static final class SettingOptions implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec command) {
      Config reference = SweepFiles.reference().getConfig("sweep");
      for (Setting<?> setting : Settings.ALL) {
        if (setting.options().isEmpty()) {
          continue;
        }
        OptionSpec.Builder option = OptionSpec.builder(setting.options().toArray(String[]::new))
            .description(setting.description() + " Default: " + defaultText(setting, reference) + ".");
        if (setting == Settings.BIAS) {
          option.negatable(true).type(boolean.class);
        } else {
          option.paramLabel(setting.paramLabel()).type(String.class);
        }
        command.addOption(option.build());
      }
      command.addOption(OptionSpec.builder(DUMP).paramLabel("FILE.json").type(Path.class)
          .description("Write the whole trial (config, data, initial and final weights, history and metrics) to"
              + " FILE.json.")
          .build());
      return command;
    }
  }

  @Override
  public Integer call() throws IOException {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<SweepFiles.Given> given = new ArrayList<>();
    for (Setting<?> setting : Settings.ALL) {
      if (!setting.options().isEmpty() && parsed.hasMatchedOption(setting.options().get(0))) {
        OptionSpec option = spec.findOption(setting.options().get(0));
        given.add(new SweepFiles.Given(setting, option.longestName(),
            String.valueOf((Object) parsed.matchedOption(option.longestName()).getValue())));
      }
    }
    TrialSpec trial = SweepFiles.trial(given);
    Path dump = parsed.matchedOptionValue(DUMP, null);
    PrintWriter out = spec.commandLine().getOut();
    TrialOutcome outcome = Trial.run(trial);
    TrialSummary.print(outcome, out);
    if (dump != null) {
      TrialJson.write(outcome, dump);
      out.println("wrote " + dump);
    }
    out.flush();
    return 0;
  }

  /** The reference's value as the option is written: "4", "0.01", "200 for xor, 200 for addition". */
  static String defaultText(Setting<?> setting, Config reference) {
    if (setting.shape() == Setting.Shape.PER_TASK) {
      return Arrays.stream(TaskKind.values())
          .map(task -> text(reference.getValue(setting.key(task))) + " for " + task.key())
          .collect(Collectors.joining(", "));
    }
    if (setting == Settings.SEED) {
      ConfigValue seeds = reference.getValue(setting.key());
      return seeds.valueType() == ConfigValueType.OBJECT ? text(reference.getValue(setting.key() + ".from"))
          : text(((com.typesafe.config.ConfigList) seeds).get(0));
    }
    return text(reference.getValue(setting.key()));
  }

  private static String text(ConfigValue value) {
    if (value.valueType() == ConfigValueType.LIST) {
      return ((List<?>) value.unwrapped()).stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return String.valueOf(value.unwrapped());
  }
}
