package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command's help reads as written: each description element is whole sentences (picocli wraps them, and
 * the list of commands shows the first element alone), and no line of the rendered help breaks inside a word
 * or a file name such as index.html.
 */
class HelpTextTest {
  static Stream<String> commands() {
    return Stream.of("", "train", "sweep", "grid", "report", "repair");
  }

  private static CommandSpec spec(String command) {
    CommandLine root = new CommandLine(new Main());
    return command.isEmpty() ? root.getCommandSpec() : root.getSubcommands().get(command).getCommandSpec();
  }

  @ParameterizedTest(name = "structsweep {0} --help")
  @MethodSource("commands")
  void descriptionsAreWholeSentences(String command) {
    CommandSpec spec = spec(command);
    List<String[]> descriptions = new ArrayList<>();
    descriptions.add(spec.usageMessage().description());
    for (ArgSpec arg : spec.args()) {
      descriptions.add(arg.description());
    }
    for (String[] description : descriptions) {
      for (String element : description) {
        assertTrue(description.length == 1 || element.endsWith("."),
            "a description element that is not a whole sentence: «" + element + "»");
      }
    }
    assertTrue(spec.usageMessage().description().length == 0
        || spec.usageMessage().description()[0].endsWith("."), "the command's summary is a sentence");
  }

  @ParameterizedTest(name = "structsweep {0} --help")
  @MethodSource("commands")
  void noLineBreaksInsideAWord(String command) {
    TrainCommandTest.Run run = command.isEmpty() ? TrainCommandTest.run("--help")
        : TrainCommandTest.run(command, "--help");
    assertEquals(0, run.status(), run.err());
    String[] lines = run.out().split("\n");
    for (int i = 0; i + 1 < lines.length; i++) {
      if (lines[i + 1].matches(" {1,4}\\S.*")) {
        continue; // the next command or option of a list, not a continuation
      }
      String[] before = lines[i].strip().split("\\s+");
      String last = before[before.length - 1];
      String first = lines[i + 1].strip().split("\\s+")[0];
      // "index." then "html", or "learning-" then "rate": a sentence never goes on in lower case after a full
      // stop (abbreviations aside), and no word here is split at its hyphen.
      boolean splitFileName = last.matches(".*[a-z]\\.") && !last.matches("(.*\\W)?(e\\.g|i\\.e|etc)\\.")
          && first.matches("[a-z].*");
      boolean splitAtHyphen = last.matches(".*[A-Za-z]-") && first.matches("[a-z].*");
      assertTrue(!splitFileName && !splitAtHyphen,
          "line " + (i + 1) + " breaks inside «" + last + first + "»:\n" + run.out());
    }
  }
}
