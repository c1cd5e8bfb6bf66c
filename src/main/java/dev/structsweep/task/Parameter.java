package dev.structsweep.task;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What a {@link TrialSpec} knows of one setting: its name, the Java type of its value, the one check of a value, and
 * the combinations with other settings that it refuses. {@link Parameters} lists them all; the sweep file's side of
 * a setting (its key, option, column, how it is read from a sweep file, its label) refers to one of them from
 * {@code sweep.Settings}. Defaults are not here: reference.conf holds them.
 *
 * @param <T> the value's type: a task, layer sizes, a choice, a number, a flag
 */
public final class Parameter<T> {
  /**
   * A value's check: whether it is allowed, and what is allowed in words ("a number &gt; 0"), which every message
   * about the setting shows: a sweep file's, an option's and a spec's.
   */
  public record Check<T>(Predicate<T> allows, String allowed) {
    /** Any value (a flag, a seed, a choice read by its name). */
    public static <T> Check<T> any(String allowed) {
      return new Check<>(value -> true, allowed);
    }

    /** A finite number above bound (strict) or at least bound. */
    public static Check<Double> atLeast(double bound, boolean strict, String allowed) {
      return new Check<>(value -> Double.isFinite(value) && (strict ? value > bound : value >= bound), allowed);
    }

    /** A whole number ≥ minimum. */
    public static Check<Integer> wholeAtLeast(int minimum, String allowed) {
      return new Check<>(value -> value >= minimum, allowed);
    }

    /** One or more numbers, each allowed by element. */
    public static Check<double[]> each(Check<Double> element, String allowed) {
      return new Check<>(values -> values.length > 0 && Arrays.stream(values).allMatch(element::test), allowed);
    }

    public boolean test(T value) {
      return allows.test(value);
    }
  }

  /** A combination of settings that makes no sense: when refuses holds of a spec, message names both settings. */
  record Combination(Predicate<TrialSpec> refuses, Function<TrialSpec, String> message) {}

  private final String name;
  private final Class<T> type;
  private final Check<T> check;
  private final List<Combination> refused;
  int index = -1;

  Parameter(String name, Class<T> type, Check<T> check) {
    this(name, type, check, List.of());
  }

  private Parameter(String name, Class<T> type, Check<T> check, List<Combination> refused) {
    this.name = name;
    this.type = type;
    this.check = check;
    this.refused = refused;
  }

  /** The same parameter, refusing one more combination with other settings. */
  Parameter<T> refusing(Predicate<TrialSpec> refuses, Function<TrialSpec, String> message) {
    List<Combination> more = new ArrayList<>(refused);
    more.add(new Combination(refuses, message));
    return new Parameter<>(name, type, check, List.copyOf(more));
  }

  /** Throws {@link IllegalArgumentException} naming both settings when spec holds a combination refused here. */
  void checkCombinations(TrialSpec spec) {
    for (Combination combination : refused) {
      if (combination.refuses().test(spec)) {
        throw new IllegalArgumentException(combination.message().apply(spec));
      }
    }
  }

  /** The name in messages and in {@link TrialSpec#toString()}: the sweep file's key, "learning-rate". */
  public String name() {
    return name;
  }

  /** The value's Java type: Double, Integer, Long, Boolean, int[], double[] or a choice's enum. */
  public Class<T> type() {
    return type;
  }

  public Check<T> check() {
    return check;
  }

  /**
   * value, checked: throws {@link IllegalArgumentException} naming the setting, the value and what is allowed,
   * "learning-rate must be a number &gt; 0, found 0.0".
   */
  public T checked(Object value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " must be " + check.allowed() + ", found none");
    }
    T typed = type.cast(value);
    if (!check.test(typed)) {
      throw new IllegalArgumentException(name + " must be " + check.allowed() + ", found " + text(typed));
    }
    return copy(typed);
  }

  /** An array's copy, so that no spec shares one; any other value as it is (immutable). */
  @SuppressWarnings("unchecked")
  T copy(T value) {
    if (value instanceof int[] ints) {
      return (T) ints.clone();
    }
    if (value instanceof double[] doubles) {
      return (T) doubles.clone();
    }
    return value;
  }

  /** A value as a spec's text shows it: layer sizes and thresholds by their elements, a choice by its key. */
  static String text(Object value) {
    if (value instanceof dev.structsweep.net.Named named) {
      return named.key();
    }
    if (value instanceof int[] ints) {
      return Arrays.toString(ints);
    }
    return value instanceof double[] doubles ? Arrays.toString(doubles) : String.valueOf(value);
  }

  @Override
  public String toString() {
    return name;
  }
}
