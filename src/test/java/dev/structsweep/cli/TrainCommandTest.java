package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.structsweep.bench.HandWrittenTrainer;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainCommandTest {
  @TempDir
  Path directory;

  record Run(int status, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(status, out.toString(), err.toString());
  }

  @Test
  void printsMetricsAndSurvivingEdges() {
    Run run = run("train", "--task", "xor", "--hidden", "4", "--lambda", "0.01", "--lr", "0.001",
        "--epochs", "1000", "--seed", "7", "--epsilon", "0.01,0.05");
    assertEquals(0, run.status(), run.err());
    assertEquals("", run.err());
    assertTrue(run.out().startsWith("xor [2,4,1] relu adam subgradient λ=0.01 η=0.001 1000 epochs, seed 7\n"),
        run.out());
    assertTrue(run.out().contains("pruned ε=0.01"), run.out());
    assertTrue(run.out().contains("pruned ε=0.05"), run.out());
    Pattern edge = Pattern.compile("^  (x[12]|h[1-4]) +-> (h[1-4]|y) +w=[+-]\\d+\\.\\d{4}$", Pattern.MULTILINE);
    long edges = edge.matcher(run.out()).results().count();
    assertTrue(edges >= 1 && edges <= 12, edges + " surviving edges in\n" + run.out());
  }

  @Test
  void aDagWithItsStructureRetrainedSaysSoAndDumpsIt() throws IOException {
    Path dump = directory.resolve("dag.json");
    Run run = run("train", "--task", "addition", "--topology", "dag", "--l1", "group", "--lambda", "0.01", "--lr",
        "0.01", "--epochs", "2000", "--retrain-epochs", "300", "--seed", "3", "--dump", dump.toString());
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("2/14 edges active") && run.out().contains("at the fewest edges that can solve it"),
        run.out());
    assertTrue(run.out().contains("  fine-tuned the same 2 edges retrained 300 epochs without L1 from the trained"
        + " weights: test R²"), run.out());
    assertTrue(run.out().contains("  ticket     the same 2 edges retrained 300 epochs without L1 from the initial"
        + " weights: test R²"), run.out());
    assertTrue(run.out().contains("  x1 -> y        w=+1.0000") && run.out().contains("  x2 -> y        w=+1.0000"),
        "the skip edges: y = a + b\n" + run.out());
    com.fasterxml.jackson.databind.JsonNode pruned = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(dump.toFile()).path("metrics").path("pruned").get(0);
    assertTrue(pruned.path("atMinimum").asBoolean(), pruned.toString());
    assertTrue(pruned.path("fineTuned").path("solved").asBoolean(), pruned.toString());
    assertTrue(pruned.path("ticket").path("test").has("r2"), pruned.toString());
  }

  @Test
  void dumpHoldsEverythingNeededToReplayTheTrial() throws IOException {
    Path dump = directory.resolve("sub/trial.json");
    Run run = run("train", "--task", "xor", "--hidden", "4", "--lambda", "0.01", "--lr", "0.001",
        "--epochs", "300", "--seed", "3", "--dump", dump.toString());
    assertEquals(0, run.status(), run.err());
    JsonNode json = new ObjectMapper().readTree(dump.toFile());
    JsonNode config = json.get("config");
    for (String key : List.of("task", "hidden", "activation", "lambda", "learningRate", "epochs", "seed",
        "l1", "optimizer")) {
      assertTrue(config.has(key), "config." + key);
    }
    assertEquals(200, json.at("/data/train/x").size());
    assertEquals(2, json.at("/data/train/x/0").size());
    assertEquals(200, json.at("/data/test/y").size());
    assertEquals(4, json.at("/init/layers/0/weights").size(), "rows are target nodes");
    assertEquals(2, json.at("/init/layers/0/weights/0").size(), "columns are source nodes");
    assertEquals(1, json.at("/final/layers/1/weights").size());
    assertEquals(4, json.at("/final/layers/0/biases").size());
    assertEquals(List.of(0, 10, 20), firstInts(json.at("/history/epoch"), 3));
    assertEquals(31, json.at("/history/loss").size(), "epochs 0, 10, …, 290 and the last, 299");
    assertTrue(json.at("/metrics/pruned/0/activeEdges").isInt());

    // Replay from the dump alone with the independent hand-written trainer: the same final weights.
    double[][] w1 = matrix(json.at("/init/layers/0/weights"));
    double[] b1 = vector(json.at("/init/layers/0/biases"));
    double[] w2 = matrix(json.at("/init/layers/1/weights"))[0];
    double[] b2 = vector(json.at("/init/layers/1/biases"));
    double[][] x = matrix(json.at("/data/train/x"));
    double[] y = new double[x.length];
    for (int s = 0; s < y.length; s++) {
      y[s] = json.at("/data/train/y/" + s + "/0").asDouble();
    }
    new HandWrittenTrainer(2, 4, true, config.get("lambda").asDouble(), config.get("learningRate").asDouble(),
        config.get("epochs").asInt()).train(w1, b1, w2, b2, x, y);
    double[][] finalW1 = matrix(json.at("/final/layers/0/weights"));
    for (int h = 0; h < 4; h++) {
      assertArrayEquals(finalW1[h], w1[h], "final weights of h" + (h + 1));
    }
    assertArrayEquals(matrix(json.at("/final/layers/1/weights"))[0], w2);
    assertArrayEquals(vector(json.at("/final/layers/0/biases")), b1);
    try (Stream<Path> files = Files.list(dump.getParent())) {
      assertEquals(List.of(dump), files.toList(), "no temporary file left beside the dump");
    }
  }

  static Stream<Arguments> badInput() {
    return Stream.of(
        Arguments.of(new String[] {"--lambda", "-0.1"}, "--lambda", "-0.1"),
        Arguments.of(new String[] {"--epsilon", "-0.01"}, "--epsilon", "-0.01"),
        Arguments.of(new String[] {"--epsilon", "0.01,0"}, "--epsilon", "found 0"),
        Arguments.of(new String[] {"--lr", "0"}, "--learning-rate", "found 0"),
        Arguments.of(new String[] {"--lr", "-1"}, "--learning-rate", "-1"),
        Arguments.of(new String[] {"--lr", "NaN"}, "--learning-rate", "NaN"),
        Arguments.of(new String[] {"--learning-rate", "Infinity"}, "--learning-rate", "Infinity"),
        Arguments.of(new String[] {"--epochs", "0"}, "--epochs", "found 0"),
        Arguments.of(new String[] {"--epochs", "many"}, "--epochs", "many"),
        Arguments.of(new String[] {"--epochs", "1.5"}, "--epochs", "1.5"),
        Arguments.of(new String[] {"--hidden", ""}, "--hidden", "found []"),
        Arguments.of(new String[] {"--hidden", "0"}, "--hidden", "[0]"),
        Arguments.of(new String[] {"--hidden", "4,0"}, "--hidden", "[4,0]"),
        Arguments.of(new String[] {"--task", "parity"}, "--task", "parity"),
        Arguments.of(new String[] {"--activation", "softplus"}, "--activation", "softplus"),
        Arguments.of(new String[] {"--optimizer", "rmsprop"}, "--optimizer", "rmsprop"),
        Arguments.of(new String[] {"--l1", "lasso"}, "--l1", "lasso"),
        Arguments.of(new String[] {"--batch-size", "-3"}, "--batch-size", "-3"),
        Arguments.of(new String[] {"--noise", "-1"}, "--noise", "-1"),
        Arguments.of(new String[] {"--init-scale", "0"}, "--init-scale", "found 0"),
        Arguments.of(new String[] {"--seed", "1.5"}, "--seed", "1.5"),
        Arguments.of(new String[] {"--lambda", "[0.1, 0.2]"}, "--lambda", "train trains one value, found 2"),
        Arguments.of(new String[] {"--hidden", "[4],[8]"}, "--hidden", "train trains one value, found 2"),
        Arguments.of(new String[] {"--solved-accuracy", "1.5"}, "--solved-accuracy", "1.5"),
        Arguments.of(new String[] {"--lambda", "null"}, "--lambda", "found null"),
        Arguments.of(new String[] {"--seed", "null"}, "--seed", "found null"),
        Arguments.of(new String[] {"--task", "5"}, "--task", "must be one of xor, addition, found '5'"),
        Arguments.of(new String[] {"--lambda", "0.01, epochs = 1"}, "--lambda", "found '0.01, epochs = 1'"),
        Arguments.of(new String[] {"--lambda", "0.01\nepochs = 1"}, "--lambda", "must be a number"),
        Arguments.of(new String[] {"--frobnicate"}, "--frobnicate", "--frobnicate"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInput")
  void badInputIsOneLineExitTwoAndWritesNothing(String[] options, String setting, String value) {
    Path dump = directory.resolve("never/written.json");
    List<String> args = new ArrayList<>(List.of("train"));
    args.addAll(List.of(options));
    args.addAll(List.of("--dump", dump.toString()));
    Run run = run(args.toArray(String[]::new));
    assertEquals(2, run.status());
    assertEquals("", run.out(), "nothing printed on stdout");
    String[] lines = run.err().split("\n");
    assertEquals(1, lines.length, "one line: " + run.err());
    assertTrue(lines[0].startsWith("structsweep train: "), lines[0]);
    assertTrue(lines[0].contains(setting), "names the setting: " + lines[0]);
    assertTrue(lines[0].contains(value), "names the value: " + lines[0]);
    assertFalse(lines[0].contains("Exception"), "no stack trace: " + lines[0]);
    assertFalse(Files.exists(dump.getParent()), "nothing written");
  }

  @Test
  void helpShowsTheReferenceDefaults() {
    Run run = run("train", "--help");
    assertEquals(0, run.status());
    String text = run.out().replaceAll("\\s+", " ");
    assertTrue(text.contains("The learning rate η > 0. Default: 0.001."), run.out());
    assertTrue(text.contains("The L1 strength λ ≥ 0. Default: 0.01."), run.out());
    assertTrue(text.contains("Training samples, at least 1. Default: 200 for xor, 200 for addition."), run.out());
    for (Setting<?> setting : Settings.ALL) {
      for (String option : setting.options()) {
        String shown = setting == Settings.BIAS ? "--[no-]bias" : option;
        assertTrue(run.out().contains(shown), shown + " in\n" + run.out());
      }
    }
  }

  private static List<Integer> firstInts(JsonNode array, int count) {
    List<Integer> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(array.get(i).asInt());
    }
    return values;
  }

  private static double[][] matrix(JsonNode rows) {
    double[][] m = new double[rows.size()][];
    for (int i = 0; i < m.length; i++) {
      m[i] = vector(rows.get(i));
    }
    return m;
  }

  private static double[] vector(JsonNode values) {
    double[] v = new double[values.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = values.get(i).asDouble();
    }
    return v;
  }
}
