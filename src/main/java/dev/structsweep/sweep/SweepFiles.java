package dev.structsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.task.SolvedThresholds;
import dev.structsweep.task.TrainingMemory;
import dev.structsweep.task.TrialSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
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
        throw new SpecException(where(entry.getValue().origin()) + path
            + ": unknown setting; a sweep file holds only the sweep { … } block");
      }
      if (!known(path, reference)) {
        throw new SpecException(where(entry.getValue().origin()) + path + ": unknown setting"
            + suggestion(path, reference));
      }
    }
  }

  private static boolean known(String path, Config reference) {
    // Seeds may be a list or { from, count }; every other key must be in the reference as it stands.
    return reference.hasPathOrNull(path) || path.equals(ROOT + ".seeds");
  }

  private static String suggestion(String path, Config reference) {
    String best = null;
    int bestDistance = 4;
    Set<String> candidates = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> entry : reference.getConfig(ROOT).entrySet()) {
      candidates.add(ROOT + "." + entry.getKey());
    }
    for (String candidate : candidates) {
      int distance = editDistance(path, candidate);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return best == null ? " (the settings are documented in reference.conf)" : "; did you mean " + best + "?";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  static SweepSpec read(Config sweep, String defaultName) {
    Reader reader = new Reader(sweep);
    String name = sweep.getIsNull("name") ? defaultName : reader.string("name");
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw reader.invalid("name", "must be letters, digits, '.', '_' or '-', starting with a letter or digit,"
          + " and hold no '/' or '..', found '" + name + "'");
    }
    List<String> tasks = reader.list("task", v -> reader.choice(v, "task", TrialSpec.TASKS));
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
      throw new SpecException(where(sweep.root().origin()) + "sweep: " + e.getMessage());
    }
    if ((grid.size() + chunkSize - 1) / chunkSize > Integer.MAX_VALUE) {
      throw reader.invalid("chunk-size", "must leave at most " + Integer.MAX_VALUE + " chunks of the "
          + grid.size() + " trainings, found " + chunkSize);
    }
    String canonical = String.join("\n", "name=" + name, "task=" + tasks, "hidden=" + deep(hidden),
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
  private static void checkTrainingMemory(Reader reader, List<String> tasks, List<int[]> hidden,
      Grid.DataSettings data, long maxBytes) {
    for (String task : tasks) {
      boolean xor = task.equals("xor");
      int trainSize = xor ? data.xorTrainSize() : data.additionTrainSize();
      int testSize = xor ? data.xorTestSize() : data.additionTestSize();
      for (int[] sizes : hidden) {
        double bytes = TrainingMemory.bytes(2, sizes, 1, trainSize, testSize);
        if (bytes > maxBytes) {
          String blamed = reader.setByUser("data." + task + ".train-size") ? "data." + task + ".train-size"
              : reader.setByUser("data." + task + ".test-size") ? "data." + task + ".test-size" : "hidden";
          throw reader.invalid(blamed, Arrays.toString(sizes) + " with " + task + "'s data (sweep.data." + task
              + ".train-size " + trainSize + ", test-size " + testSize + ") needs about "
              + TrainingMemory.human(bytes) + " for one training, more than sweep.max-training-memory ("
              + TrainingMemory.human(maxBytes) + "); use smaller layers or data, or raise max-training-memory");
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

  /** "conf/x.conf: 12: " for a value from a file, "--set lambda: " for an override. */
  static String where(ConfigOrigin origin) {
    if (origin == null) {
      return "";
    }
    if (origin.filename() != null) {
      return origin.filename() + (origin.lineNumber() > 0 ? ": " + origin.lineNumber() : "") + ": ";
    }
    String description = origin.description();
    return description.startsWith("--set") || description.startsWith("-D")
        ? description.replaceFirst(": \\d+$", "") + ": " : "";
  }

  /** Typed, checked reads of one sweep block; every error names the origin, the key and the value. */
  private static final class Reader {
    private final Config sweep;

    Reader(Config sweep) {
      this.sweep = sweep;
    }

    SpecException invalid(String key, String message) {
      return new SpecException(label(key) + ": " + message);
    }

    /** Whether key's value comes from the sweep file or an override rather than reference.conf. */
    boolean setByUser(String key) {
      ConfigValue value = sweep.getValue(key);
      String file = value.origin() == null ? null : value.origin().filename();
      return file == null ? value.origin() != null && !value.origin().description().contains("reference.conf")
          : !file.endsWith("reference.conf");
    }

    /** How a message names key: "conf/x.conf: 3: sweep.lambda", "--set lambda: sweep.lambda", or "--output". */
    String label(String key) {
      ConfigValue value = sweep.hasPath(key) ? sweep.getValue(key) : null;
      if (value != null && value.origin() != null && OUTPUT_OPTION.equals(value.origin().description())) {
        return OUTPUT_OPTION;
      }
      return where(value == null ? null : value.origin()) + ROOT + "." + key;
    }

    java.time.Duration duration(String key) {
      try {
        java.time.Duration duration = sweep.getDuration(key);
        if (duration.isNegative() || duration.isZero()) {
          throw invalid(key, "must be a duration > 0 such as 15s or 2m, found " + describe(sweep.getValue(key)));
        }
        return duration;
      } catch (ConfigException.BadValue | ConfigException.WrongType e) {
        throw invalid(key, "must be a duration > 0 such as 15s or 2m, found " + describe(sweep.getValue(key)));
      }
    }

    long bytes(String key) {
      try {
        long bytes = sweep.getBytes(key);
        if (bytes < 1) {
          throw invalid(key, "must be a size > 0 such as 512M or 2G, found " + describe(sweep.getValue(key)));
        }
        return bytes;
      } catch (ConfigException.BadValue | ConfigException.WrongType e) {
        throw invalid(key, "must be a size > 0 such as 512M or 2G, found " + describe(sweep.getValue(key)));
      }
    }

    private SpecException wrongType(String key, ConfigValue value, String expected) {
      return new SpecException(where(value.origin()) + ROOT + "." + key + ": must be " + expected + ", found "
          + describe(value));
    }

    private static String describe(ConfigValue value) {
      return value.valueType() == ConfigValueType.STRING ? "'" + value.unwrapped() + "'"
          : value.render(ConfigRenderOptions.concise());
    }

    /** One value or a list of them, at least one. */
    <T> List<T> list(String key, Function<ConfigValue, T> element) {
      ConfigValue value = sweep.getValue(key);
      List<T> values = new ArrayList<>();
      if (value.valueType() == ConfigValueType.LIST) {
        for (ConfigValue item : (ConfigList) value) {
          values.add(element.apply(item));
        }
        if (values.isEmpty()) {
          throw new SpecException(where(value.origin()) + ROOT + "." + key
              + ": must hold at least one value, found []");
        }
        distinct(key, value, values);
      } else {
        values.add(element.apply(value));
      }
      return values;
    }

    /** Every axis lists each value once: a repeated value would train and count its configurations twice. */
    private void distinct(String key, ConfigValue list, List<?> values) {
      Set<Object> seen = new java.util.HashSet<>();
      for (Object v : values) {
        if (!seen.add(v)) {
          throw new SpecException(where(list.origin()) + ROOT + "." + key + ": must list distinct values, found "
              + describe(list) + " (" + (v instanceof List<?> l ? l.toString().replace(" ", "") : v) + " twice)");
        }
      }
    }

    String choice(ConfigValue value, String key, String[] allowed) {
      if (value.valueType() != ConfigValueType.STRING || !Arrays.asList(allowed).contains(value.unwrapped())) {
        throw new SpecException(where(value.origin()) + ROOT + "." + key + ": must be one of "
            + String.join(", ", allowed) + ", found " + describe(value));
      }
      return (String) value.unwrapped();
    }

    <T> T parse(ConfigValue value, String key, Function<String, T> parser) {
      if (value.valueType() != ConfigValueType.STRING) {
        throw wrongType(key, value, "a name");
      }
      try {
        return parser.apply((String) value.unwrapped());
      } catch (IllegalArgumentException e) {
        // "activation must be one of …" becomes "sweep.activation: must be one of …".
        throw new SpecException(where(value.origin()) + ROOT + "." + e.getMessage().replaceFirst("^(\\S+) ", "$1: "));
      }
    }

    Boolean bool(ConfigValue value, String key) {
      if (value.valueType() != ConfigValueType.BOOLEAN) {
        throw wrongType(key, value, "true or false, or a list of them");
      }
      return (Boolean) value.unwrapped();
    }

    double[] numbers(String key, double bound, boolean strict, String allowed) {
      List<Double> values = list(key, v -> number(key, v, bound, strict, allowed));
      return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    double number(String key, double bound, boolean strict, String allowed) {
      return number(key, sweep.getValue(key), bound, strict, allowed);
    }

    private double number(String key, ConfigValue value, double bound, boolean strict, String allowed) {
      if (value.valueType() != ConfigValueType.NUMBER) {
        throw wrongType(key, value, allowed + (AXES.contains(key) ? " or a list of them" : ""));
      }
      double number = ((Number) value.unwrapped()).doubleValue();
      if (!Double.isFinite(number) || (strict ? !(number > bound) : !(number >= bound))) {
        throw new SpecException(where(value.origin()) + ROOT + "." + key + ": must be " + allowed + ", found "
            + describe(value));
      }
      return number;
    }

    int[] integers(String key, int minimum, String allowed) {
      List<Integer> values = list(key, v -> integer(key, v, minimum, allowed));
      return values.stream().mapToInt(Integer::intValue).toArray();
    }

    int integer(String key, int minimum, String allowed) {
      return integer(key, sweep.getValue(key), minimum, allowed);
    }

    private int integer(String key, ConfigValue value, int minimum, String allowed) {
      long number = whole(key, value, allowed);
      if (number < minimum || number > Integer.MAX_VALUE) {
        throw new SpecException(where(value.origin()) + ROOT + "." + key + ": must be " + allowed
            + (number > Integer.MAX_VALUE ? " and at most " + Integer.MAX_VALUE : "") + ", found " + number);
      }
      return (int) number;
    }

    private long whole(String key, ConfigValue value, String allowed) {
      Object unwrapped = value.unwrapped();
      if (value.valueType() != ConfigValueType.NUMBER || unwrapped instanceof Double) {
        throw wrongType(key, value, allowed + (AXES.contains(key) ? " or a list of them" : ""));
      }
      return ((Number) unwrapped).longValue();
    }

    String string(String key) {
      ConfigValue value = sweep.getValue(key);
      if (value.valueType() != ConfigValueType.STRING) {
        throw wrongType(key, value, "a string");
      }
      return (String) value.unwrapped();
    }

    /** [4] is one topology [2,4,1]; [[4], [8, 8]] is two. */
    List<int[]> topologies(String key) {
      ConfigValue value = sweep.getValue(key);
      String allowed = "layer sizes ≥ 1 such as [4], or a list of them such as [[4], [8, 8]]";
      if (value.valueType() != ConfigValueType.LIST || ((ConfigList) value).isEmpty()) {
        throw wrongType(key, value, allowed);
      }
      ConfigList list = (ConfigList) value;
      List<int[]> topologies = new ArrayList<>();
      if (list.get(0).valueType() == ConfigValueType.LIST) {
        for (ConfigValue item : list) {
          topologies.add(sizes(key, item, allowed));
        }
      } else {
        topologies.add(sizes(key, value, allowed));
      }
      distinct(key, value, topologies.stream().map(sizes -> Arrays.stream(sizes).boxed().toList()).toList());
      return topologies;
    }

    private int[] sizes(String key, ConfigValue value, String allowed) {
      if (value.valueType() != ConfigValueType.LIST || ((ConfigList) value).isEmpty()) {
        throw wrongType(key, value, allowed);
      }
      ConfigList list = (ConfigList) value;
      int[] sizes = new int[list.size()];
      for (int i = 0; i < sizes.length; i++) {
        ConfigValue item = list.get(i);
        if (item.valueType() != ConfigValueType.NUMBER || item.unwrapped() instanceof Double
            || ((Number) item.unwrapped()).longValue() < 1
            || ((Number) item.unwrapped()).longValue() > 1_000_000) {
          throw wrongType(key, value, allowed);
        }
        sizes[i] = ((Number) item.unwrapped()).intValue();
      }
      return sizes;
    }

    /** A list of seeds, or { from = F, count = N }. */
    Grid.Seeds seeds() {
      ConfigValue value = sweep.getValue("seeds");
      String allowed = "a list of whole numbers or { from = F, count = N } with N ≥ 1";
      if (value.valueType() == ConfigValueType.OBJECT) {
        ConfigObject object = (ConfigObject) value;
        if (!object.keySet().equals(Set.of("from", "count"))) {
          throw wrongType("seeds", value, allowed);
        }
        long from = whole("seeds.from", object.get("from"), "a whole number");
        long count = whole("seeds.count", object.get("count"), "a whole number ≥ 1");
        if (count < 1) {
          throw new SpecException(where(object.get("count").origin()) + ROOT + ".seeds.count: must be a whole"
              + " number ≥ 1, found " + count);
        }
        if (from > Long.MAX_VALUE - count) {
          throw new SpecException(where(object.get("from").origin()) + ROOT + ".seeds: from + count must not"
              + " exceed " + Long.MAX_VALUE + ", found " + from + " + " + count);
        }
        return Grid.Seeds.range(from, count);
      }
      List<Long> seeds = list("seeds", v -> whole("seeds", v, allowed));
      return Grid.Seeds.of(seeds.stream().mapToLong(Long::longValue).toArray());
    }
  }
}
