package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
            "the grid has more than 9223372036854775807 trainings"),
        Arguments.of("sweep {\n  spark.master = \"bogus://x\"\n}",
            "bad.conf: 2: sweep.spark.master: must be local, local[N], local[*], local[N,F], spark://HOST:PORT, yarn"
                + " or k8s://URL, found 'bogus://x'"),
        Arguments.of("sweep {\n  spark.master = \"local[two]\"\n}", "sweep.spark.master: must be local"),
        Arguments.of("sweep {\n  hidden = [1000000, 1000000]\n}", "bad.conf: 2: sweep.hidden: [1000000, 1000000]"
            + " with xor's data (sweep.data.xor.train-size 200, test-size 200) needs about 58 TiB for one training,"
            + " more than one Java array holds"),
        Arguments.of("sweep {\n  hidden = [4000, 4000]\n}", "bad.conf: 2: sweep.hidden: [4000, 4000] with xor's"
            + " data (sweep.data.xor.train-size 200, test-size 200) needs about 1.1 GiB for one training, more than"
            + " sweep.max-training-memory (1 GiB); use smaller layers or data, or raise max-training-memory"),
        Arguments.of("sweep {\n  max-training-memory = 2000G\n  hidden = [50000, 50000]\n}",
            "bad.conf: 3: sweep.hidden: [50000, 50000] with xor's data"),
        Arguments.of("sweep {\n  data.xor.train-size = 2000000000\n}", "bad.conf: 2: sweep.data.xor.train-size: [4] with xor's data"
            + " (sweep.data.xor.train-size 2000000000, test-size 200) needs about"),
        Arguments.of("sweep {\n  epsilon = [0.01, 0.01]\n}",
            "bad.conf: 2: sweep.epsilon: must list distinct values, found [0.01,0.01] (0.01 twice)"),
        Arguments.of("sweep {\n  lambda = [0.1, 0.10]\n}", "sweep.lambda: must list distinct values"),
        Arguments.of("sweep {\n  task = [xor, xor]\n}", "sweep.task: must list distinct values"),
        Arguments.of("sweep {\n  hidden = [[4], [8], [4]]\n}",
            "sweep.hidden: must list distinct values, found [[4],[8],[4]] ([4] twice)"),
        Arguments.of("sweep {\n  seeds = [1, 2, 1]\n}", "sweep.seeds: must list distinct values"),
        Arguments.of("sweep {\n  activation = [relu, tanh, relu]\n}", "sweep.activation: must list distinct values"),
        Arguments.of("include required(\"missing.conf\")\nsweep { lambda = 1 }\n",
            "bad.conf: 1: include \"missing.conf\": no such file"),
        Arguments.of("sweep {\n  lambda = 1\n", "bad.conf: 3: missing '}'"),
        Arguments.of("sweep {\n  lock.stale-after = 1s\n}", "sweep.lock.stale-after: must be at least twice"),
        Arguments.of("sweep {\n  max-training-memory = lots\n}", "sweep.max-training-memory: must be a size > 0"));
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
      assertFalse(lines[0].contains("Exception"), lines[0]);
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
    assertTrue(run.out().contains("  1: xor [2,4,1] relu adam subgradient λ=0 η=0.001 1000 epochs, seed 1\n"),
        run.out());
  }

  @Test
  void systemPropertiesOverrideExactlyLikeSet() throws IOException {
    Path file = directory.resolve("d.conf");
    Files.writeString(file, "sweep { lambda = 0.1 }");
    try {
      System.setProperty("sweep.lambda", "0.5");
      System.setProperty("sweep.epochs", "20");
      System.setProperty("sweep.hidden", "[[3], [5]]");
      TrainCommandTest.Run run = TrainCommandTest.run("grid", file.toString(), "--first", "1");
      assertEquals(0, run.status(), run.err());
      assertTrue(run.out().contains("λ=0.5") && run.out().contains(" 20 epochs"), run.out());
      assertTrue(run.out().contains("hidden 2"), run.out());
      System.setProperty("sweep.lambda", "-1");
      run = TrainCommandTest.run("grid", file.toString());
      assertEquals(2, run.status());
      assertEquals("structsweep grid: -Dsweep.lambda: sweep.lambda: must be a number ≥ 0, found -1",
          run.err().strip());
      System.clearProperty("sweep.lambda");
      System.setProperty("sweep.lamda", "1");
      run = TrainCommandTest.run("grid", file.toString());
      assertEquals(2, run.status());
      assertEquals("structsweep grid: -Dsweep.lamda: sweep.lamda: unknown setting; did you mean sweep.lambda?",
          run.err().strip());
      System.clearProperty("sweep.lamda");
      System.setProperty("sweep", "1");
      run = TrainCommandTest.run("grid", file.toString());
      assertEquals(2, run.status());
      assertEquals("structsweep grid: -Dsweep=1: must name a setting of the sweep block, such as"
          + " -Dsweep.lambda=0.1", run.err().strip());
    } finally {
      for (String key : List.of("sweep", "sweep.lambda", "sweep.lamda", "sweep.epochs", "sweep.hidden")) {
        System.clearProperty(key);
      }
    }
  }

  @Test
  void outputThatIsAFileIsRefusedBeforeSparkStarts() throws IOException {
    Path file = directory.resolve("quick.conf");
    Files.writeString(file, "sweep { epochs = 5, seeds = [1] }");
    Path regular = Files.writeString(directory.resolve("a-file"), "mine");
    TrainCommandTest.Run run = TrainCommandTest.run("sweep", file.toString(), "--output", regular.toString());
    assertEquals(2, run.status(), run.err());
    assertEquals("structsweep sweep: --output " + regular + ": is a file, not a directory", run.err().strip());
    assertEquals("mine", Files.readString(regular));
    run = TrainCommandTest.run("sweep", file.toString(), "--output", "");
    assertEquals(2, run.status(), run.err());
    assertEquals("structsweep sweep: --output: must be a directory, found ''", run.err().strip());
  }

  @Test
  void someoneElsesDirectoryAtTheResultsPathIsNeverWrittenInto() throws IOException {
    Path file = directory.resolve("quick.conf");
    Files.writeString(file, "sweep { epochs = 5, seeds = [1] }");
    Path theirs = Files.createDirectories(directory.resolve("out/quick"));
    Files.writeString(theirs.resolve("thesis.tex"), "mine");
    // Names like the results' own are not enough: a web app's manifest, a table of trials.
    Files.writeString(theirs.resolve("manifest.json"), "{\"name\": \"my app\"}");
    Files.writeString(theirs.resolve("trials.csv"), "a,b\n");
    for (String overwrite : new String[] {"--output", "--overwrite"}) {
      List<String> args = new ArrayList<>(List.of("sweep", file.toString(), "--output", directory.resolve("out").toString()));
      if (overwrite.equals("--overwrite")) {
        args.add("--overwrite");
      }
      TrainCommandTest.Run run = TrainCommandTest.run(args.toArray(String[]::new));
      assertEquals(2, run.status(), run.err());
      assertTrue(run.err().contains(theirs + ": exists and is not a sweep's results directory"), run.err());
      try (Stream<Path> left = Files.list(theirs)) {
        assertEquals(List.of(theirs.resolve("manifest.json"), theirs.resolve("thesis.tex"), theirs.resolve("trials.csv")),
            left.sorted().toList(), "nothing added, nothing removed");
      }
    }
  }

  @Test
  void trainRefusesATrainingTooLargeForMemoryNamingTheSettings() {
    TrainCommandTest.Run run = TrainCommandTest.run("train", "--train-size", "2147483647");
    assertEquals(2, run.status(), run.err());
    assertTrue(run.err().strip().startsWith("structsweep train: --train-size: [4] with xor's data (--train-size"
        + " 2147483647, test-size 200) needs about"), run.err());
    assertTrue(run.err().contains("more than one Java array holds"), run.err());
    assertEquals(1, run.err().strip().lines().count());
  }
}
