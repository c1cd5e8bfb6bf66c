package dev.structsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.task.SolvedThresholds;
import dev.structsweep.task.TrainingMemory;
import dev.structsweep.task.TaskKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
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
  private static final String OUTPUT_OPTION = "--output";
  /** Config's two ways of saying that an included file is missing. */
  private static final Pattern MISSING_INCLUDE = Pattern.compile(
      "include was not found: '([^']*)'|^([^:\\s]+): java\\.io\\.IOException: resource not found");
  /** local, local[N], local[*], local[N,F], local-cluster[N,C,M], spark://HOST:PORT[,HOST:PORT…], yarn, k8s://URL. */
  private static final Pattern MASTER = Pattern.compile("local|local\\[(\\d+|\\*)(,\\d+)?]"
      + "|local-cluster\\[\\d+,\\d+,\\d+]|spark://[^\\s:/,]+:\\d+(,[^\\s:/,]+:\\d+)*|yarn"
      + "|k8s://\\S+");
  private static final Set<String> AXES = Set.of("task", "hidden", "activation", "bias", "optimizer", "l1",
      "lambda", "learning-rate", "epochs", "batch-size", "seeds", "epsilon");

  private SweepFiles() {}

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
    Config user = parseFile(file);
    Config sets = ConfigFactory.empty();
    for (String override : overrides) {
      sets = override("--set ", override, override).withFallback(sets);
    }
    Config system = ConfigFactory.empty();
    for (String property : new TreeSet<>(System.getProperties().stringPropertyNames())) {
      if (property.equals(ROOT)) {
        throw new SpecException("-D" + property + "=" + System.getProperty(property)
            + ": must name a setting of the sweep block, such as -Dsweep.lambda=0.1");
      }
      if (property.startsWith(ROOT + ".")) {
        String text = property.substring(ROOT.length() + 1) + "=" + System.getProperty(property);
        system = override("-D", ROOT + "." + text, text).withFallback(system);
      }
    }
    Config outputLayer = output == null ? ConfigFactory.empty()
        : ConfigFactory.empty(OUTPUT_OPTION).withValue(ROOT + ".output",
            ConfigValueFactory.fromAnyRef(output, OUTPUT_OPTION));
    Config reference = reference();
    for (Config layer : List.of(user, sets, system)) {
      checkKnown(layer, reference);
    }
    Config merged;
    try {
      merged = outputLayer.withFallback(system).withFallback(sets).withFallback(user).withFallback(reference)
          .resolve();
    } catch (ConfigException e) {
      throw new SpecException(plain(e.getMessage()));
    }
    String fileName = file.getFileName().toString();
    String defaultName = fileName.endsWith(".conf") ? fileName.substring(0, fileName.length() - 5) : fileName;
    return read(merged.getConfig(ROOT), defaultName);
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
      throw new SpecException(plain(e.getMessage()));
    }
    Config reference = reference();
    checkKnown(recorded, reference);
    if (!recorded.hasPath(ROOT + ".name")) {
      throw new SpecException(description + ": sweep.name: missing");
    }
    return read(recorded.withFallback(reference).resolve().getConfig(ROOT), "");
  }

  /**
   * reference.conf as shipped, without the system properties that Config's default reference would lay on
   * top: those are read as overrides, like --set.
   */
  public static Config reference() {
    return ConfigFactory.parseResources(SweepFiles.class.getClassLoader(), "reference.conf").resolve();
  }

  private static Config parseFile(Path file) {
    try {
      return ConfigFactory.parseFile(file.toFile(),
          ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setAllowMissing(false));
    } catch (ConfigException.IO e) {
      Matcher missing = MISSING_INCLUDE.matcher(e.getMessage());
      if (missing.find()) {
        String name = missing.group(1) != null ? missing.group(1) : missing.group(2);
        throw new SpecException(includeLine(file, name) + "include \"" + name
            + "\": no such file (an include is read relative to the file that includes it)");
      }
      throw new SpecException(file + ": " + plain(e.getMessage()));
    } catch (ConfigException e) {
      throw new SpecException(plain(e.getMessage()));
    }
  }

  /** "conf/x.conf: 3: " for the line that includes name, or "conf/x.conf: " when no line names it. */
  private static String includeLine(Path file, String name) {
    try {
      List<String> lines = Files.readAllLines(file);
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains("include") && lines.get(i).contains(name)) {
          return file + ": " + (i + 1) + ": ";
        }
      }
    } catch (java.io.IOException | java.io.UncheckedIOException unreadable) {
      // The file was readable a moment ago; name it without a line.
    }
    return file + ": ";
  }

  /** The parser's words made plain where they mislead: a missing '}' is not a "close parentheses". */
  static String plain(String message) {
    return message
        .replace("expecting a close parentheses ')' here, not: end of file",
            "missing '}': a block opened above is not closed before the end of the file")
        .replace("expecting a close brace or a field name here, got end of file",
            "missing '}': a block opened above is not closed before the end of the file")
        .replace("List should have ] or a new value after the last value here, instead had token: end of file",
            "missing ']': a list opened above is not closed before the end of the file");
  }

  /** One "key=value" override; a value HOCON cannot parse is taken as the string it is. */
  private static Config override(String prefix, String shown, String override) {
    int equals = override.indexOf('=');
    if (equals <= 0) {
      throw new SpecException(prefix + shown + ": must be key=value, such as " + prefix.trim()
          + (prefix.startsWith("-D") ? "sweep.lambda=0.1" : " lambda=0.1"));
    }
    String key = override.substring(0, equals).trim();
    String value = override.substring(equals + 1);
    String path = key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
    ConfigParseOptions origin = ConfigParseOptions.defaults()
        .setOriginDescription(prefix + (prefix.startsWith("-D") ? path : key));
    try {
      return ConfigFactory.parseString(path + " = " + value, origin);
    } catch (ConfigException notHocon) {
      try {
        return ConfigFactory.parseString(path + " = " + ConfigValueFactory.fromAnyRef(value)
            .render(ConfigRenderOptions.concise()), origin);
      } catch (ConfigException e) {
        throw new SpecException(prefix + shown + ": " + plain(e.getMessage()));
      }
    }
  }

  /** Every key a layer sets must exist in the reference: a misspelled key is an error, not a silent default. */
  private static void checkKnown(Config layer, Config reference) {
    for (Map.Entry<String, ConfigValue> entry : layer.entrySet()) {
      String path = entry.getKey();
      if (!path.startsWith(ROOT + ".")) {
        throw new SpecException(ConfigReader.where(entry.getValue().origin()) + path
            + ": unknown setting; a sweep file holds only the sweep { … } block");
      }
      if (!known(path, reference)) {
        throw new SpecException(ConfigReader.where(entry.getValue().origin()) + path + ": unknown setting"
            + ConfigReader.suggestion(path, reference, ROOT));
      }
    }
  }

  private static boolean known(String path, Config reference) {
    // Seeds may be a list or { from, count }; every other key must be in the reference as it stands.
    return reference.hasPathOrNull(path) || path.equals(ROOT + ".seeds");
  }

  static SweepSpec read(Config sweep, String defaultName) {
    ConfigReader reader = new ConfigReader(sweep, ROOT, AXES, OUTPUT_OPTION);
    String name = sweep.getIsNull("name") ? defaultName : reader.string("name");
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw reader.invalid("name", "must be letters, digits, '.', '_' or '-', starting with a letter or digit,"
          + " and hold no '/' or '..', found '" + name + "'");
    }
    List<TaskKind> tasks = reader.list("task", v -> reader.parse(v, "task", TaskKind::parse));
    List<int[]> hidden = reader.topologies("hidden");
    List<Activation> activations = reader.list("activation",
        v -> reader.parse(v, "activation", Activation::parse));
    List<Boolean> biases = reader.list("bias", v -> reader.bool(v, "bias"));
    List<OptimizerKind> optimizers = reader.list("optimizer",
        v -> reader.parse(v, "optimizer", OptimizerKind::parse));
    List<L1Rule> l1Rules = reader.list("l1", v -> reader.parse(v, "l1", L1Rule::parse));
    double[] lambdas = reader.numbers("lambda", 0, false, "a number ≥ 0");
    double[] learningRates = reader.numbers("learning-rate", 0, true, "a number > 0");
    int[] epochs = reader.integers("epochs", 1, "a whole number ≥ 1");
    int[] batchSizes = reader.integers("batch-size", 0, "a whole number ≥ 0 (0 = full batch)");
    double[] epsilons = reader.numbers("epsilon", 0, true, "a number > 0");
    Grid.Seeds seeds = reader.seeds();
    int historyEvery = reader.integer("history-every", 0, "a whole number ≥ 0 (0 = no history)");
    Grid.DataSettings data = new Grid.DataSettings(
        reader.integer("data.xor.train-size", 1, "a whole number ≥ 1"),
        reader.integer("data.xor.test-size", 1, "a whole number ≥ 1"),
        reader.number("data.xor.noise", 0, false, "a number ≥ 0"),
        reader.integer("data.addition.train-size", 1, "a whole number ≥ 1"),
        reader.integer("data.addition.test-size", 1, "a whole number ≥ 1"));
    double solvedAccuracy = reader.number("solved.accuracy", 0, true, "a number in (0, 1]");
    double solvedR2 = reader.number("solved.r2", 0, true, "a number in (0, 1]");
    if (solvedAccuracy > 1) {
      throw reader.invalid("solved.accuracy", "must be a number in (0, 1], found " + solvedAccuracy);
    }
    if (solvedR2 > 1) {
      throw reader.invalid("solved.r2", "must be a number in (0, 1], found " + solvedR2);
    }
    int chunkSize = reader.integer("chunk-size", 1, "a whole number ≥ 1");
    String master = reader.string("spark.master");
    if (!MASTER.matcher(master).matches()) {
      throw reader.invalid("spark.master", "must be local, local[N], local[*], local[N,F], spark://HOST:PORT, yarn"
          + " or k8s://URL, found '" + master + "'");
    }
    int partitions = reader.integer("spark.partitions-per-chunk", 0, "a whole number ≥ 0 (0 = automatic)");
    String output = reader.string("output");
    if (output.isBlank()) {
      throw reader.invalid("output", "must be a directory, found ''");
    }
    ResultsLock.Timing lockTiming;
    try {
      lockTiming = new ResultsLock.Timing(reader.duration("lock.refresh"), reader.duration("lock.stale-after"));
    } catch (IllegalArgumentException e) {
      throw reader.invalid("lock.stale-after", e.getMessage().replaceFirst("^lock.stale-after ", ""));
    }
    long maxTrainingBytes = reader.bytes("max-training-memory");
    checkTrainingMemory(reader, tasks, hidden, data, maxTrainingBytes);
    Grid grid;
    try {
      grid = new Grid(tasks, hidden, activations, biases, optimizers, l1Rules, lambdas, learningRates, epochs,
          batchSizes, seeds, epsilons, historyEvery, data, new SolvedThresholds(solvedAccuracy, solvedR2));
    } catch (SpecException e) {
      throw new SpecException(ConfigReader.where(sweep.root().origin()) + "sweep: " + e.getMessage());
    }
    if ((grid.size() + chunkSize - 1) / chunkSize > Integer.MAX_VALUE) {
      throw reader.invalid("chunk-size", "must leave at most " + Integer.MAX_VALUE + " chunks of the "
          + grid.size() + " trainings, found " + chunkSize);
    }
    String canonical = String.join("\n", "name=" + name, "task=" + tasks.stream().map(TaskKind::key).toList(), "hidden=" + deep(hidden),
        "activation=" + activations, "bias=" + biases, "optimizer=" + optimizers, "l1=" + l1Rules,
        "lambda=" + Arrays.toString(lambdas), "learning-rate=" + Arrays.toString(learningRates),
        "epochs=" + Arrays.toString(epochs), "batch-size=" + Arrays.toString(batchSizes),
        "epsilon=" + Arrays.toString(epsilons), "seeds=" + seeds,
        "history-every=" + historyEvery, "data=" + data, "solved=" + solvedAccuracy + "," + solvedR2,
        "chunk-size=" + chunkSize);
    Config resolved = sweep.withValue("name", ConfigValueFactory.fromAnyRef(name));
    return new SweepSpec(name, Path.of(output), reader.label("output"), grid, chunkSize, master, partitions,
        lockTiming, resolved, canonical);
  }

  /** Refuses a grid whose largest training would need more memory than max-training-memory allows. */
  private static void checkTrainingMemory(ConfigReader reader, List<TaskKind> kinds, List<int[]> hidden,
      Grid.DataSettings data, long maxBytes) {
    for (TaskKind kind : kinds) {
      String task = kind.key();
      int trainSize = data.trainSize(kind);
      int testSize = data.testSize(kind);
      for (int[] sizes : hidden) {
        double bytes = TrainingMemory.bytes(2, sizes, 1, trainSize, testSize);
        boolean beyondArrays = TrainingMemory.largestArray(2, sizes, 1, trainSize, testSize) > TrainingMemory.ARRAY_LIMIT;
        if (bytes > maxBytes || beyondArrays) {
          String blamed = reader.setByUser("data." + task + ".train-size") ? "data." + task + ".train-size"
              : reader.setByUser("data." + task + ".test-size") ? "data." + task + ".test-size" : "hidden";
          throw reader.invalid(blamed, Arrays.toString(sizes) + " with " + task + "'s data (sweep.data." + task
              + ".train-size " + trainSize + ", test-size " + testSize + ") needs about "
              + TrainingMemory.human(bytes) + " for one training, more than "
              + (beyondArrays ? "one Java array holds (2³¹ values); use smaller layers or data"
                  : "sweep.max-training-memory (" + TrainingMemory.human(maxBytes) + "); use smaller layers or"
                      + " data, or raise max-training-memory"));
        }
      }
    }
  }

  private static String deep(List<int[]> hidden) {
    List<String> parts = new ArrayList<>();
    for (int[] sizes : hidden) {
      parts.add(Arrays.toString(sizes));
    }
    return parts.toString();
  }

}
