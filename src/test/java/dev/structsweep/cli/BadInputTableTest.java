package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of bad input in docs/bad-input.md, kept current: every row is run as written and must print exactly its message,
 * on one line, with exit status 2 and nothing written. A row's input is either a line of a sweep block (run as
 * {@code structsweep sweep bad.conf --output out}) or a whole command, of structsweep or of a script in submit/;
 * the files a command names are the fixtures below, in a scratch directory whose path the comparison leaves out.
 */
class BadInputTableTest {
  private static final Path SCRATCH = Path.of("target", "bad-inputs");
  private static final Pattern ROW = Pattern.compile("^\\| `(.+)` \\| `(.+)` \\|$");
  private static final Map<String, String> FIXTURES = Map.of(
      "ok.conf", "sweep { epochs = 5, seeds = [1] }\n",
      "unclosed.conf", "sweep {\n  lambda = 1\n",
      "includes-missing.conf", "include required(\"missing.conf\")\nsweep { lambda = 1 }\n",
      "a-file", "not a directory\n");

  @BeforeAll
  static void fixtures() throws IOException {
    Files.createDirectories(SCRATCH);
    for (Map.Entry<String, String> fixture : FIXTURES.entrySet()) {
      Files.writeString(SCRATCH.resolve(fixture.getKey()), fixture.getValue());
    }
  }

  static Stream<Arguments> rows() throws IOException {
    List<String> lines = Files.readAllLines(Path.of("docs/bad-input.md"));
    int start = lines.indexOf("<!-- bad-input table: every row is run by BadInputTableTest -->");
    assertTrue(start >= 0, "the bad-input table marker in docs/bad-input.md");
    List<Arguments> rows = new ArrayList<>();
    for (String line : lines.subList(start + 1, lines.size())) {
      if (line.isBlank()) {
        break;
      }
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        rows.add(Arguments.of(row.group(1).replace("\\|", "|"), row.group(2).replace("\\|", "|")));
      }
    }
    assertTrue(rows.size() >= 20, "rows found: " + rows.size());
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void everyRowPrintsItsMessage(String input, String message) throws Exception {
    int status;
    String err;
    String out;
    if (input.startsWith("submit/")) {
      // A script of submit/, run as a new user would on a machine with nothing installed (see SubmitClusterTest).
      String[] args = Arrays.stream(input.split(" ")).skip(1)
          .map(word -> FIXTURES.containsKey(word) ? SCRATCH.resolve(word).toString() : word)
          .toArray(String[]::new);
      SubmitClusterTest.Run run = SubmitClusterTest.cluster(Map.of(), args);
      status = run.status();
      err = run.err();
      out = run.out();
    } else {
      String[] args;
      if (input.startsWith("structsweep ")) {
        args = Arrays.stream(input.substring("structsweep ".length()).split(" "))
            .map(word -> FIXTURES.containsKey(word) || word.equals("out") || word.equals("bad.conf")
                ? SCRATCH.resolve(word).toString() : word)
            .toArray(String[]::new);
      } else {
        Files.writeString(SCRATCH.resolve("bad.conf"), "sweep {\n  " + input + "\n}\n");
        args = new String[] {"sweep", SCRATCH.resolve("bad.conf").toString(), "--output", SCRATCH.resolve("out").toString()};
      }
      TrainCommandTest.Run run = TrainCommandTest.run(args);
      status = run.status();
      err = run.err();
      out = run.out();
    }
    assertEquals(2, status, err + out);
    String said = err.strip().replace(SCRATCH + "/", "");
    assertEquals(1, said.lines().count(), said);
    assertEquals(message, said.substring(said.indexOf(": ") + 2));
    assertFalse(Files.exists(SCRATCH.resolve("out")), "nothing written");
  }
}
