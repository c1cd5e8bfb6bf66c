package dev.structsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TrainingMemory;
import dev.structsweep.task.TrialSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads a sweep file into a {@link SweepSpec}: the file, then {@code --set} overrides and {@code -Dsweep.…}
 * system properties on top, over {@code reference.conf}. Every key must be one the reference knows, and every
 * value is read eagerly and checked, so a mistake surfaces before Spark starts, as a {@link SpecException}:
 * "conf/x.conf: 12: sweep.lambda: must be a number ≥ 0, found -0.1".
 */
public final class SweepFiles {
  static final String ROOT = "sweep";
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  /**
   * The longest name: it names directories (results/NAME, reports/NAME), and a file name holds 255 bytes on Linux
   * and by HDFS's default (dfs.namenode.fs-limits.max-component-length); the rest is room for the names made
   * from it, such as the report's staging directory .NAME.old.&lt;number&gt;.
   */
  static final int MAX_NAME_BYTES = 200;
  private static final String OUTPUT_OPTION = "--output";
  /** local, local[N], local[*], local[N,F], local-cluster[N,C,M], spark://HOST:PORT[,HOST:PORT…], yarn, k8s://URL. */
  private static final Pattern MASTER = Pattern.compile("local|local\\[(\\d+|\\*)(,\\d+)?]"
      + "|local-cluster\\[\\d+,\\d+,\\d+]|spark://[^\\s:/,]+:\\d+(,[^\\s:/,]+:\\d+)*|yarn"
      + "|k8s://\\S+");

  /** local[N] and local[N,F]: N threads, F failures of a task before its job fails. */
  private static final Pattern LOCAL_THREADS = Pattern.compile("local\\[(\\d+|\\*)(?:,(\\d+))?]");
  /** The most threads a local master may ask for: far beyond any machine's cores, far below an int's range. */
  static final int MAX_LOCAL_THREADS = 4096;

  private SweepFiles() {}

  /** local[0] starts no thread and waits for ever; local[99999999999] is not a number Spark can read. */
  private static void refuseLocalThreads(ConfigReader reader, String master) {
    java.util.regex.Matcher local = LOCAL_THREADS.matcher(master);
    if (!local.matches()) {
      return;
    }
    for (int group = 1; group <= 2; group++) {
      String count = local.group(group);
      if (count != null && !count.equals("*") && (count.length() > 4 || Integer.parseInt(count) < 1
          || group == 1 && Integer.parseInt(count) > MAX_LOCAL_THREADS)) {
        throw reader.invalid("spark.master", "local[N] needs N from 1 to " + MAX_LOCAL_THREADS + " threads, and"
            + " local[N,F] F from 1 to 9999 task failures, found " + Echo.quoted(master));
      }
    }
  }

  /** Loads file with the overrides ("key=value", key relative to {@code sweep}); no output override. */
  public static SweepSpec load(Path file, List<String> overrides) {
    return load(file, overrides, null);
  }

  /**
   * Loads file with the {@code --set} overrides ("key=value", key relative to {@code sweep}), then every
   * {@code -Dsweep.key=value} system property read exactly as a {@code --set}, then output (from
   * {@code --output}) when it is not null.
   */
  public static SweepSpec load(Path file, List<String> overrides, String output) {
    if (!Files.isRegularFile(file)) {
      throw new SpecException(file + ": no such sweep file");
    }
    Config user = ConfigLayers.parseFile(file);
    Config sets = ConfigFactory.empty();
    for (String override : overrides) {
      sets = ConfigLayers.override("--set ", override, override).withFallback(sets);
    }
    Config system = ConfigFactory.empty();
    for (String property : new TreeSet<>(System.getProperties().stringPropertyNames())) {
      if (property.equals(ROOT)) {
        throw new SpecException("-D" + property + "=" + Echo.shown(System.getProperty(property))
            + ": must name a setting of the sweep block, such as -Dsweep.lambda=0.1");
      }
      if (property.startsWith(ROOT + ".")) {
        String text = property.substring(ROOT.length() + 1) + "=" + System.getProperty(property);
        system = ConfigLayers.override("-D", ROOT + "." + text, text).withFallback(system);
      }
    }
    Config outputLayer = output == null ? ConfigFactory.empty()
        : ConfigFactory.empty(OUTPUT_OPTION).withValue(ROOT + ".output",
            ConfigValueFactory.fromAnyRef(output, OUTPUT_OPTION));
    Config reference = reference();
    for (Config layer : List.of(user, sets, system)) {
      checkKnown(layer, reference);
      checkBlocks(layer.root(), reference.root(), "");
    }
    Config merged;
    try {
      merged = outputLayer.withFallback(system).withFallback(sets).withFallback(user).withFallback(reference)
          .resolve();
    } catch (ConfigException e) {
      throw new SpecException(ConfigLayers.plain(e.getMessage()));
    }
    String fileName = file.getFileName().toString();
    String defaultName = fileName.endsWith(".conf") ? fileName.substring(0, fileName.length() - 5) : fileName;
    return read(merged.getConfig(ROOT), defaultName, user);
  }

  /**
   * The spec of a results directory's sweep.conf (text, read from description): the settings it was run
   * with, every default filled in when it was written.
   */
  public static SweepSpec recorded(String text, String description) {
    Config recorded;
    try {
      recorded = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setOriginDescription(description));
    } catch (ConfigException e) {
      throw new SpecException(ConfigLayers.plain(e.getMessage()));
    }
    Config reference = reference();
    checkKnown(recorded, reference);
    checkBlocks(recorded.root(), reference.root(), "");
    if (!recorded.hasPath(ROOT + ".name")) {
      throw new SpecException(description + ": sweep.name: missing");
    }
    return read(recorded.withFallback(reference).resolve().getConfig(ROOT), "", recorded);
  }

  /**
   * reference.conf as shipped, without the system properties that Config's default reference would lay on
   * top: those are read as overrides, like --set.
   */
  public static Config reference() {
    return ConfigFactory.parseResources(SweepFiles.class.getClassLoader(), "reference.conf").resolve();
  }

  /** A setting's value as a command-line option gave it: the option's name ("--lambda") and its text. */
  public record Given(Setting<?> setting, String option, String text) {}

  /**
   * One training from {@code train}'s options: a sweep of one cell, each option read exactly as a {@code --set}
   * of its setting's key (so a value means the same and is refused with the same words, naming the option), over
   * reference.conf. A per-task option sets every task's value; without {@code --seed}, the reference's first seed.
   */
  public static TrialSpec trial(List<Given> given) {
    Config options = ConfigFactory.empty();
    for (Given option : given) {
      Setting<?> setting = option.setting();
      List<String> keys = setting.shape() == Setting.Shape.PER_TASK
          ? Arrays.stream(TaskKind.values()).map(setting::key).toList() : List.of(setting.key());
      for (String key : keys) {
        String value = String.format(setting.optionSyntax(), option.text());
        options = ConfigLayers.setting(ROOT + "." + key, value, option.option(), option.option()).withFallback(options);
      }
    }
    Config reference = reference();
    if (given.stream().noneMatch(option -> option.setting() == Settings.SEED)) {
      Object first = Settings.SEED.read(new ConfigReader(reference.getConfig(ROOT), ROOT, Settings.listKeys())).get(0);
      options = options.withValue(ROOT + "." + Settings.SEED.key(), ConfigValueFactory.fromIterable(List.of(first)));
    }
    Config merged;
    try {
      merged = options.withFallback(reference).resolve();
    } catch (ConfigException e) {
      throw new SpecException(ConfigLayers.plain(e.getMessage()));
    }
    Grid grid = read(merged.getConfig(ROOT), "train", null).grid();
    for (Given option : given) {
      long values = grid.values(option.setting()).size();
      if (option.setting().isAxis() && values > 1) {
        throw new SpecException(option.option() + ": train trains one value, found " + values
            + "; a sweep file trains lists of values");
      }
    }
    return grid.trial(0);
  }

  /** Every key a layer sets must exist in the reference: a misspelled key is an error, not a silent default. */
  private static void checkKnown(Config layer, Config reference) {
    for (Map.Entry<String, ConfigValue> entry : layer.entrySet()) {
      String path = entry.getKey();
      if (!path.startsWith(ROOT + ".")) {
        throw new SpecException(ConfigReader.where(entry.getValue().origin()) + Echo.shown(path)
            + ": unknown setting; a sweep file holds only the sweep { … } block");
      }
      if (!known(path, reference)) {
        throw new SpecException(ConfigReader.where(entry.getValue().origin()) + Echo.shown(path) + ": unknown setting"
            + Suggestions.suggestion(path, reference, ROOT));
      }
    }
  }

  /**
   * A block of the reference (lock, spark, data, solved, …) that a layer sets to one value, such as lock = 5, is
   * refused naming the block, not a setting inside it that then seems missing.
   */
  private static void checkBlocks(ConfigObject layer, ConfigObject reference, String path) {
    for (String key : new TreeSet<>(reference.keySet())) {
      String full = path.isEmpty() ? key : path + "." + key;
      ConfigValue given = layer.get(key);
      if (!(reference.get(key) instanceof ConfigObject block) || given == null || full.equals(ROOT + ".seeds")) {
        continue;
      }
      if (given instanceof ConfigObject inner) {
        checkBlocks(inner, block, full);
      } else {
        String shown = given.valueType() == com.typesafe.config.ConfigValueType.STRING
            ? Echo.quoted((String) given.unwrapped()) : Echo.shown(given.render(ConfigRenderOptions.concise()));
        List<String> defaults = new ArrayList<>();
        for (String inside : new TreeSet<>(block.keySet())) {
          ConfigValue value = block.get(inside);
          defaults.add(inside + " = " + (value instanceof ConfigObject ? "{ … }" : value.unwrapped()));
        }
        throw new SpecException(ConfigReader.where(given.origin()) + full + ": must be a block such as " + key
            + " { " + String.join(", ", defaults) + " }, found " + shown);
      }
    }
  }

  private static boolean known(String path, Config reference) {
    // Seeds may be a list or { from, count }; every other key must be in the reference as it stands.
    return reference.hasPathOrNull(path) || path.equals(ROOT + ".seeds");
  }

  /** sweep, read and checked; written is the sweep file as written (unresolved), or null. */
  static SweepSpec read(Config sweep, String defaultName, Config written) {
    ConfigReader reader = new ConfigReader(sweep, ROOT, Settings.listKeys(), written);
    String name = sweep.getIsNull("name") ? defaultName : reader.string("name");
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw badName(reader, sweep, written, name, "must be letters, digits, '.', '_' or '-', starting with a letter"
          + " or digit, and hold no '/' or '..'", "");
    }
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw badName(reader, sweep, written, name, "must be at most " + MAX_NAME_BYTES + " characters", "; it names"
          + " the results' and the report's directories, and a file name holds 255 bytes on Linux and HDFS");
    }
    List<Values> values = new ArrayList<>();
    for (Setting<?> setting : Settings.ALL) {
      values.add(setting.read(reader));
    }
    int chunkSize = reader.integer("chunk-size", 1, "a whole number ≥ 1");
    String master = reader.string("spark.master");
    if (!MASTER.matcher(master).matches()) {
      throw reader.invalid("spark.master", "must be local, local[N], local[*], local[N,F], spark://HOST:PORT, yarn"
          + " or k8s://URL, found " + reader.describe("spark.master", reader.value("spark.master")));
    }
    refuseLocalThreads(reader, master);
    int partitions = reader.integer("spark.partitions-per-chunk", 0, "a whole number ≥ 0 (0 = automatic)");
    int inFlight = reader.integer("spark.chunks-in-flight", 0, "a whole number ≥ 0 (0 = automatic)");
    int lanes = reader.integer("lanes", 1, "a whole number from 1 to " + SweepSpec.MAX_LANES);
    if (lanes > SweepSpec.MAX_LANES) {
      throw reader.invalid("lanes", "must be a whole number from 1 to " + SweepSpec.MAX_LANES + ", found " + lanes);
    }
    String output = reader.string("output");
    if (output.isBlank()) {
      throw reader.invalid("output", "must be a directory, found ''");
    }
    LockTiming lockTiming = lockTiming(reader);
    long maxTrainingBytes = reader.bytes("max-training-memory");
    Grid grid;
    try {
      grid = new Grid(values);
      grid.checkCombinations();
    } catch (SpecException e) {
      throw new SpecException(ConfigReader.where(sweep.root().origin()) + "sweep: " + e.getMessage());
    }
    checkRepeats(reader, grid);
    checkLambdaSchedule(reader, grid);
    checkTrainingMemory(reader, grid, maxTrainingBytes);
    if ((grid.size() + chunkSize - 1) / chunkSize > Integer.MAX_VALUE) {
      throw reader.invalid("chunk-size", "must leave at most " + Integer.MAX_VALUE + " chunks of the "
          + grid.size() + " trainings, found " + chunkSize);
    }
    Config resolved = sweep.withValue("name", ConfigValueFactory.fromAnyRef(name));
    return new SweepSpec(name, output, reader.label("output"), grid, chunkSize, master, partitions,
        inFlight, lanes, lockTiming, resolved, Identity.canonical(name, grid, chunkSize));
  }

  /** The lock's timing: each duration in its range (see {@link LockTiming}), stale-after ≥ 2 × refresh. */
  private static LockTiming lockTiming(ConfigReader reader) {
    java.time.Duration refresh = reader.duration("lock.refresh", LockTiming.LEAST_REFRESH,
        LockTiming.MOST_REFRESH);
    java.time.Duration staleAfter = reader.duration("lock.stale-after", LockTiming.LEAST_STALE_AFTER,
        LockTiming.MOST_STALE_AFTER);
    if (staleAfter.compareTo(refresh.multipliedBy(2)) < 0) {
      throw reader.invalid("lock.stale-after", "must be at least twice lock.refresh (" + refresh.toMillis() / 1000.0
          + " s), found " + staleAfter.toMillis() / 1000.0 + " s");
    }
    return new LockTiming(refresh, staleAfter);
  }

  /**
   * A refused name: at its line when the sweep file gives one, else (sweep.name = null, the default) the file's
   * own name, named by the file.
   */
  private static SpecException badName(ConfigReader reader, Config sweep, Config written, String name, String rule,
      String why) {
    if (sweep.getIsNull("name")) {
      String file = written == null || written.origin().filename() == null ? ""
          : Echo.escaped(written.origin().filename()) + ": ";
      return new SpecException(file + ROOT + ".name: " + rule + ", found " + Echo.quoted(name)
          + " (the sweep file's name, as sweep.name is null)" + why);
    }
    return reader.invalid("name", rule + ", found " + reader.describe("name", reader.value("name")) + why);
  }

  /**
   * Refuses a λ schedule that some trainings never finish: λ is 0 for the warm-up's epochs, then grows over the
   * ramp's, and is whole from epoch warm-up + max(ramp, 1) on (counting from 1). A training of fewer epochs ends
   * before λ is whole (bit for bit a training at λ = 0 when the warm-up is as long), while its rows carry λ. The
   * axes combine every value with every other, so the combination named is the fewest epochs with the longest
   * warm-up and the longest ramp. Retraining has no schedule (it trains without L1).
   */
  private static void checkLambdaSchedule(ConfigReader reader, Grid grid) {
    long epochs = extreme(grid.values(Settings.EPOCHS), false);
    long warmup = extreme(grid.values(Settings.LAMBDA_WARMUP), true);
    long ramp = extreme(grid.values(Settings.LAMBDA_RAMP), true);
    String epochsGiven = given(reader, Settings.EPOCHS, epochs);
    if (warmup >= epochs) {
      throw reader.invalid(Settings.LAMBDA_WARMUP.key(), warmup + " is not below " + epochsGiven
          + ": every epoch would train at λ = 0, yet the results would carry λ; the warm-up must be shorter than"
          + " the training, and warm-up + ramp at most its epochs");
    }
    if (warmup + ramp > epochs) {
      throw reader.invalid(Settings.LAMBDA_RAMP.key(), ramp + (warmup == 0 ? " is more than "
          : " after " + given(reader, Settings.LAMBDA_WARMUP, warmup) + " ends at epoch " + (warmup + ramp)
              + ", beyond ") + epochsGiven + ": λ would never reach its value, yet the results would carry it;"
          + " warm-up + ramp must be at most the epochs");
    }
  }

  /** The largest (or smallest) of whole-number values. */
  private static long extreme(Values values, boolean largest) {
    long found = (Integer) values.get(0);
    for (long i = 1; i < values.size(); i++) {
      long value = (Integer) values.get(i);
      found = largest ? Math.max(found, value) : Math.min(found, value);
    }
    return found;
  }

  /** A value of another setting, as a message about this one names it: "--epochs 100", else "epochs = 100". */
  private static String given(ConfigReader reader, Setting<?> setting, long value) {
    String label = reader.label(setting.key());
    return label.startsWith("--") && !label.startsWith("--set") ? label + " " + value
        : setting.key() + " = " + value;
  }

  /**
   * Refuses an axis that lists values which make no difference to some of the trainings: each of those would be
   * trained once per value, under different keys, and counted as several configurations.
   */
  private static void checkRepeats(ConfigReader reader, Grid grid) {
    Values periods = grid.values(Settings.ROUND_EVERY);
    Values rules = grid.values(Settings.L1);
    for (long r = 0; r < rules.size() && periods.size() > 1; r++) {
      if (rules.get(r) != dev.structsweep.net.L1Rule.ROUND_BINARY) {
        throw reader.invalid(Settings.ROUND_EVERY.key(), "lists " + periods.size() + " periods, but l1 = "
            + ((dev.structsweep.net.Named) rules.get(r)).key() + " does not round: each of its trainings would repeat"
            + " once per period; list the periods in a sweep of l1 = round-binary alone");
      }
    }
    Values deltas = grid.values(Settings.REWEIGHT_DELTA);
    Values every = grid.values(Settings.REWEIGHT_EVERY);
    for (long e = 0; e < every.size() && deltas.size() > 1; e++) {
      if ((Integer) every.get(e) == 0) {
        throw reader.invalid(Settings.REWEIGHT_DELTA.key(), "lists " + deltas.size() + " values, but reweight.every"
            + " = 0 does not reweight: each of its trainings would repeat once per δ; list the δ values in a sweep"
            + " of reweight.every > 0 alone");
      }
    }
    Values losses = grid.values(Settings.LOSS);
    Values tasks = grid.values(Settings.TASK);
    for (long t = 0; t < tasks.size() && losses.size() > 1; t++) {
      if (tasks.get(t) == TaskKind.ADDITION) {
        throw reader.invalid(Settings.LOSS.key(), "lists " + losses.size() + " losses, but addition's own loss is"
            + " mse: each of its trainings would repeat once per loss; list the losses in a sweep of xor alone");
      }
    }
  }

  /** Refuses a grid whose largest training would need more memory than max-training-memory allows. */
  private static void checkTrainingMemory(ConfigReader reader, Grid grid, long maxBytes) {
    Values tasks = grid.values(Settings.TASK);
    Values hidden = grid.values(Settings.HIDDEN);
    for (long t = 0; t < tasks.size(); t++) {
      TaskKind kind = (TaskKind) tasks.get(t);
      String task = kind.key();
      int trainSize = (Integer) grid.values(Settings.TRAIN_SIZE).get(kind.ordinal());
      int testSize = (Integer) grid.values(Settings.TEST_SIZE).get(kind.ordinal());
      String trainKey = Settings.TRAIN_SIZE.key(kind);
      String testKey = Settings.TEST_SIZE.key(kind);
      Values wirings = grid.values(Settings.TOPOLOGY);
      for (long h = 0; h < hidden.size(); h++) {
        int[] sizes = (int[]) hidden.get(h);
        double bytes = 0;
        double largest = 0;
        // The most demanding wiring of these layers (a DAG reads every layer below each).
        for (long w = 0; w < wirings.size(); w++) {
          dev.structsweep.net.Topology topology = dev.structsweep.net.Topology.of(
              (dev.structsweep.net.Wiring) wirings.get(w), kind.inputs(), sizes, kind.outputs());
          bytes = Math.max(bytes, TrainingMemory.bytes(topology, trainSize, testSize));
          largest = Math.max(largest, TrainingMemory.largestArray(topology, trainSize, testSize));
        }
        boolean beyondArrays = largest > TrainingMemory.ARRAY_LIMIT;
        if (bytes > maxBytes || beyondArrays) {
          String blamed = reader.setByUser(trainKey) ? trainKey
              : reader.setByUser(testKey) ? testKey : Settings.HIDDEN.key();
          throw reader.invalid(blamed, Arrays.toString(sizes) + " with " + task + "'s data (" + reader.label(trainKey)
              .replaceFirst("^.*: ", "") + " " + trainSize + ", test-size " + testSize + ") needs about "
              + TrainingMemory.human(bytes) + " for one training, more than "
              + (beyondArrays ? "one Java array holds (2³¹ values); use smaller layers or data"
                  : reader.label("max-training-memory").replaceFirst("^.*: ", "") + " ("
                      + TrainingMemory.human(maxBytes) + "); use smaller layers or data, or raise max-training-memory"));
        }
      }
    }
  }

}
