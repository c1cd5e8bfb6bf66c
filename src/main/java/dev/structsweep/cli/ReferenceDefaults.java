package dev.structsweep.cli;

import com.typesafe.config.Config;
import dev.structsweep.sweep.SweepFiles;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from {@code reference.conf}'s {@code sweep} block, so the command line and a sweep file
 * share one set of defaults. An option {@code --a-b} reads {@code sweep.a-b}; {@code --solved-accuracy}
 * reads {@code sweep.solved.accuracy}. Lists become comma-separated values.
 */
final class ReferenceDefaults implements IDefaultValueProvider {
  static final String ROOT = "sweep";
  private final Config reference = reference();

  /** The reference settings of a sweep: the {@code sweep} block. */
  static Config reference() {
    return SweepFiles.reference().getConfig(ROOT);
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option)) {
      return null;
    }
    String path = option.longestName().replaceFirst("^--", "").replaceFirst("^solved-", "solved.");
    if (!reference.hasPath(path)) {
      return null;
    }
    ConfigValue value = reference.getValue(path);
    if (value.valueType() == ConfigValueType.LIST) {
      return ((List<?>) value.unwrapped()).stream().map(String::valueOf).collect(Collectors.joining(","));
    }
    return String.valueOf(value.unwrapped());
  }
}
