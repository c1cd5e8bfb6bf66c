package dev.structsweep.sweep;

import com.typesafe.config.ConfigValue;
import dev.structsweep.task.Parameter;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TrialSpec;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One training setting, defined once: the sweep file's side of a {@link Parameter} (which holds its name in a spec,
 * its value's type and its one check). Here: its key in a sweep file, its option of {@code structsweep train}, its
 * column in the results, how a value is read (and checked by the parameter's check, in the sweep file's words), and
 * how it is written in a trial key and in a label. {@link Settings} lists them all; everything that reads, decodes,
 * hashes, writes or shows a setting goes through that list. No Spark type here: the rows map {@link #cellType()}
 * to theirs.
 *
 * @param <T> the value's type: a task, layer sizes, a choice, a number, a flag
 */
public final class Setting<T> {
  /** How a sweep file gives the setting. */
  public enum Shape {
    /** One value or a list; the sweep trains every value (an axis of the grid). */
    AXIS,
    /** One value for the whole sweep. */
    ONE,
    /** One value per task, under {@code data.TASK.}: a trial takes its own task's. */
    PER_TASK
  }

  /** Reads one value (a list's element for an axis), throwing a {@link SpecException} that names it. */
  @FunctionalInterface
  interface Read<T> {
    T read(ConfigReader reader, ConfigValue value, String key, Parameter.Check<T> check);
  }

  /** The neutral value as the column holds it (see {@link #neutral()}). */
  public Object neutralCell() {
    return neutral == null || cell == null ? neutral : cell.apply(neutral);
  }

  /** Reads every value of the setting at once, for the settings whose text is not "one value or a list". */
  @FunctionalInterface
  interface ReadAll<T> {
    Values read(ConfigReader reader, String key, Parameter.Check<T> check);
  }

  private final String name;
  private final String key;
  private final Shape shape;
  private final Parameter<T> parameter;
  private final String column;
  private final List<String> options;
  private final String paramLabel;
  private final String description;
  private final Read<T> read;
  private final ReadAll<T> readAll;
  private final Function<T, Object> cell;
  private final Function<T, String> identity;
  private final BiFunction<Object, TaskKind, String> label;
  private final T neutral;
  private final String optionSyntax;
  private final String heading;

  private Setting(Builder<T> b) {
    this.name = b.name;
    this.key = b.key;
    this.shape = b.shape;
    this.parameter = b.parameter;
    this.column = b.column;
    this.options = b.options;
    this.paramLabel = b.paramLabel;
    this.description = Objects.requireNonNull(b.description, b.name + ": description");
    this.read = b.read;
    this.readAll = b.readAll;
    this.cell = b.cell;
    this.identity = b.identity;
    this.label = b.label;
    this.neutral = b.neutral;
    this.optionSyntax = b.optionSyntax;
    this.heading = b.heading == null ? b.key : b.heading;
    if (read == null && readAll == null) {
      throw new IllegalStateException(name + ": no way to read it");
    }
  }

  static <T> Builder<T> axis(String name, String key, Parameter<T> parameter) {
    return new Builder<>(name, key, Shape.AXIS, parameter);
  }

  static <T> Builder<T> one(String name, String key, Parameter<T> parameter) {
    return new Builder<>(name, key, Shape.ONE, parameter);
  }

  static <T> Builder<T> perTask(String name, String key, Parameter<T> parameter) {
    return new Builder<>(name, key, Shape.PER_TASK, parameter);
  }

  /**
   * The name in a dump's config ("learningRate"; a dot nests: "solved.accuracy").
   */
  public String name() {
    return name;
  }

  /** The key under {@code sweep}: "learning-rate"; for a per-task setting, the key under data.TASK: "train-size". */
  public String key() {
    return key;
  }

  /** The key of task's value of a per-task setting ("data.xor.train-size"), else {@link #key()}. */
  public String key(TaskKind task) {
    return shape == Shape.PER_TASK ? "data." + task.key() + "." + key : key;
  }

  public Shape shape() {
    return shape;
  }

  public boolean isAxis() {
    return shape == Shape.AXIS;
  }

  /** The results' column, or null when the setting has none. */
  public String column() {
    return column;
  }

  /** What the spec holds of the setting: its name, its value's type, its check. */
  public Parameter<T> parameter() {
    return parameter;
  }

  /**
   * The Java type of the column's values: String for a choice (its key), else the value's own type (Double,
   * Integer, Long, Boolean, int[]). The rows map it to their column type.
   */
  public Class<?> cellType() {
    return cell == null ? parameter.type() : String.class;
  }

  /** The options of {@code structsweep train}, longest name first; empty when train has none. */
  public List<String> options() {
    return options;
  }

  public String paramLabel() {
    return paramLabel;
  }

  /** One sentence: what the setting is, for {@code train --help}. */
  public String description() {
    return description;
  }

  /**
   * How an option's text becomes HOCON: "%s" as written, or "[%s]" for layer sizes and thresholds written
   * comma-separated ("8,8" is [8,8]).
   */
  public String optionSyntax() {
    return optionSyntax;
  }

  /** The setting's name above a table column or along a chart's axis: "λ", "hidden layers"; else its key. */
  public String heading() {
    return heading;
  }

  /**
   * Settings added after the first results were written have a neutral value, at which they leave the trial key
   * and the spec hash as they were, so that results written before them keep their keys. Null for the first ones.
   */
  public T neutral() {
    return neutral;
  }

  /**
   * The setting's values in a sweep file, read and checked: an axis's values, the one value, or a per-task
   * setting's value for every task, in the order of {@link TaskKind#values()}.
   */
  Values read(ConfigReader reader) {
    Parameter.Check<T> check = parameter.check();
    if (readAll != null) {
      return readAll.read(reader, key, check);
    }
    return switch (shape) {
      case AXIS -> Values.of(reader.list(key, value -> read.read(reader, value, key, check)));
      case ONE -> Values.of(List.of(read.read(reader, reader.value(key), key, check)));
      case PER_TASK -> Values.of(java.util.Arrays.stream(TaskKind.values())
          .map(task -> read.read(reader, reader.value(key(task)), key(task), check)).toList());
    };
  }

  /** The value in spec. */
  public T get(TrialSpec spec) {
    return spec.get(parameter);
  }

  void put(TrialSpec.Builder builder, Object value) {
    builder.set(parameter, parameter.type().cast(value));
  }

  /** The value in spec as its results column holds it: a name for a choice, the number for a number. */
  public Object cell(TrialSpec spec) {
    T value = get(spec);
    return cell == null ? value : cell.apply(value);
  }

  /** The value as the trial key writes it. */
  @SuppressWarnings("unchecked")
  String identity(Object value) {
    return identity == null ? String.valueOf(value) : identity.apply((T) value);
  }

  /**
   * A value as its column holds it ({@link #cell}), in a one-line description of a trial ("λ=0.01"), given the
   * trial's task when it is known; "" when the description leaves it out.
   */
  public String label(Object cell, TaskKind task) {
    return label == null ? "" : label.apply(cell, task);
  }

  boolean hasLabel() {
    return label != null;
  }

  @Override
  public String toString() {
    return key;
  }

  /** The description of one setting, field by field. */
  static final class Builder<T> {
    private final String name;
    private final String key;
    private final Shape shape;
    private final Parameter<T> parameter;
    private String column;
    private List<String> options = List.of();
    private String paramLabel;
    private String description;
    private Read<T> read;
    private ReadAll<T> readAll;
    private Function<T, Object> cell;
    private Function<T, String> identity;
    private BiFunction<Object, TaskKind, String> label;
    private T neutral;
    private String optionSyntax = "%s";
    private String heading;

    private Builder(String name, String key, Shape shape, Parameter<T> parameter) {
      this.name = name;
      this.key = key;
      this.shape = shape;
      this.parameter = Objects.requireNonNull(parameter, name + ": parameter");
    }

    Builder<T> column(String column) {
      this.column = column;
      return this;
    }

    /** train's option(s), the longest first, with its parameter's label and one sentence. */
    Builder<T> option(String paramLabel, String description, String... names) {
      this.options = List.of(names);
      this.paramLabel = paramLabel;
      this.description = description;
      return this;
    }

    /** A setting train takes from reference.conf only, described for the documentation. */
    Builder<T> described(String description) {
      this.description = description;
      return this;
    }

    Builder<T> optionSyntax(String syntax) {
      this.optionSyntax = syntax;
      return this;
    }

    Builder<T> read(Read<T> read) {
      this.read = read;
      return this;
    }

    Builder<T> readAll(ReadAll<T> readAll) {
      this.readAll = readAll;
      return this;
    }

    Builder<T> cell(Function<T, Object> cell) {
      this.cell = cell;
      return this;
    }

    Builder<T> identity(Function<T, String> identity) {
      this.identity = identity;
      return this;
    }

    /** How a label writes the column's value (a name for a choice, the number for a number). */
    Builder<T> label(Function<Object, String> label) {
      this.label = (cell, task) -> label.apply(cell);
      return this;
    }

    Builder<T> label(BiFunction<Object, TaskKind, String> label) {
      this.label = label;
      return this;
    }

    Builder<T> heading(String heading) {
      this.heading = heading;
      return this;
    }

    Builder<T> neutral(T neutral) {
      this.neutral = neutral;
      return this;
    }

    Setting<T> done() {
      return new Setting<>(this);
    }
  }
}
