package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive that submit/build writes (target/structsweep.jsa): the scripts pass it to Java only when it
 * is newer than the jar it archived, and Java starts without a word and without it when it cannot use it.
 */
class SubmitArchiveTest {
  private static final Instant OLDER = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant NEWER = Instant.parse("2026-01-02T00:00:00Z");

  /** What submit/archive-options sets for a checkout at root: its options, one a line. */
  private static List<String> options(Path root) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("bash", "-c",
        "set -euo pipefail; root=\"$1\"; source \"$2\"; printf '%s\\n' \"${archive_options[@]}\"", "bash",
        root.toString(), Path.of("submit/archive-options").toAbsolutePath().toString()).start();
    process.getOutputStream().close();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "bash ended");
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), err);
    return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
        .filter(line -> !line.isEmpty()).toList();
  }

  private static Path file(Path root, String name, Instant modified) throws IOException {
    Path path = root.resolve("target").resolve(name);
    Files.createDirectories(path.getParent());
    Files.writeString(path, name);
    Files.setLastModifiedTime(path, FileTime.from(modified));
    return path;
  }

  @Test
  void theArchiveIsPassedOnlyWhenNewerThanTheJar(@TempDir Path root) throws Exception {
    assertEquals(List.of(), options(root), "no jar, no archive");
    file(root, "structsweep.jar", OLDER);
    assertEquals(List.of(), options(root), "no archive");
    Path archive = file(root, "structsweep.jsa", NEWER);
    assertEquals(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"),
        options(root));
    file(root, "structsweep.jar", NEWER.plusSeconds(60));
    assertEquals(List.of(), options(root), "a jar rebuilt after the archive");
  }

  @Test
  void javaStartsSilentlyWithAnArchiveItCannotUse(@TempDir Path directory) throws Exception {
    Path archive = directory.resolve("structsweep.jsa");
    Files.write(archive, new byte[4096]);
    Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off", "-version")
        .redirectErrorStream(true).start();
    process.getOutputStream().close();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "java ended");
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.lines().noneMatch(line -> line.contains("cds") || line.contains("archive")), output);
    assertTrue(output.contains("version"), output);
  }
}
