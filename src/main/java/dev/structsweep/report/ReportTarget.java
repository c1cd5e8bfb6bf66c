package dev.structsweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * The directory a report may be written to. Writing a report replaces its directory, so the directory must be
 * this command's own: an earlier report (it carries the {@value #MARKER} file every report writes) or an empty
 * directory, and it must neither be, lie inside nor hold the results it reports. Anything else is refused before
 * Spark starts, naming the option that chose the directory.
 */
public final class ReportTarget {
  /** The file that marks a directory as a structsweep report, which a later report may replace. */
  public static final String MARKER = ".structsweep-report";
  /** The marker's format; a later layout of the report changes the number. */
  static final String FORMAT = "structsweep-report/1";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String option;
  private final Path requested;
  private final Path directory;

  private ReportTarget(String option, Path requested, Path directory) {
    this.option = option;
    this.requested = requested;
    this.directory = directory;
  }

  /**
   * The report directory out, checked against the results it will report.
   *
   * @param option  the option that chose out ("--out", "--report"), for the message
   * @param results the results directory, a local path or a Hadoop URI; may not exist yet (a sweep not yet run)
   * @throws IllegalArgumentException when the report may not replace out
   */
  public static ReportTarget check(String option, Path out, String results, Configuration hadoop) {
    try {
      ReportTarget target = new ReportTarget(option, out, resolved(out));
      Path local = localPath(results, hadoop);
      if (local != null) {
        target.checkApartFrom(Files.exists(local) ? local.toRealPath() : resolved(local));
      }
      target.checkReplaceable();
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where a report goes when no option names it: {@code reports/NAME} beside the results directory
   * ({@code results/reports/quick} for {@code results/quick}), or {@code results/reports/NAME} here when the
   * results are on another file system. Never the repository's {@code reports/}, which holds the curated reports.
   */
  public static Path defaultFor(String results, String name, Configuration hadoop) {
    Path local = localPath(results, hadoop);
    Path parent = local == null ? null : local.toAbsolutePath().normalize().getParent();
    Path here = Path.of("").toAbsolutePath();
    Path base = parent == null ? Path.of("results") : parent.startsWith(here) ? here.relativize(parent) : parent;
    return base.resolve("reports").resolve(name);
  }

  /** The directory as the user named it, for messages. */
  public Path requested() {
    return requested;
  }

  /** Where the report goes: the requested path with the symbolic links and ".." of its parents resolved. */
  public Path directory() {
    return directory;
  }

  /**
   * Checks that the directory is absent, empty or an earlier report. The report runs it again just before
   * replacing the directory: a sweep or a report can take hours, and something may have been put there meanwhile.
   */
  void checkReplaceable() throws IOException {
    if (Files.isSymbolicLink(directory)) {
      throw refused("is a symbolic link; give the directory itself, or another");
    }
    if (!Files.exists(directory, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
      throw refused("is a file, not a report directory; choose another directory or remove it");
    }
    Path marker = directory.resolve(MARKER);
    if (Files.isRegularFile(marker, LinkOption.NOFOLLOW_LINKS)) {
      if (!isMarker(marker)) {
        throw refused("holds a " + MARKER + " that is not a structsweep report's; choose another directory or"
            + " remove it");
      }
      return;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      if (entries.findAny().isPresent()) {
        throw refused("exists and is not a structsweep report (no " + MARKER + "); choose another directory or"
            + " remove it");
      }
    }
  }

  /** The marker's content: one line of JSON naming the format and the sweep. */
  static String marker(String sweep) {
    return MAPPER.createObjectNode().put("format", FORMAT).put("sweep", sweep).toString() + "\n";
  }

  private void checkApartFrom(Path results) {
    if (directory.equals(results)) {
      throw refused("is the results directory; choose a directory outside it");
    }
    if (directory.startsWith(results)) {
      throw refused("is inside the results directory " + results + "; choose a directory outside it");
    }
    if (results.startsWith(directory)) {
      throw refused("holds the results directory " + results + ", which replacing it would delete; choose"
          + " another directory");
    }
  }

  private IllegalArgumentException refused(String why) {
    return new IllegalArgumentException(option + " " + requested + ": " + why);
  }

  private static boolean isMarker(Path marker) {
    try {
      JsonNode json = MAPPER.readTree(marker.toFile());
      return json != null && json.path("format").asText("").startsWith("structsweep-report/");
    } catch (IOException e) {
      return false;
    }
  }

  /** The results as a local path, or null when they live on another file system (HDFS, an object store). */
  private static Path localPath(String results, Configuration hadoop) {
    URI uri = new org.apache.hadoop.fs.Path(results).toUri();
    String scheme = uri.getScheme() != null ? uri.getScheme() : FileSystem.getDefaultUri(hadoop).getScheme();
    if (scheme != null && !scheme.equals("file")) {
      return null;
    }
    return uri.getScheme() == null ? Path.of(results) : Path.of(uri.getPath());
  }

  /**
   * The path the file system reaches for path, built a name at a time so that a ".." after a symbolic link
   * climbs from where the link leads, as the system would. The last name is kept as it is, so that a link
   * there is seen rather than followed.
   */
  static Path resolved(Path path) throws IOException {
    Path absolute = path.toAbsolutePath();
    Path current = absolute.getRoot();
    int names = absolute.getNameCount();
    for (int i = 0; i < names; i++) {
      String name = absolute.getName(i).toString();
      if (name.equals(".")) {
        continue;
      }
      if (name.equals("..")) {
        current = current.getParent() == null ? current : current.getParent();
        continue;
      }
      Path next = current.resolve(name);
      boolean last = i == names - 1;
      current = !last && Files.exists(next) ? next.toRealPath() : next;
    }
    return current;
  }
}
