package dev.structsweep.net;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** A choice known by a name in configs, on the command line and in results. */
public interface Named {
  /** The name: lower case, as users write it. */
  String key();

  /**
   * The choice named name (case-insensitive). Otherwise throws IllegalArgumentException naming the setting,
   * the value and what is allowed: "activation must be one of relu, tanh, sigmoid, found 'x'".
   */
  static <E extends Named> E parse(String setting, E[] choices, String name) {
    String wanted = name == null ? null : name.toLowerCase(Locale.ROOT);
    for (E choice : choices) {
      if (choice.key().equals(wanted)) {
        return choice;
      }
    }
    throw new IllegalArgumentException(setting + " must be one of "
        + Arrays.stream(choices).map(Named::key).collect(Collectors.joining(", ")) + ", found '" + name + "'");
  }
}
