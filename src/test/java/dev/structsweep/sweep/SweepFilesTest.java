package dev.structsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TrialSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SweepFilesTest {
  @TempDir
  Path directory;

  private Path write(String name, String text) throws IOException {
    Path file = directory.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  @Test
  void quickSweepLoadsWithDefaultsFilledIn() {
    SweepSpec spec = SweepFiles.load(Path.of("conf/quick.conf"), List.of());
    assertEquals("quick", spec.name());
    assertEquals(2 * 2 * 20, spec.size());
    assertEquals(Path.of("results/quick"), spec.resultsDirectory());
    TrialSpec first = spec.grid().trial(0);
    assertEquals(TaskKind.XOR, first.task());
    assertEquals(200, first.trainSize());
    assertEquals(0.01, first.learningRate());
    assertTrue(spec.render().contains("learning-rate"));
  }

  @Test
  void everyConfigShippedInConfLoads() throws IOException {
    try (Stream<Path> files = Stream.concat(Files.list(Path.of("conf")), Files.list(Path.of("conf/paper")))) {
      List<Path> sweeps = files.filter(f -> f.toString().endsWith(".conf")).toList();
      assertTrue(sweeps.size() >= 10, sweeps.toString());
      for (Path file : sweeps) {
        assertTrue(SweepFiles.load(file, List.of()).size() > 0, file.toString());
      }
    }
  }

  @Test
  void overridesLayerOnTheFileAndChangeTheSpecHash() throws IOException {
    Path file = write("s.conf", "sweep { lambda = [0, 0.01], seeds = [3, 5] }");
    SweepSpec plain = SweepFiles.load(file, List.of());
    SweepSpec again = SweepFiles.load(file, List.of());
    SweepSpec changed = SweepFiles.load(file, List.of("lambda=0.5", "sweep.epochs=[10, 20]"));
    assertEquals(4, plain.size());
    assertEquals(plain.specHash(), again.specHash());
    assertEquals(4, changed.size());
    assertEquals(0.5, changed.grid().trial(0).lambda());
    assertEquals(20, changed.grid().trial(2).epochs());
    assertNotEquals(plain.specHash(), changed.specHash());
    SweepSpec elsewhere = SweepFiles.load(file, List.of("output=/tmp/elsewhere"));
    assertEquals(plain.specHash(), elsewhere.specHash(), "where results go does not change them");
  }

  @Test
  void gridDecodesEveryCombinationOnceWithSeedsFastest() throws IOException {
    Path file = write("g.conf", "sweep { task = [xor, addition], hidden = [[2], [3, 2]], lambda = [0, 0.1, 0.2],"
        + " activation = [relu, tanh], seeds = { from = 10, count = 3 } }");
    Grid grid = SweepFiles.load(file, List.of()).grid();
    assertEquals(2 * 2 * 3 * 2 * 3, grid.size());
    Set<String> keys = new HashSet<>();
    for (long id = 0; id < grid.size(); id++) {
      keys.add(dev.structsweep.store.TrialRows.trialKey(grid.trial(id)));
    }
    assertEquals(grid.size(), keys.size(), "every id a different training");
    assertEquals(10, grid.trial(0).seed());
    assertEquals(11, grid.trial(1).seed());
    assertEquals(0.0, grid.trial(2).lambda());
    assertEquals(0.1, grid.trial(3).lambda());
    assertEquals(TaskKind.ADDITION, grid.trial(grid.size() - 1).task());
    assertEquals(200, grid.trial(grid.size() - 1).trainSize());
  }

  static Stream<Arguments> badSweeps() {
    return Stream.of(
        Arguments.of("sweep {\n  lamda = 0.1\n}", "bad.conf: 2: sweep.lamda: unknown setting; did you mean sweep.lambda?"),
        Arguments.of("sweep {\n  epochs = many\n}", "bad.conf: 2: sweep.epochs: must be a whole number ≥ 1 or a list of them, found 'many'"),
        Arguments.of("sweep {\n  lambda = []\n}", "bad.conf: 2: sweep.lambda: must hold at least one value, found []"),
        Arguments.of("sweep {\n  lambda = [0.1, -0.1]\n}", "bad.conf: 2: sweep.lambda: must be a number ≥ 0, found -0.1"),
        Arguments.of("sweep {\n  epsilon = 0\n}", "bad.conf: 2: sweep.epsilon: must be a number > 0, found 0"),
        Arguments.of("sweep {\n  seeds = { from = 0, count = 0 }\n}", "bad.conf: 2: sweep.seeds.count: must be a whole number ≥ 1, found 0"),
        Arguments.of("sweep {\n  hidden = [4, 0]\n}", "bad.conf: 2: sweep.hidden: must be layer sizes ≥ 1 such as [4], or a list of them such as [[4], [8, 8]], found [4,0]"),
        Arguments.of("sweep {\n  task = parity\n}", "bad.conf: 2: sweep.task: must be one of xor, addition, found 'parity'"),
        Arguments.of("sweep {\n  activation = [relu, swish]\n}", "bad.conf: 2: sweep.activation: must be one of relu, tanh, sigmoid, found 'swish'"),
        Arguments.of("sweep {\n  name = \"a/b\"\n}", "bad.conf: 2: sweep.name: must be letters, digits"),
        Arguments.of("sweep {\n  name = \"x..y\"\n}", "bad.conf: 2: sweep.name: must be letters, digits"),
        Arguments.of("sweep {\n  learning-rate = 0\n}", "bad.conf: 2: sweep.learning-rate: must be a number > 0, found 0"),
        Arguments.of("sweep {\n  seeds = { from = 0, count = 4611686018427387904 }\n  lambda = [0, 1, 2]\n}",
            "sweep: the grid has more than 9223372036854775807 trainings"),
        Arguments.of("other { x = 1 }", "bad.conf: 1: other.x: unknown setting; a sweep file holds only the sweep { … } block"),
        Arguments.of("sweep { lambda = ", "bad.conf: 1:"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("badSweeps")
  void badSweepFilesNameTheFileLineKeyAndValue(String text, String message) throws IOException {
    Path file = write("bad.conf", text);
    SpecException e = assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of()));
    String expected = message.startsWith("sweep:") ? message : directory.resolve(message).toString();
    assertTrue(e.getMessage().startsWith(expected) || e.getMessage().contains(message),
        "expected «" + expected + "» in «" + e.getMessage() + "»");
  }

  @Test
  void badOverrideNamesTheSet() throws IOException {
    Path file = write("ok.conf", "sweep { }");
    SpecException e = assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of("lambda=-1")));
    assertEquals("--set lambda: sweep.lambda: must be a number ≥ 0, found -1", e.getMessage());
    SpecException unknown = assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of("epoch=3")));
    assertTrue(unknown.getMessage().contains("sweep.epoch: unknown setting; did you mean sweep.epochs?"),
        unknown.getMessage());
  }

  @Test
  void aHundredKilobyteValueKeyOrNameMakesAShortMessageOnOneLine() throws IOException {
    Path file = write("ok.conf", "sweep { }");
    String huge = "a".repeat(100_000);
    String shown = "a".repeat(Echo.SHOWN) + "…' (100000 characters)";
    SpecException task = assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of("task=" + huge)));
    assertEquals("--set task: sweep.task: must be one of xor, addition, found '" + shown, task.getMessage());
    SpecException name = assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of("name=" + huge)));
    assertEquals("--set name: sweep.name: must be at most 200 characters, found '" + shown + "; it names the"
        + " results' and the report's directories, and a file name holds 255 bytes on Linux and HDFS",
        name.getMessage());
    SpecException key = assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of(huge + "=1")));
    assertTrue(key.getMessage().length() < 400 && key.getMessage().contains("(100006 characters)"),
        key.getMessage().substring(0, Math.min(400, key.getMessage().length())));
    SpecException lines = assertThrows(SpecException.class,
        () -> SweepFiles.load(file, List.of("task=\"" + "\\n".repeat(50_000) + "\"")));
    assertEquals(1, lines.getMessage().lines().count());
    assertTrue(lines.getMessage().endsWith("…' (50000 characters)"), lines.getMessage());
  }

  @Test
  void aNameOfTwoHundredCharactersIsTheLongestAndTheFilesOwnNameIsCheckedToo() throws IOException {
    Path file = write("ok.conf", "sweep { }");
    assertEquals(200, SweepFiles.load(file, List.of("name=" + "n".repeat(200))).name().length());
    assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of("name=" + "n".repeat(201))));
    Path spaced = write("my sweep.conf", "sweep { }");
    SpecException e = assertThrows(SpecException.class, () -> SweepFiles.load(spaced, List.of()));
    assertEquals(spaced + ": sweep.name: must be letters, digits, '.', '_' or '-', starting with a letter or digit,"
        + " and hold no '/' or '..', found 'my sweep' (the sweep file's name, as sweep.name is null)", e.getMessage());
  }

  @Test
  void overridesHoldNoSubstitutionAndAFilesSubstitutionIsShownAsWritten() throws IOException {
    Path file = write("ok.conf", "sweep { }");
    for (String value : List.of("${HOME}", "${?HOME}", "${HOME}/results", "${sweep.task}")) {
      SpecException e = assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of("output=" + value)));
      assertEquals("--set output: sweep.output: must hold no ${…} substitution, which only a sweep file reads (the"
          + " shell expands $VARIABLE on the command line), found '" + value + "'", e.getMessage());
    }
    assertEquals("${HOME}/r", SweepFiles.load(file, List.of("output=\"${HOME}/r\"")).output(),
        "a quoted string is no substitution");
    String home = System.getenv("HOME");
    org.junit.jupiter.api.Assumptions.assumeTrue(home != null && !home.isEmpty());
    Path substituting = write("env.conf", "sweep {\n  epochs = 5\n  task = ${HOME}\n  hidden = [${HOME}]\n}\n");
    SpecException task = assertThrows(SpecException.class, () -> SweepFiles.load(substituting, List.of()));
    assertEquals(substituting + ": 3: sweep.task: must be one of xor, addition, found ${HOME}", task.getMessage());
    SpecException hidden = assertThrows(SpecException.class,
        () -> SweepFiles.load(substituting, List.of("task=xor")));
    assertEquals(substituting + ": 4: sweep.hidden: must be layer sizes ≥ 1 such as [4], or a list of them such as"
        + " [[4], [8, 8]], found [${HOME}]", hidden.getMessage());
    SpecException overridden = assertThrows(SpecException.class,
        () -> SweepFiles.load(substituting, List.of("task=parity")));
    assertEquals("--set task: sweep.task: must be one of xor, addition, found 'parity'", overridden.getMessage(),
        "an override is named as itself, not as the line it overrides");
    assertTrue(SweepFiles.load(write("home.conf", "sweep { output = ${HOME}\"/results\" }"), List.of()).output()
        .startsWith(home), "a sweep file's substitutions are read");
  }

  @Test
  void lockDurationsHaveBoundsAndEachErrorNamesItsKeyOnce() throws IOException {
    Path file = write("ok.conf", "sweep { }");
    LockTiming fastest = SweepFiles.load(file, List.of("lock.refresh=100ms", "lock.stale-after=1s"))
        .lockTiming();
    assertEquals(java.time.Duration.ofMillis(100), fastest.refreshEvery());
    LockTiming slowest = SweepFiles.load(file, List.of("lock.refresh=1d", "lock.stale-after=365d"))
        .lockTiming();
    assertEquals(java.time.Duration.ofDays(365), slowest.staleAfter());
    assertEquals(java.time.Duration.ofMillis(200), SweepFiles.load(file, List.of("lock.refresh=200ms",
        "lock.stale-after=1s")).lockTiming().refreshEvery(), "the tests' own timing");
    for (String refresh : List.of("99ms", "0s", "-1s", "500ns", "25h", "300000d", "99999999999999999999d", "soon")) {
      SpecException e = assertThrows(SpecException.class,
          () -> SweepFiles.load(file, List.of("lock.refresh=" + refresh)));
      assertEquals("--set lock.refresh: sweep.lock.refresh: must be a duration from 100ms to 1d, such as 15s or 2m,"
          + " found '" + refresh + "'", e.getMessage());
    }
    for (String staleAfter : List.of("999ms", "366d", "300000d")) {
      SpecException e = assertThrows(SpecException.class,
          () -> SweepFiles.load(file, List.of("lock.stale-after=" + staleAfter)));
      assertEquals("--set lock.stale-after: sweep.lock.stale-after: must be a duration from 1s to 365d, such as 15s"
          + " or 2m, found '" + staleAfter + "'", e.getMessage());
    }
    SpecException twice = assertThrows(SpecException.class,
        () -> SweepFiles.load(file, List.of("lock.refresh=1d", "lock.stale-after=1d")));
    assertEquals("--set lock.stale-after: sweep.lock.stale-after: must be at least twice lock.refresh (86400.0 s),"
        + " found 86400.0 s", twice.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new LockTiming(java.time.Duration.ofNanos(500), java.time.Duration.ofSeconds(2)));
  }

  @Test
  void aBlockGivenAsOneValueIsNamedAsTheBlock() throws IOException {
    Path file = write("ok.conf", "sweep { }");
    assertEquals("--set lock: sweep.lock: must be a block such as lock { refresh = 15s, stale-after = 2m }, found 5",
        assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of("lock=5"))).getMessage());
    assertEquals("--set lock: sweep.lock: must be a block such as lock { refresh = 15s, stale-after = 2m }, found"
        + " null", assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of("lock=null"))).getMessage());
    assertEquals("--set data.xor: sweep.data.xor: must be a block such as xor { noise = 0.1, test-size = 200,"
        + " train-size = 200 }, found 'many'",
        assertThrows(SpecException.class, () -> SweepFiles.load(file, List.of("data.xor=many"))).getMessage());
    Path inFile = write("block.conf", "sweep {\n  spark = [1, 2]\n}\n");
    assertEquals(inFile + ": 2: sweep.spark: must be a block such as spark {"
        + " chunks-in-flight = 0, master = local[*], partitions-per-chunk = 0 }, found [1,2]",
        assertThrows(SpecException.class, () -> SweepFiles.load(inFile, List.of())).getMessage());
    assertEquals(3, SweepFiles.load(write("seeds.conf", "sweep { seeds = [1, 2, 3] }"), List.of()).size(),
        "seeds is a block or a list");
  }

  @Test
  void anOutputUriKeepsItsHostInTheResultsLocation() throws IOException {
    Path file = write("named.conf", "sweep { name = named }");
    assertEquals("hdfs://namenode:8020/sweeps/named",
        SweepFiles.load(file, List.of(), "hdfs://namenode:8020/sweeps").resultsLocation());
    assertEquals("s3a://bucket/structsweep/named",
        SweepFiles.load(file, List.of(), "s3a://bucket/structsweep/").resultsLocation());
    assertEquals("hdfs:///sweeps/named", SweepFiles.load(file, List.of(), "hdfs:///sweeps").resultsLocation(),
        "no host, as written: the default file system's");
    assertEquals("results/named", SweepFiles.load(file, List.of()).resultsLocation());
  }
}
