package dev.structsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layers of settings as Config reads them: a HOCON file, a "key=value" override, one value from a command-line
 * option. Each keeps its origin, so that a message names where a value came from; the parser's words are made
 * plain where they mislead. It knows nothing of what a sweep means.
 */
final class ConfigLayers {
  private static final String ROOT = SweepFiles.ROOT;
  /** Config's two ways of saying that an included file is missing. */
  private static final Pattern MISSING_INCLUDE = Pattern.compile(
      "include was not found: '([^']*)'|^([^:\\s]+): java\\.io\\.IOException: resource not found");

  private ConfigLayers() {}

  static Config parseFile(Path file) {
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
  static Config override(String prefix, String shown, String override) {
    int equals = override.indexOf('=');
    if (equals <= 0) {
      throw new SpecException(prefix + Echo.shown(shown) + ": must be key=value, such as " + prefix.trim()
          + (prefix.startsWith("-D") ? ROOT + ".lambda=0.1" : " lambda=0.1"));
    }
    String key = override.substring(0, equals).trim();
    String value = override.substring(equals + 1);
    String path = key.startsWith(ROOT + ".") ? key : ROOT + "." + key;
    return setting(path, value, prefix + Echo.shown(prefix.startsWith("-D") ? path : key),
        prefix + Echo.shown(shown));
  }

  /**
   * path = value, from origin (an override such as "--set lambda", or an option such as "--lambda"); a value HOCON
   * cannot parse is taken as the string it is. A ${…} substitution is refused: the shell has expanded the
   * command line's variables already, and one that reached into the environment or the other settings would be
   * read where no message could show what was written.
   */
  static Config setting(String path, String value, String origin, String shown) {
    ConfigParseOptions options = ConfigParseOptions.defaults().setOriginDescription(origin);
    com.typesafe.config.ConfigValue parsed;
    try {
      Config one = ConfigFactory.parseString("value = " + value, options);
      if (!one.isResolved()) {
        throw new SpecException((origin.startsWith("--set") || origin.startsWith("-D")
            ? origin + ": " + Echo.shown(path) : origin) + ": must hold no ${…} substitution, which only a sweep"
            + " file reads (the shell expands $VARIABLE on the command line), found " + Echo.quoted(value));
      }
      // One value only: "0.1, epochs = 1" must not set a second setting behind the first one's name.
      parsed = one.root().keySet().equals(java.util.Set.of("value")) ? one.root().get("value") : null;
    } catch (ConfigException notHocon) {
      parsed = null;
    }
    if (parsed == null) {
      parsed = ConfigValueFactory.fromAnyRef(value, origin);
    }
    try {
      return ConfigFactory.empty(origin).withValue(path, parsed);
    } catch (ConfigException e) {
      throw new SpecException(shown + ": " + Echo.escaped(plain(e.getMessage())));
    }
  }
}
