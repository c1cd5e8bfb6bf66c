package dev.structsweep.cli;

import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code structsweep report} may write: only over its own earlier report or an empty directory, never
 * over the results, an unrelated directory, a file or a link. Refusals are one line, exit 2, and touch nothing.
 */
class ReportCommandTest {
  private static final String MARKER = ".structsweep-report";

  @TempDir
  static Path shared;
  static Path results;

  @TempDir
  Path directory;

  /** A sweep small enough to report in seconds: XOR [2,2,1], two λ, four seeds, with history. */
  @BeforeAll
  static void tinySweep() throws IOException {
    Path conf = shared.resolve("tiny.conf");
    Files.writeString(conf, "sweep { name = tiny, task = xor, hidden = [[2]], lambda = [0, 0.01],"
        + " learning-rate = 0.1, optimizer = sgd, epochs = 30, epsilon = [0.01], seeds = { from = 0, count = 4 },"
        + " chunk-size = 8, history-every = 10 }");
    TrainCommandTest.Run run = TrainCommandTest.run("sweep", conf.toString(), "--output",
        shared.resolve("results").toString());
    assertEquals(0, run.status(), run.err());
    results = shared.resolve("results/tiny");
    assertTrue(Files.isRegularFile(results.resolve("manifest.json")));
  }

  @Test
  void outEqualToTheResultsIsRefusedAndTheResultsSurvive() throws IOException {
    Map<String, String> before = tree(results);
    for (Path out : List.of(results, results.resolve("../tiny"), results.resolve("trials/.."))) {
      assertRefused(report(results, out), "--out", out, "is the results directory");
      assertEquals(before, tree(results), "the results are untouched");
    }
  }

  @Test
  void outInsideTheResultsIsRefused() throws IOException {
    Path link = Files.createSymbolicLink(directory.resolve("link-to-results"), results);
    Map<String, String> before = tree(results);
    for (Path out : List.of(results.resolve("report"), results.resolve("trials"), link.resolve("report"))) {
      assertRefused(report(results, out), "--out", out, "is inside the results directory");
      assertEquals(before, tree(results), "nothing written into the results");
    }
  }

  @Test
  void resultsInsideOutAreRefusedEvenWhenOutIsAReport() throws IOException {
    Path holder = directory.resolve("holder");
    Path copied = holder.resolve("results/tiny");
    copy(results, copied);
    // A marker alone would let the report replace holder: only the results inside it may stop that.
    Files.writeString(holder.resolve(MARKER), "{\"format\":\"structsweep-report/1\",\"sweep\":\"tiny\"}\n");
    Map<String, String> before = tree(holder);
    assertRefused(report(copied, holder), "--out", holder, "holds the results directory");
    assertEquals(before, tree(holder));
  }

  @Test
  void unrelatedDirectoryIsRefusedAndItsFilesSurvive() throws IOException {
    Path out = directory.resolve("notes");
    Files.createDirectories(out.resolve("drafts"));
    Files.writeString(out.resolve("thesis.tex"), "\\chapter{Sparsity}\n");
    Files.writeString(out.resolve("drafts/one.txt"), "first draft\n");
    Map<String, String> before = tree(out);
    assertRefused(report(results, out), "--out", out,
        "exists and is not a structsweep report (no .structsweep-report); choose another directory or remove it");
    assertEquals(before, tree(out));
  }

  @Test
  void regularFileIsRefusedAndSurvives() throws IOException {
    Path out = directory.resolve("report.txt");
    Files.writeString(out, "keep me\n");
    assertRefused(report(results, out), "--out", out, "is a file");
    assertEquals("keep me\n", Files.readString(out));
  }

  @Test
  void symbolicLinkIsRefusedAndNeitherItNorItsTargetChanges() throws IOException {
    Path target = Files.createDirectories(directory.resolve("elsewhere"));
    Files.writeString(target.resolve("data.txt"), "data\n");
    Path out = Files.createSymbolicLink(directory.resolve("report"), target);
    assertRefused(report(results, out), "--out", out, "is a symbolic link");
    assertTrue(Files.isSymbolicLink(out));
    assertEquals(List.of(target.resolve("data.txt")), list(target), "nothing written where the link points");
    assertEquals("data\n", Files.readString(target.resolve("data.txt")));
  }

  /**
   * Without --out the report goes beside the results (results/reports/NAME for results/NAME), never to the
   * repository's reports/, whose curated reports a user's own run must not replace.
   */
  @Test
  void withoutOutTheReportGoesBesideTheResults() throws IOException {
    Path copy = directory.resolve("mine/tiny");
    copyTree(results, copy);
    TrainCommandTest.Run run = TrainCommandTest.run("report", copy.toString());
    assertEquals(0, run.status(), run.err());
    Path expected = directory.resolve("mine/reports/tiny");
    assertTrue(Files.isRegularFile(expected.resolve("index.html")), run.out());
    assertTrue(run.out().contains(expected.resolve("index.html").toString()), run.out());
    assertEquals(Path.of("results/reports/quick"), dev.structsweep.report.ReportTarget.defaultFor("results/quick",
        "quick", new org.apache.hadoop.conf.Configuration()));
    assertEquals(Path.of("results/reports/quick"), dev.structsweep.report.ReportTarget.defaultFor(
        "hdfs://127.0.0.1:9000/sweeps/quick", "quick", new org.apache.hadoop.conf.Configuration()));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  @Test
  void previousReportIsReplacedAndMarked() throws IOException {
    Path out = directory.resolve("report");
    assertEquals(0, report(results, out).status());
    JsonNode marker = new ObjectMapper().readTree(out.resolve(MARKER).toFile());
    assertEquals("structsweep-report/1", marker.path("format").asText());
    assertEquals("tiny", marker.path("sweep").asText());
    Files.writeString(out.resolve("stale.txt"), "from the previous report\n");

    TrainCommandTest.Run again = report(results, out);
    assertEquals(0, again.status(), again.err());
    assertTrue(again.out().contains(out.resolve("index.html").toString()), again.out());
    assertFalse(Files.exists(out.resolve("stale.txt")), "the previous report was replaced, not merged");
    assertTrue(Files.isRegularFile(out.resolve("index.html")));
    assertTrue(Files.isRegularFile(out.resolve(MARKER)));
    assertEquals(List.of(out), list(directory), "no staging or .old directory left beside the report");
  }

  @Test
  void aNewReportDirectoryHasTheModeOfAnyNewDirectoryAndAReplacedOneKeepsItsOwn() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX modes");
    Set<PosixFilePermission> umasked = Files.getPosixFilePermissions(
        Files.createDirectory(directory.resolve("plain")));
    assumeFalse(umasked.equals(PosixFilePermissions.fromString("rwx------")),
        "under umask 077 every new directory is 0700, so the test could not fail");
    Path out = directory.resolve("report");
    TrainCommandTest.Run run = report(results, out);
    assertEquals(0, run.status(), run.err());
    assertEquals(PosixFilePermissions.toString(umasked), PosixFilePermissions.toString(
        Files.getPosixFilePermissions(out)), "made as mkdir makes a directory");
    Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-x---"));
    run = report(results, out);
    assertEquals(0, run.status(), run.err());
    assertEquals("rwxr-x---", PosixFilePermissions.toString(Files.getPosixFilePermissions(out)),
        "the replaced report's mode is kept");
  }

  @Test
  void emptyDirectoryIsUsed() throws IOException {
    Path out = Files.createDirectories(directory.resolve("empty"));
    TrainCommandTest.Run run = report(results, out);
    assertEquals(0, run.status(), run.err());
    assertTrue(Files.isRegularFile(out.resolve("index.html")));
    assertTrue(Files.isRegularFile(out.resolve(MARKER)));
    assertEquals(List.of(out), list(directory));
  }

  @Test
  void reportThatFailsMidwayLeavesThePreviousReportIntact() throws IOException {
    Path out = directory.resolve("report");
    assertEquals(0, report(results, out).status());
    Map<String, String> before = tree(out);

    // Rows claiming every training solved but holding one weight where [2,2,1] has six: the report gets as
    // far as reading the best configuration's network (its marker already staged) and fails.
    Path corrupt = directory.resolve("corrupt");
    Files.createDirectories(corrupt);
    Files.copy(results.resolve("manifest.json"), corrupt.resolve("manifest.json"));
    Files.copy(results.resolve("sweep.conf"), corrupt.resolve("sweep.conf"));
    try {
      SparkSessions.shared().read().parquet(results.resolve("trials").toString()).drop("chunk")
          .withColumn("solved", lit(true))
          .withColumn("final_weights", expr("CASE WHEN final_weights IS NULL THEN NULL ELSE array(1.0D) END"))
          .coalesce(1).write().parquet(corrupt.resolve("trials/chunk=000000").toString());
    } finally {
      SparkSessions.stop();
    }

    TrainCommandTest.Run failed = report(corrupt, out);
    assertEquals(1, failed.status(), failed.err());
    assertTrue(failed.err().contains("Networks.of"), "failed while reading a network, after staging began: " + failed.err());
    assertEquals(before, tree(out), "the previous report is intact");
    assertEquals(List.of(corrupt, out), list(directory), "no staging or .old directory left beside the report");
  }

  @Test
  void sweepRefusesItsReportDirectoryBeforeTraining() throws IOException {
    Path conf = directory.resolve("other.conf");
    Files.writeString(conf, "sweep { name = other, task = xor, hidden = [[2]], epochs = 5,"
        + " seeds = { from = 0, count = 1 } }");
    Path out = directory.resolve("notes");
    Files.createDirectories(out);
    Files.writeString(out.resolve("todo.txt"), "read the paper\n");
    Path output = directory.resolve("results");
    TrainCommandTest.Run run = TrainCommandTest.run("sweep", conf.toString(), "--output", output.toString(),
        "--report", out.toString());
    assertEquals(2, run.status(), run.err());
    assertEquals(1, run.err().split("\n").length, run.err());
    assertTrue(run.err().startsWith("structsweep sweep: --report " + out + ": exists and is not a structsweep"
        + " report"), run.err());
    assertFalse(Files.exists(output), "no training ran");
    assertEquals("read the paper\n", Files.readString(out.resolve("todo.txt")));
  }

  private static TrainCommandTest.Run report(Path results, Path out) {
    return TrainCommandTest.run("report", results.toString(), "--out", out.toString());
  }

  private static void assertRefused(TrainCommandTest.Run run, String option, Path out, String reason) {
    assertEquals(2, run.status(), run.err());
    assertEquals("", run.out(), "nothing printed on stdout");
    String[] lines = run.err().split("\n");
    assertEquals(1, lines.length, run.err());
    String prefix = "structsweep report: " + option + " " + out + ": ";
    assertTrue(lines[0].startsWith(prefix), "«" + prefix + "» starts «" + lines[0] + "»");
    assertTrue(lines[0].contains(reason), "«" + reason + "» in «" + lines[0] + "»");
  }

  /** Every file under root, by relative path, with a digest of its content; directories as "dir". */
  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        String name = root.relativize(path).toString();
        files.put(name, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS) ? "dir" : digest(path));
      }
    }
    return files;
  }

  private static String digest(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.sorted().toList();
    }
  }

  private static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> walk = Files.walk(from)) {
      for (Path source : walk.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }
}
