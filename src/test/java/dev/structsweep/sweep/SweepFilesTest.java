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
    try (Stream<Path> files = Files.list(Path.of("conf"))) {
      List<Path> sweeps = files.filter(f -> f.toString().endsWith(".conf")).toList();
      assertTrue(sweeps.size() >= 4, sweeps.toString());
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
      keys.add(dev.structsweep.sweep.TrialRows.trialKey(grid.trial(id)));
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
}
