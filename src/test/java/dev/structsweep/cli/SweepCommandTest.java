package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The sweep and grid commands on bad input: one line, exit 2, nothing written; Spark never starts. */
class SweepCommandTest {
  @TempDir
  Path directory;

  static Stream<Arguments> badSweeps() {
    return Stream.of(
        Arguments.of("sweep {\n  lamda = 0.1\n}", "sweep.lamda: unknown setting; did you mean sweep.lambda?"),
        Arguments.of("sweep {\n  epochs = \"ten\"\n}", "sweep.epochs: must be a whole number ≥ 1 or a list of them, found 'ten'"),
        Arguments.of("sweep {\n  lambda = []\n}", "sweep.lambda: must hold at least one value, found []"),
        Arguments.of("sweep {\n  lambda = -0.1\n}", "sweep.lambda: must be a number ≥ 0, found -0.1"),
        Arguments.of("sweep {\n  epsilon = [0]\n}", "sweep.epsilon: must be a number > 0, found 0"),
        Arguments.of("sweep {\n  seeds = { from = 0, count = 0 }\n}", "sweep.seeds.count: must be a whole number ≥ 1, found 0"),
        Arguments.of("sweep {\n  hidden = [0]\n}", "sweep.hidden: must be layer sizes ≥ 1"),
        Arguments.of("sweep {\n  task = subtraction\n}", "sweep.task: must be one of xor, addition, found 'subtraction'"),
        Arguments.of("sweep {\n  name = \"../escape\"\n}", "sweep.name: must be letters, digits"),
        Arguments.of("sweep {\n  seeds = { from = 0, count = 4611686018427387904 }\n  lambda = [0, 1, 2]\n}",
            "the grid has more than 9223372036854775807 trainings"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badSweeps")
  void badSweepIsOneLineExitTwoAndWritesNothing(String text, String message) throws IOException {
    Path file = directory.resolve("bad.conf");
    Files.writeString(file, text);
    Path output = directory.resolve("out");
    for (String command : new String[] {"sweep", "grid"}) {
      TrainCommandTest.Run run = command.equals("sweep")
          ? TrainCommandTest.run(command, file.toString(), "--output", output.toString())
          : TrainCommandTest.run(command, file.toString());
      assertEquals(2, run.status(), run.err());
      String[] lines = run.err().split("\n");
      assertEquals(1, lines.length, run.err());
      assertTrue(lines[0].startsWith("structsweep " + command + ": "), lines[0]);
      assertTrue(lines[0].contains(message), "«" + message + "» in «" + lines[0] + "»");
      assertTrue(lines[0].contains(file.toString()) || message.startsWith("the grid"), "names the file: " + lines[0]);
      assertEquals("", run.out());
    }
    assertFalse(Files.exists(output), "no output directory");
    assertFalse(Files.exists(Path.of("results/bad")));
  }

  @Test
  void missingSweepFileIsBadInput() {
    TrainCommandTest.Run run = TrainCommandTest.run("sweep", directory.resolve("nope.conf").toString());
    assertEquals(2, run.status());
    assertTrue(run.err().contains("no such sweep file"), run.err());
  }

  @Test
  void reportOfADirectoryWithoutResultsIsBadInput() {
    TrainCommandTest.Run run = TrainCommandTest.run("report", directory.toString(), "--out",
        directory.resolve("report").toString());
    assertEquals(2, run.status());
    assertEquals(1, run.err().split("\n").length, run.err());
    assertTrue(run.err().contains("not a sweep's results directory (no manifest.json)"), run.err());
    assertFalse(Files.exists(directory.resolve("report")));
  }

  @Test
  void gridOfAHundredMillionTrainingsAnswersAtOnce() throws IOException {
    Path file = directory.resolve("huge.conf");
    Files.writeString(file, "sweep { lambda = [0, 0.01, 0.1, 1], learning-rate = [0.001, 0.01, 0.1, 1, 10],"
        + " seeds = { from = 0, count = 5000000 } }");
    TrainCommandTest.Run run = TrainCommandTest.run("grid", file.toString(), "--first", "2");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("100,000,000 trainings"), run.out());
    assertTrue(run.out().contains("estimate: about"), run.out());
    assertTrue(run.out().contains("  1: TrialSpec[task=xor"), run.out());
  }
}
