package dev.structsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import dev.structsweep.task.Parameter.Check;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Typed, checked reads of one block of settings: one value or a list, numbers with bounds, whole numbers, names,
 * durations, sizes, layer sizes, seeds. Every error is a {@link SpecException} naming where the value came from
 * (file and line, {@code --set}, {@code -D}, {@code --output}), the key, the value and what is allowed:
 * "conf/x.conf: 12: sweep.lambda: must be a number ≥ 0, found -0.1". It knows nothing of what a sweep means.
 */
final class ConfigReader {
  private final Config sweep;
  private final String root;
  private final Set<String> axes;
  private final Config written;

  /**
   * Reads block, whose keys are shown under root; the axes take one value or a list. A value that came from a
   * command-line option (its origin is the option, such as "--output" or "--lambda") is named by the option alone.
   */
  ConfigReader(Config block, String root, Set<String> axes) {
    this(block, root, axes, null);
  }

  /**
   * As above, with the sweep file as written (unresolved, or null): a value the file gave by a ${…} substitution
   * is shown as the file wrote it, at its line, so that what the substitution read (the environment, another
   * setting) stays out of messages.
   */
  ConfigReader(Config block, String root, Set<String> axes, Config written) {
    this.sweep = block;
    this.root = root;
    this.axes = axes;
    this.written = written;
  }

  /** Whether an origin is a command-line option of its own ("--lambda"), not a --set or a file. */
  private static boolean isOption(ConfigOrigin origin) {
    return origin != null && origin.filename() == null && origin.description().startsWith("--")
        && !origin.description().startsWith("--set");
  }

  /** How a message names value of key: "--lambda", "conf/x.conf: 3: sweep.lambda", "--set lambda: sweep.lambda". */
  private String named(ConfigValue value, String key) {
    if (value != null && isOption(value.origin())) {
      return value.origin().description().replaceFirst(": \\d+$", "");
    }
    ConfigValue substitution = value == null ? null : substitution(key, value);
    ConfigValue shown = substitution != null ? substitution : value;
    return where(shown == null ? null : shown.origin()) + root + "." + key;
  }

  /**
   * The sweep file's own text for key when it wrote a ${…} substitution there and value (key's value or one of its
   * elements) is what it resolved to; else null. Overrides from the command line hold no substitutions.
   */
  private ConfigValue substitution(String key, ConfigValue value) {
    if (written == null || value.origin() != null && value.origin().filename() == null
        && value.origin().description().matches("(--|-D).*")) {
      return null;
    }
    ConfigValue raw = written.root();
    try {
      for (String part : com.typesafe.config.ConfigUtil.splitPath(root + "." + key)) {
        raw = raw instanceof ConfigObject object ? object.get(part) : null;
        if (raw == null) {
          return null;
        }
      }
      return raw.atKey("value").isResolved() ? null : raw;
    } catch (ConfigException unreadable) {
      return null;
    }
  }

  /** The value of key, as the block holds it; a null is a value too (ConfigNull), checked like any other. */
  ConfigValue value(String key) {
    ConfigValue value = sweep.root();
    List<String> parts = com.typesafe.config.ConfigUtil.splitPath(key);
    for (int i = 0; i < parts.size(); i++) {
      if (!(value instanceof ConfigObject object)) {
        // lock = null where lock { refresh, stale-after } belongs: name the block, not a key inside it.
        String block = com.typesafe.config.ConfigUtil.joinPath(parts.subList(0, i));
        throw new SpecException(named(value, block) + ": must be a block of settings { … }, found "
            + describe(block, value));
      }
      value = object.get(parts.get(i));
      if (value == null) {
        throw new SpecException(root + "." + key + ": missing");
      }
    }
    return value;
  }

  /** "conf/x.conf: 12: " for a value from a file, "--set lambda: " for an override. */
  static String where(ConfigOrigin origin) {
    if (origin == null) {
      return "";
    }
    if (origin.filename() != null) {
      return Echo.escaped(origin.filename()) + (origin.lineNumber() > 0 ? ": " + origin.lineNumber() : "") + ": ";
    }
    String description = origin.description();
    return description.startsWith("--set") || description.startsWith("-D")
        ? description.replaceFirst(": \\d+$", "") + ": " : "";
  }


  SpecException invalid(String key, String message) {
    return new SpecException(label(key) + ": " + message);
  }

  /** Whether key's value comes from the sweep file or an override rather than reference.conf. */
  boolean setByUser(String key) {
    ConfigValue value = value(key);
    String file = value.origin() == null ? null : value.origin().filename();
    return file == null ? value.origin() != null && !value.origin().description().contains("reference.conf")
        : !file.endsWith("reference.conf");
  }

  /** How a message names key: "conf/x.conf: 3: sweep.lambda", "--set lambda: sweep.lambda", or "--output". */
  String label(String key) {
    return named(sweep.hasPathOrNull(key) ? value(key) : null, key);
  }

  /**
   * A duration from least to most, both given as a sweep file writes them ("100ms", "365d"); a duration Config
   * cannot hold (beyond 292 years) counts as above most, never as the largest it holds.
   */
  java.time.Duration duration(String key, String least, String most) {
    String allowed = "must be a duration from " + least + " to " + most + ", such as 15s or 2m, found ";
    try {
      java.time.Duration duration = sweep.getDuration(key);
      if (duration.compareTo(durationOf(least)) < 0 || duration.compareTo(durationOf(most)) > 0) {
        throw invalid(key, allowed + describe(key, value(key)));
      }
      return duration;
    } catch (ConfigException.BadValue | ConfigException.WrongType | ConfigException.Null e) {
      throw invalid(key, allowed + describe(key, value(key)));
    }
  }

  private static java.time.Duration durationOf(String text) {
    return com.typesafe.config.ConfigFactory.parseString("d = " + text).getDuration("d");
  }

  long bytes(String key) {
    try {
      long bytes = sweep.getBytes(key);
      if (bytes < 1) {
        throw invalid(key, "must be a size > 0 such as 512M or 2G, found " + describe(key, value(key)));
      }
      return bytes;
    } catch (ConfigException.BadValue | ConfigException.WrongType | ConfigException.Null e) {
      throw invalid(key, "must be a size > 0 such as 512M or 2G, found " + describe(key, value(key)));
    }
  }

  private SpecException wrongType(String key, ConfigValue value, String expected) {
    return new SpecException(named(value, key) + ": must be " + expected + ", found "
        + describe(key, value));
  }

  /**
   * value of key as a message shows it (see {@link Echo}): a string quoted ('ten'), anything else as HOCON writes
   * it ([0.1,0.1]), and a value the sweep file gave by a ${…} substitution as the file wrote it (${HOME}).
   */
  String describe(String key, ConfigValue value) {
    ConfigValue substitution = substitution(key, value);
    if (substitution != null) {
      return Echo.shown(substitution.render(ConfigRenderOptions.concise()));
    }
    return value.valueType() == ConfigValueType.STRING ? Echo.quoted((String) value.unwrapped())
        : Echo.shown(value.render(ConfigRenderOptions.concise()));
  }

  /** One value or a list of them, at least one. */
  <T> List<T> list(String key, Function<ConfigValue, T> element) {
    ConfigValue value = value(key);
    List<T> values = new ArrayList<>();
    if (value.valueType() == ConfigValueType.LIST) {
      for (ConfigValue item : (ConfigList) value) {
        values.add(element.apply(item));
      }
      if (values.isEmpty()) {
        throw new SpecException(named(value, key)
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
        throw new SpecException(named(list, key) + ": must list distinct values, found "
            + describe(key, list) + " (" + (v instanceof List<?> l ? l.toString().replace(" ", "")
                : v instanceof dev.structsweep.net.Named named ? named.key() : v) + " twice)");
      }
    }
  }

  <T> T parse(ConfigValue value, String key, Function<String, T> parser) {
    String name = value.valueType() == ConfigValueType.STRING ? (String) value.unwrapped()
        : value.render(ConfigRenderOptions.concise());
    try {
      return parser.apply(name);
    } catch (IllegalArgumentException e) {
      // "activation must be one of …, found 'x'" becomes "sweep.activation: must be one of …, found 'x'", the
      // value shown as every message shows it.
      String message = e.getMessage().replaceFirst("^(\\S+) ", "");
      String found = ", found '" + name + "'";
      if (message.endsWith(found)) {
        message = message.substring(0, message.length() - found.length()) + ", found "
            + (substitution(key, value) != null ? describe(key, value) : Echo.quoted(name));
      }
      throw new SpecException(named(value, key) + ": " + Echo.escaped(message));
    }
  }


  Boolean bool(ConfigValue value, String key) {
    if (value.valueType() != ConfigValueType.BOOLEAN) {
      throw wrongType(key, value, "true or false, or a list of them");
    }
    return (Boolean) value.unwrapped();
  }

  /** One or more numbers, each allowed by element. */
  double[] numbers(String key, Check<Double> element) {
    List<Double> values = list(key, v -> number(key, v, element));
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** A number that check allows; the message shows check's words. */
  double number(String key, ConfigValue value, Check<Double> check) {
    if (value.valueType() != ConfigValueType.NUMBER) {
      throw wrongType(key, value, check.allowed()
          + (axes.contains(key) && !isOption(value.origin()) ? " or a list of them" : ""));
    }
    double number = ((Number) value.unwrapped()).doubleValue();
    if (!check.test(number)) {
      throw new SpecException(named(value, key) + ": must be " + check.allowed() + ", found "
          + describe(key, value));
    }
    return number;
  }

  /** A whole number ≥ minimum, of the sweep's own settings (chunk-size, lanes, …). */
  int integer(String key, int minimum, String allowed) {
    return integer(key, value(key), Check.wholeAtLeast(minimum, allowed));
  }

  /** A whole number that check allows; the message shows check's words. */
  int integer(String key, ConfigValue value, Check<Integer> check) {
    long number = whole(key, value, check.allowed());
    boolean beyond = number > Integer.MAX_VALUE;
    if (beyond || number < Integer.MIN_VALUE || !check.test((int) number)) {
      throw new SpecException(named(value, key) + ": must be " + check.allowed()
          + (beyond ? " and at most " + Integer.MAX_VALUE : "") + ", found " + number);
    }
    return (int) number;
  }

  private long whole(String key, ConfigValue value, String allowed) {
    Object unwrapped = value.unwrapped();
    if (value.valueType() != ConfigValueType.NUMBER || unwrapped instanceof Double) {
      throw wrongType(key, value, allowed + (axes.contains(key) && !isOption(value.origin()) ? " or a list of them" : ""));
    }
    return ((Number) unwrapped).longValue();
  }

  String string(String key) {
    ConfigValue value = value(key);
    if (value.valueType() != ConfigValueType.STRING) {
      throw wrongType(key, value, "a string");
    }
    return (String) value.unwrapped();
  }

  /** [4] is one topology [2,4,1]; [[4], [8, 8]] is two. */
  List<int[]> topologies(String key, Check<int[]> check) {
    ConfigValue value = value(key);
    String allowed = isOption(value.origin()) ? "layer sizes ≥ 1, comma-separated, such as 4 or 8,8"
        : "layer sizes ≥ 1 such as [4], or a list of them such as [[4], [8, 8]]";
    if (value.valueType() != ConfigValueType.LIST || ((ConfigList) value).isEmpty()) {
      throw wrongType(key, value, allowed);
    }
    ConfigList list = (ConfigList) value;
    List<int[]> topologies = new ArrayList<>();
    if (list.get(0).valueType() == ConfigValueType.LIST) {
      for (ConfigValue item : list) {
        topologies.add(sizes(key, item, allowed, check));
      }
    } else {
      topologies.add(sizes(key, value, allowed, check));
    }
    distinct(key, value, topologies.stream().map(sizes -> Arrays.stream(sizes).boxed().toList()).toList());
    return topologies;
  }

  /** Whole numbers that check allows as layer sizes; the message shows allowed, the sizes as the syntax writes them. */
  private int[] sizes(String key, ConfigValue value, String allowed, Check<int[]> check) {
    if (value.valueType() != ConfigValueType.LIST || ((ConfigList) value).isEmpty()) {
      throw wrongType(key, value, allowed);
    }
    ConfigList list = (ConfigList) value;
    int[] sizes = new int[list.size()];
    for (int i = 0; i < sizes.length; i++) {
      ConfigValue item = list.get(i);
      long size = item.valueType() == ConfigValueType.NUMBER && !(item.unwrapped() instanceof Double)
          ? ((Number) item.unwrapped()).longValue() : 0;
      if (size < 1 || size > Integer.MAX_VALUE) {
        throw wrongType(key, value, allowed);
      }
      sizes[i] = (int) size;
    }
    if (!check.test(sizes)) {
      throw wrongType(key, value, allowed);
    }
    return sizes;
  }

  /** A list of seeds, or { from = F, count = N }. */
  Grid.Seeds seeds() {
    ConfigValue value = value("seeds");
    String allowed = isOption(value.origin()) ? "a whole number"
        : "a list of whole numbers or { from = F, count = N } with N ≥ 1";
    if (value.valueType() == ConfigValueType.OBJECT) {
      ConfigObject object = (ConfigObject) value;
      if (!object.keySet().equals(Set.of("from", "count"))) {
        throw wrongType("seeds", value, allowed);
      }
      long from = whole("seeds.from", object.get("from"), "a whole number");
      long count = whole("seeds.count", object.get("count"), "a whole number ≥ 1");
      if (count < 1) {
        throw new SpecException(where(object.get("count").origin()) + root + ".seeds.count: must be a whole"
            + " number ≥ 1, found " + count);
      }
      if (from > Long.MAX_VALUE - count) {
        throw new SpecException(where(object.get("from").origin()) + root + ".seeds: from + count must not"
            + " exceed " + Long.MAX_VALUE + ", found " + from + " + " + count);
      }
      return Grid.Seeds.range(from, count);
    }
    List<Long> seeds = list("seeds", v -> whole("seeds", v, allowed));
    return Grid.Seeds.of(seeds.stream().mapToLong(Long::longValue).toArray());
  }
}
