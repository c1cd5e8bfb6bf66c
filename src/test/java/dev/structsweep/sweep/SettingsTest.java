package dev.structsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import dev.structsweep.store.ResultColumn;
import dev.structsweep.store.TrialRows;

import com.typesafe.config.Config;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.task.Parameters;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialSpec;
import dev.structsweep.testing.Specs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table of settings is whole, and everything read from it agrees: reference, schema, grid, keys, train. */
class SettingsTest {
  /** What a sweep file holds besides the training settings: how the sweep runs, not what a trial is. */
  private static final Set<String> RUN_SETTINGS = Set.of("name", "output", "chunk-size", "max-training-memory",
      "lanes", "lock.refresh", "lock.stale-after", "spark.master", "spark.partitions-per-chunk",
      "spark.chunks-in-flight");

  @TempDir
  Path directory;

  @Test
  void everyKeyOfTheReferenceIsASettingOfTheTableOrOfTheRun() {
    Config reference = SweepFiles.reference().getConfig("sweep");
    Set<String> fromTable = new HashSet<>();
    for (Setting<?> setting : Settings.ALL) {
      if (setting.shape() == Setting.Shape.PER_TASK) {
        for (TaskKind task : TaskKind.values()) {
          fromTable.add(setting.key(task));
        }
      } else {
        fromTable.add(setting.key());
      }
    }
    Set<String> inReference = new HashSet<>();
    reference.root().withoutKey("seeds").toConfig().entrySet().forEach(entry -> inReference.add(entry.getKey()));
    inReference.add("seeds");
    inReference.add("name");
    Set<String> expected = new HashSet<>(fromTable);
    expected.addAll(RUN_SETTINGS);
    assertEquals(expected, inReference, "reference.conf and the table name the same settings");
  }

  @Test
  void theSchemaHoldsEverySettingsColumnAndEveryResultColumnOnce() {
    List<String> names = new ArrayList<>();
    for (StructField field : TrialRows.SCHEMA.fields()) {
      names.add(field.name());
    }
    assertEquals(names.size(), new HashSet<>(names).size(), "no column twice: " + names);
    for (Setting<?> setting : Settings.COLUMNS) {
      assertEquals(TrialRows.type(setting), TrialRows.SCHEMA.apply(setting.column()).dataType(), setting.column());
      assertEquals(setting.cellType(), setting.cell(SweepFiles.trial(List.of())).getClass(), setting.column());
    }
    for (ResultColumn column : ResultColumn.values()) {
      assertEquals(column.type(), TrialRows.SCHEMA.apply(column.column()).dataType(), column.column());
    }
    assertEquals(ResultColumn.PRUNED_TEST_ACCURACY, ResultColumn.prunedPrimary(TaskKind.XOR));
    assertEquals(ResultColumn.PRUNED_TEST_R2, ResultColumn.prunedPrimary(TaskKind.ADDITION));
  }

  @Test
  void eachSettingsColumnKeepsTheSparkTypeItsRowsHaveAlwaysHad() {
    Map<String, DataType> types = new HashMap<>();
    for (String column : List.of("task", "topology", "activation", "init_distribution", "loss", "optimizer", "l1",
        "precision")) {
      types.put(column, DataTypes.StringType);
    }
    for (String column : List.of("init_scale", "lambda", "learning_rate", "noise", "stuck_tolerance",
        "round_threshold", "reweight_delta", "imp_rate")) {
      types.put(column, DataTypes.DoubleType);
    }
    for (String column : List.of("round_every", "lambda_warmup", "lambda_ramp", "epochs", "batch_size", "train_size",
        "test_size", "retrain_epochs", "reduce_epochs", "reweight_every", "imp_rewind")) {
      types.put(column, DataTypes.IntegerType);
    }
    types.put("hidden", DataTypes.createArrayType(DataTypes.IntegerType, false));
    types.put("bias", DataTypes.BooleanType);
    types.put("seed", DataTypes.LongType);
    assertEquals(types.keySet(), Settings.COLUMNS.stream().map(Setting::column).collect(Collectors.toSet()));
    for (Setting<?> setting : Settings.COLUMNS) {
      assertEquals(types.get(setting.column()), TrialRows.SCHEMA.apply(setting.column()).dataType(),
          setting.column());
    }
  }

  @Test
  void everyParameterOfASpecHasOneSettingInTheSameOrder() {
    assertEquals(Parameters.ALL, Settings.ALL.stream().map(Setting::parameter).toList());
  }

  @Test
  void eachNeutralValueIsTodaysDefaultInReferenceConf() {
    TrialSpec reference = SweepFiles.trial(List.of());
    for (Setting<?> setting : Settings.ALL) {
      if (setting.neutral() != null) {
        assertTrue(java.util.Objects.deepEquals(setting.neutral(), setting.get(reference)), setting.key());
      }
    }
  }

  @Test
  void readingASweepFileAndDecodingItsTrialsLoadsNoSparkClass() throws Exception {
    Path file = directory.resolve("plain.conf");
    Files.writeString(file, "sweep { lambda = [0, 0.01], init-scale = [1, 0.5], seeds = [3, 5] }");
    List<java.net.URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    List<String> refused = new ArrayList<>();
    try (java.net.URLClassLoader noSpark = new java.net.URLClassLoader(urls.toArray(java.net.URL[]::new),
        ClassLoader.getPlatformClassLoader()) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (name.startsWith("org.apache.spark.")) {
          refused.add(name);
          throw new ClassNotFoundException(name);
        }
        return super.loadClass(name, resolve);
      }
    }) {
      Class<?> files = noSpark.loadClass(SweepFiles.class.getName());
      assertTrue(files.getClassLoader() == noSpark, "SweepFiles loaded apart from this test's classes");
      Object spec = files.getMethod("load", Path.class, List.class).invoke(null, file, List.of());
      Object grid = spec.getClass().getMethod("grid").invoke(spec);
      Object trial = grid.getClass().getMethod("trial", long.class).invoke(grid, 7L);
      assertEquals(load("sweep { lambda = [0, 0.01], init-scale = [1, 0.5], seeds = [3, 5] }").grid().trial(7)
          .toString(), trial.toString());
    }
    assertEquals(List.of(), refused, "Spark classes asked for while reading a sweep file");
  }

  @Test
  void trainOptionsAreUniqueAndEverySettingIsDescribedInOneSentence() {
    Set<String> options = new HashSet<>();
    for (Setting<?> setting : Settings.ALL) {
      for (String option : setting.options()) {
        assertTrue(options.add(option), option + " twice");
      }
      assertTrue(setting.description().endsWith(".") && !setting.description().contains("\n"),
          setting.key() + ": " + setting.description());
    }
  }

  @Test
  void initScaleAtItsDefaultLeavesKeysAndHashAsTheyWereAndAnotherValueChangesThem() throws IOException {
    SweepSpec absent = load("sweep { lambda = [0, 0.01], seeds = [3, 5] }");
    SweepSpec one = load("sweep { lambda = [0, 0.01], seeds = [3, 5], init-scale = 1 }");
    SweepSpec half = load("sweep { lambda = [0, 0.01], seeds = [3, 5], init-scale = 0.5 }");
    SweepSpec both = load("sweep { lambda = [0, 0.01], seeds = [3, 5], init-scale = [1, 0.5] }");
    assertEquals(absent.specHash(), one.specHash());
    assertNotEquals(absent.specHash(), half.specHash());
    assertNotEquals(half.specHash(), both.specHash());
    assertEquals(TrialRows.trialKey(absent.grid().trial(3)), TrialRows.trialKey(one.grid().trial(3)));
    assertNotEquals(TrialRows.trialKey(absent.grid().trial(3)), TrialRows.trialKey(half.grid().trial(3)));
    assertEquals(8, both.size());
    // init-scale lies between bias and optimizer: slower than λ and the seeds.
    assertEquals(1.0, both.grid().trial(3).initScale());
    assertEquals(0.5, both.grid().trial(4).initScale());
    assertEquals(both.grid().trial(4).lambda(), 0.0);
    assertEquals(half.grid().trial(0), both.grid().trial(4));
  }

  @Test
  void uniformInitLeavesKeysAndHashAsTheyWereAndNormalChangesThemAndTheRows() throws IOException {
    SweepSpec absent = load("sweep { lambda = [0, 0.01], seeds = [3, 5], epochs = 20 }");
    SweepSpec uniform = load("sweep { lambda = [0, 0.01], seeds = [3, 5], epochs = 20, init-distribution = uniform }");
    SweepSpec normal = load("sweep { lambda = [0, 0.01], seeds = [3, 5], epochs = 20, init-distribution = normal }");
    SweepSpec both = load("sweep { lambda = [0, 0.01], seeds = [3, 5], epochs = 20,"
        + " init-distribution = [uniform, normal] }");
    assertEquals(absent.specHash(), uniform.specHash());
    assertNotEquals(absent.specHash(), normal.specHash());
    assertNotEquals(normal.specHash(), both.specHash());
    assertEquals(TrialRows.trialKey(absent.grid().trial(3)), TrialRows.trialKey(uniform.grid().trial(3)));
    assertNotEquals(TrialRows.trialKey(absent.grid().trial(3)), TrialRows.trialKey(normal.grid().trial(3)));
    assertEquals(8, both.size());
    // init-distribution lies just after init-scale: slower than λ and the seeds.
    assertEquals(normal.grid().trial(1), both.grid().trial(5));
    assertEquals("xor [2,4,1] relu normal init adam subgradient λ=0 η=0.001 20 epochs, seed 5",
        Settings.describe(both.grid().trial(5)));
    // The rows: the same as before the setting for uniform, others for normal.
    double[] before = TrialRows.weights(Trial.run(absent.grid().trial(3)).training().network());
    double[] asBefore = TrialRows.weights(Trial.run(uniform.grid().trial(3)).training().network());
    double[] drawnNormal = TrialRows.weights(Trial.run(normal.grid().trial(3)).training().network());
    assertArrayEquals(before, asBefore, 0.0);
    assertEquals(before.length, drawnNormal.length);
    assertTrue(!java.util.Arrays.equals(before, drawnNormal), "normal trains from other weights");
  }

  @Test
  void trainWithANormalInitDrawsTheUniformsVariance() {
    // One wide layer: 2 × 3000 weights and 3000 biases at fan_in 2, b = 1/√2, variance b²/3 = 1/6.
    TrialSpec spec = SweepFiles.trial(List.of(new SweepFiles.Given(Settings.HIDDEN, "--hidden", "3000"),
        new SweepFiles.Given(Settings.EPOCHS, "--epochs", "1"),
        new SweepFiles.Given(Settings.INIT_DISTRIBUTION, "--init-distribution", "normal")));
    dev.structsweep.net.Network initial = Trial.run(spec).initial();
    double[] first = java.util.stream.DoubleStream.concat(java.util.Arrays.stream(initial.weights(0).data),
        java.util.Arrays.stream(initial.biases(0).data)).toArray();
    double bound = 1 / Math.sqrt(2);
    double variance = java.util.Arrays.stream(first).map(w -> w * w).average().orElseThrow();
    // The sample variance of 9000 normal draws is within 2.1 % of σ² at one standard deviation; 10 % is ~5.
    assertEquals(1.0 / 6, variance, 0.1 / 6, "variance of the first layer's draws");
    long beyond = java.util.Arrays.stream(first).filter(w -> Math.abs(w) > bound).count();
    // P(|Z| > √3) = 0.083: about 750 of 9000 lie beyond the uniform's bound, which no uniform draw passes.
    assertTrue(beyond > 500 && beyond < 1000, beyond + " draws beyond ±b");
    TrialSpec uniform = spec.with(dev.structsweep.task.Parameters.INIT_DISTRIBUTION,
        dev.structsweep.net.Network.Distribution.UNIFORM);
    dev.structsweep.net.Network uniformInitial = Trial.run(uniform).initial();
    assertTrue(java.util.Arrays.stream(uniformInitial.weights(0).data).allMatch(w -> Math.abs(w) <= bound));
  }

  @Test
  void theRepositoryTopologyRefusesANormalInitNamingBothSettings() throws IOException {
    SpecException refused = assertThrows(SpecException.class, () -> load("sweep { topology = [layered, repository],"
        + " bias = false, init-distribution = [uniform, normal] }"));
    assertTrue(refused.getMessage().endsWith("topology = repository draws its own initial weights,"
        + " N(0, (0.1·init-scale)²): it needs init-distribution = uniform (the default), found init-distribution"
        + " = normal"), refused.getMessage());
    assertEquals(2, load("sweep { topology = [layered, repository], bias = false, seeds = [1] }").size());
  }

  @Test
  void aLambdaScheduleAtNoneLeavesKeysAndHashAsTheyWereAndIsAnAxis() throws IOException {
    SweepSpec absent = load("sweep { lambda = [0, 0.01], seeds = [3, 5] }");
    SweepSpec none = load("sweep { lambda = [0, 0.01], seeds = [3, 5], lambda-warmup = 0, lambda-ramp = 0 }");
    SweepSpec scheduled = load("sweep { lambda = [0, 0.01], seeds = [3, 5], lambda-warmup = [0, 200],"
        + " lambda-ramp = 300 }");
    assertEquals(absent.specHash(), none.specHash());
    assertNotEquals(absent.specHash(), scheduled.specHash());
    assertEquals(TrialRows.trialKey(absent.grid().trial(1)), TrialRows.trialKey(none.grid().trial(1)));
    assertEquals(8, scheduled.size());
    TrialSpec late = scheduled.grid().trial(6);
    assertEquals(200, late.lambdaWarmup());
    assertEquals(300, late.lambdaRamp());
    assertEquals("xor [2,4,1] relu adam subgradient λ=0.01 warm-up 200 ramp 300 η=0.001 1000 epochs, seed 3",
        Settings.describe(late));
    SpecException refused = org.junit.jupiter.api.Assertions.assertThrows(SpecException.class,
        () -> load("sweep { lambda-ramp = -5 }"));
    assertTrue(refused.getMessage().contains("lambda-ramp") && refused.getMessage().contains("-5")
        && refused.getMessage().contains("a whole number ≥ 0"), refused.getMessage());
  }

  @Test
  void aScheduleIsRefusedExactlyWhenSomeTrainingNeverAppliesTheWholeLambda() throws IOException {
    int epochs = 6;
    for (int warmup = 0; warmup <= epochs + 1; warmup++) {
      for (int ramp = 0; ramp <= epochs + 1; ramp++) {
        TrainingSettings schedule = Specs.paperXor().lambda(0.5).learningRate(0.01).epochs(epochs)
            .historyEvery(0).lambdaSchedule(warmup, ramp).training();
        boolean applied = false;
        for (int epoch = 0; epoch < epochs; epoch++) {
          applied |= schedule.lambdaAt(epoch) == 0.5;
        }
        String text = "sweep { epochs = [" + epochs + ", 50], lambda-warmup = " + (warmup == 0 ? "0" : "[0, "
            + warmup + "]") + ", lambda-ramp = " + ramp + " }";
        if (applied) {
          assertEquals(2 * (warmup == 0 ? 1 : 2) * 10, load(text).size(), text);
        } else {
          SpecException refused = assertThrows(SpecException.class, () -> load(text), text);
          String key = warmup >= epochs ? "sweep.lambda-warmup: " + warmup : "sweep.lambda-ramp: " + ramp;
          assertTrue(refused.getMessage().contains(key) && refused.getMessage().contains("epochs = " + epochs),
              text + ": " + refused.getMessage());
        }
      }
    }
  }

  @Test
  void trainRefusesAScheduleItsEpochsNeverFinishNamingTheOptions() {
    SpecException warmup = assertThrows(SpecException.class, () -> SweepFiles.trial(List.of(
        new SweepFiles.Given(Settings.EPOCHS, "--epochs", "100"),
        new SweepFiles.Given(Settings.LAMBDA_WARMUP, "--lambda-warmup", "100"))));
    assertTrue(warmup.getMessage().startsWith("--lambda-warmup: 100 is not below --epochs 100: every epoch would"
        + " train at λ = 0"), warmup.getMessage());
    SpecException byDefault = assertThrows(SpecException.class, () -> SweepFiles.trial(List.of(
        new SweepFiles.Given(Settings.LAMBDA_RAMP, "--lambda-ramp", "1001"))));
    assertTrue(byDefault.getMessage().startsWith("--lambda-ramp: 1001 is more than epochs = 1000: λ would never"
        + " reach its value"), byDefault.getMessage());
    assertEquals(100, SweepFiles.trial(List.of(new SweepFiles.Given(Settings.EPOCHS, "--epochs", "100"),
        new SweepFiles.Given(Settings.LAMBDA_WARMUP, "--lambda-warmup", "40"),
        new SweepFiles.Given(Settings.LAMBDA_RAMP, "--lambda-ramp", "60"))).epochs(), "λ whole at the last epoch");
  }

  @Test
  void theGridDecodesEveryAxisSeedsFastestAndTheTaskSlowest() throws IOException {
    SweepSpec spec = load("sweep { task = [xor, addition], hidden = [[2], [3]], lambda = [0, 0.1], seeds = [7, 9],"
        + " data.addition.train-size = 30 }");
    assertEquals(16, spec.size());
    assertArrayEquals(new long[] {2, 1, 1, 1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2},
        spec.grid().radix());
    TrialSpec last = spec.grid().trial(15);
    assertEquals(TaskKind.ADDITION, last.task());
    assertArrayEquals(new int[] {3}, last.hidden());
    assertEquals(0.1, last.lambda());
    assertEquals(9, last.seed());
    assertEquals(30, last.trainSize(), "a per-task setting takes the trial's task's value");
    assertEquals(200, spec.grid().trial(0).trainSize());
    assertEquals("addition [2,3,1] relu adam subgradient λ=0.1 η=0.001 1000 epochs, seed 9",
        Settings.describe(last));
  }

  @Test
  void trainIsOneCellOfASweepReadTheSameWay() throws IOException {
    TrialSpec viaOptions = SweepFiles.trial(List.of(
        new SweepFiles.Given(Settings.TASK, "--task", "addition"),
        new SweepFiles.Given(Settings.HIDDEN, "--hidden", "8,8"),
        new SweepFiles.Given(Settings.INIT_SCALE, "--init-scale", "0.5"),
        new SweepFiles.Given(Settings.LEARNING_RATE, "--learning-rate", "0.01"),
        new SweepFiles.Given(Settings.EPSILON, "--epsilon", "0.01,0.1"),
        new SweepFiles.Given(Settings.TRAIN_SIZE, "--train-size", "50"),
        new SweepFiles.Given(Settings.SEED, "--seed", "4")));
    TrialSpec viaSweep = load("sweep { task = addition, hidden = [8, 8], init-scale = 0.5, learning-rate = 0.01,"
        + " epsilon = [0.01, 0.1], data.addition.train-size = 50, seeds = [4] }").grid().trial(0);
    assertEquals(viaSweep, viaOptions);
    TrialSpec defaults = SweepFiles.trial(List.of());
    assertEquals(0, defaults.seed(), "the reference's first seed");
    assertEquals(load("sweep { seeds = [0] }").grid().trial(0), defaults);
  }

  private SweepSpec load(String text) throws IOException {
    Path file = directory.resolve("s" + Files.list(directory).count() + ".conf");
    Files.writeString(file, "sweep.name = s\n" + text);
    return SweepFiles.load(file, List.of());
  }
}
