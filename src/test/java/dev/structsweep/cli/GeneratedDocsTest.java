package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The tables of docs/ that restate what the program itself says: every command's options as its {@code --help}
 * gives them (docs/commands.md), and every setting of reference.conf with its default and its comment
 * (docs/settings.md). Each table sits between two markers and must equal what this test generates, so a new
 * option or setting, or a changed default or description, fails here until the docs say it too. Rewrite the
 * tables with {@code mvn -q test -Dtest=GeneratedDocsTest -Dstructsweep.write-docs=true}.
 */
class GeneratedDocsTest {
  private static final boolean WRITE = Boolean.getBoolean("structsweep.write-docs");
  private static final Pattern DEFAULT = Pattern.compile("\\s*Default: (.*?)\\.?$");

  @Test
  void everyCommandsOptionsAreInDocsCommands() throws IOException {
    CommandLine main = new CommandLine(new Main());
    Path docs = Path.of("docs/commands.md");
    String text = Files.readString(docs);
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, CommandLine> sub : main.getSubcommands().entrySet()) {
      if (sub.getValue().getCommand() instanceof CommandLine.HelpCommand) {
        continue;
      }
      String name = "structsweep " + sub.getKey();
      if (!text.contains(begin(name))) {
        missing.add(name);
        continue;
      }
      text = replaced(text, name, optionsTable(sub.getValue().getCommandSpec()));
    }
    assertEquals(List.of(), missing, "commands without a generated table in " + docs);
    check(docs, text);
  }

  @Test
  void everySettingOfReferenceConfIsInDocsSettings() throws IOException {
    Path docs = Path.of("docs/settings.md");
    ConfigObject sweep = ConfigFactory.parseResources("reference.conf").getObject("sweep");
    List<String> rows = new ArrayList<>();
    rows.add("| setting | default | meaning |");
    rows.add("| --- | --- | --- |");
    settingRows(sweep, "", "", rows);
    assertTrue(rows.size() > 30, "settings found: " + rows.size());
    check(docs, replaced(Files.readString(docs), "reference.conf", String.join("\n", rows) + "\n"));
  }

  /**
   * One row per setting that has its own comment in reference.conf; a block without a comment of its own (as
   * {@code lock} and {@code spark}) is entered, and its comment, where it has one, prefixes its settings'. A setting
   * without a comment shares the one above it (as {@code lambda-ramp} shares {@code lambda-warmup}'s). Rows are in
   * the file's order.
   */
  private static void settingRows(ConfigObject object, String prefix, String inherited, List<String> rows) {
    String previous = null;
    List<String> keys = object.keySet().stream()
        .sorted(java.util.Comparator.comparingInt(k -> object.get(k).origin().lineNumber())).toList();
    for (String key : keys) {
      ConfigValue value = object.get(key);
      String comment = String.join(" ", value.origin().comments().stream().map(String::strip).toList()).strip();
      String path = prefix + key;
      boolean block = value.valueType() == ConfigValueType.OBJECT
          && (comment.isEmpty() || ((ConfigObject) value).values().stream()
              .anyMatch(v -> !v.origin().comments().isEmpty()));
      if (block) {
        settingRows((ConfigObject) value, path + ".", (inherited + " " + comment).strip(), rows);
        previous = null;
      } else {
        String meaning = !comment.isEmpty() ? comment : previous != null ? "With `" + previous + "`, above."
            : inherited;
        previous = path;
        rows.add("| `" + path + "` | `" + value.render(ConfigRenderOptions.concise()).replace("\"", "") + "` | "
            + cell(meaning) + " |");
      }
    }
  }

  static String optionsTable(CommandSpec command) {
    List<String> rows = new ArrayList<>();
    rows.add("| option | default | meaning |");
    rows.add("| --- | --- | --- |");
    for (PositionalParamSpec parameter : command.positionalParameters()) {
      rows.add("| `" + parameter.paramLabel() + "` | | " + cell(String.join(" ", parameter.description())) + " |");
    }
    for (OptionSpec option : command.options()) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String names = String.join("`, `", option.names());
      String label = option.arity().max() > 0 ? " " + option.paramLabel() : "";
      String description = String.join(" ", option.description());
      String shown = "";
      Matcher matcher = DEFAULT.matcher(description);
      if (matcher.find()) {
        shown = "`" + matcher.group(1) + "`";
        description = description.substring(0, matcher.start());
      }
      rows.add("| `" + names + label + "` | " + shown + " | " + cell(description) + " |");
    }
    rows.add("| `-h`, `--help` | | the options, their defaults and meanings |");
    return String.join("\n", rows) + "\n";
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String begin(String name) {
    return "<!-- " + name + ": generated by GeneratedDocsTest -->\n";
  }

  private static String end(String name) {
    return "<!-- end of " + name + " -->";
  }

  private static String replaced(String text, String name, String table) {
    int from = text.indexOf(begin(name));
    int to = text.indexOf(end(name));
    assertTrue(from >= 0 && to > from, "the markers of " + name + "'s table");
    return text.substring(0, from + begin(name).length()) + table + text.substring(to);
  }

  private static void check(Path docs, String expected) throws IOException {
    if (WRITE) {
      Files.writeString(docs, expected);
    }
    assertEquals(expected, Files.readString(docs), docs + " is not what the program says; rewrite its tables with"
        + " mvn -q test -Dtest=GeneratedDocsTest -Dstructsweep.write-docs=true");
  }
}
