package dev.structsweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages import only downward (net, task, sweep, store, spark, report, cli), and each imports only the
 * libraries its concern needs: net and task plain Java and EJML, the sweep file Typesafe Config and no Spark or
 * Hadoop. Read from the sources, imports and fully qualified names alike, comments left out.
 */
class PackageRulesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/structsweep");

  /** Which of structsweep's packages each may use. */
  private static final Map<String, Set<String>> MAY_USE = Map.of(
      "net", Set.of(),
      "task", Set.of("net"),
      "sweep", Set.of("net", "task"),
      "store", Set.of("net", "task", "sweep"),
      "spark", Set.of("net", "task", "sweep", "store"),
      "report", Set.of("net", "task", "sweep", "store", "spark"),
      "cli", Set.of("net", "task", "sweep", "store", "spark", "report"));

  /** Which libraries each may import, by prefix (java.* is open to all). */
  private static final Map<String, List<String>> LIBRARIES = Map.of(
      "net", List.of("org.ejml.", "jdk.incubator.vector."),
      "task", List.of("org.ejml."),
      "sweep", List.of("com.typesafe.config."));

  private static final Pattern OWN = Pattern.compile("\\bdev\\.structsweep\\.([a-z]+)\\.");
  /** Spark's, Hadoop's and Jackson's classes named in full, without an import. */
  private static final Pattern QUALIFIED_LIBRARY =
      Pattern.compile("(?<![\\w.])((?:org\\.apache|com\\.fasterxml)\\.[\\w.]+)");
  private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+);", Pattern.MULTILINE);

  @Test
  void packagesUseOnlyThePackagesBelowThem() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, Set<String>> rule : MAY_USE.entrySet()) {
      String name = rule.getKey();
      for (Path file : sources(name)) {
        Matcher use = OWN.matcher(code(file));
        while (use.find()) {
          String used = use.group(1);
          if (!used.equals(name) && !rule.getValue().contains(used)) {
            wrong.add(SOURCES.relativize(file) + " uses " + used);
          }
        }
      }
    }
    assertEquals(List.of(), wrong.stream().distinct().sorted().toList());
  }

  @Test
  void netTaskAndTheSweepFileImportOnlyTheirLibraries() throws IOException {
    List<String> wrong = new ArrayList<>();
    for (Map.Entry<String, List<String>> rule : LIBRARIES.entrySet()) {
      for (Path file : sources(rule.getKey())) {
        String code = code(file);
        Matcher qualified = QUALIFIED_LIBRARY.matcher(code);
        while (qualified.find()) {
          wrong.add(SOURCES.relativize(file) + " names " + qualified.group(1));
        }
        Matcher imported = IMPORT.matcher(code);
        while (imported.find()) {
          String name = imported.group(1);
          boolean allowed = name.startsWith("java.") || name.startsWith("dev.structsweep.")
              || rule.getValue().stream().anyMatch(name::startsWith);
          if (!allowed) {
            wrong.add(SOURCES.relativize(file) + " imports " + name);
          }
        }
      }
    }
    assertEquals(List.of(), wrong.stream().sorted().toList());
  }

  @Test
  void everyPackageHasItsRule() throws IOException {
    try (Stream<Path> packages = Files.list(SOURCES)) {
      List<String> names = packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      assertTrue(MAY_USE.keySet().containsAll(names), "packages without a rule: " + names);
      assertEquals(MAY_USE.size(), names.size(), "rules for packages that do not exist: " + MAY_USE.keySet());
    }
  }

  private static List<Path> sources(String name) throws IOException {
    try (Stream<Path> files = Files.list(SOURCES.resolve(name))) {
      List<Path> java = files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
      assertTrue(!java.isEmpty(), "no sources in " + name);
      return java;
    }
  }

  /** The file without its comments, so that a Javadoc link to a package above is no use of it. */
  private static String code(Path file) throws IOException {
    String text = Files.readString(file);
    return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("(?m)//.*$", " ");
  }
}
