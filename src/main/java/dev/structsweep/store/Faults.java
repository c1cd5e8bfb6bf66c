package dev.structsweep.store;

import dev.structsweep.sweep.SpecException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkThrowable;

/**
 * Failures that reach a user from Spark or the file system, said in one line: the file, the chunk or the
 * setting, and the cause at the bottom of Spark's chain of wrapped exceptions, without its stack.
 */
public final class Faults {
  /** A chunk's file as Spark's messages name it: the chunk's directory and the file's name, which has no space. */
  private static final Pattern CHUNK_FILE = Pattern.compile("/(chunk=\\d+)/([^/\\s'\"\\[\\]()]+?)[.,;:]?(?=$|[\\s'\"\\])])");
  private static final int LONGEST_CAUSE = 240;

  private Faults() {}

  /** failure and its causes, outermost first. */
  private static Stream<Throwable> chain(Throwable failure) {
    return Stream.iterate(failure, at -> at != null, at -> at.getCause() == at ? null : at.getCause());
  }

  /**
   * The deepest message of failure's causes, on one line and at most a few hundred characters: what the file
   * system or the Parquet reader said, without Spark's wrappers.
   */
  public static String cause(Throwable failure) {
    Throwable deepest = chain(failure).reduce((outer, inner) -> inner).orElse(failure);
    String message = chain(failure).map(Throwable::getMessage).filter(m -> m != null && !m.isBlank())
        .reduce((outer, inner) -> inner).orElse(null);
    if (message == null) {
      return deepest.getClass().getSimpleName();
    }
    // Spark copies a task's whole stack into its messages; the first line is the cause itself.
    String line = message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
    return line.length() <= LONGEST_CAUSE ? line : line.substring(0, LONGEST_CAUSE) + "…";
  }

  /**
   * Whether Spark's own failure is anywhere in failure's chain (a job that failed, a file it could not read, an
   * overflow in its arithmetic): a failure of the cluster's or the data's, said in one line, not a bug's stack.
   */
  public static boolean fromSpark(Throwable failure) {
    return chain(failure).anyMatch(SparkThrowable.class::isInstance);
  }

  /** Whether failure, anywhere in its chain, says that Spark cancelled the job (a signal, a lost lock). */
  static boolean cancelled(Throwable failure) {
    return chain(failure).map(Throwable::getMessage)
        .anyMatch(m -> m != null && (m.contains("cancelled") || m.contains("SparkContext was shut down")));
  }

  /**
   * A committed chunk's file that Spark could not read, as a {@link SpecException} naming it: the file is damaged
   * and its chunk must be trained again. A failure that names no file of a chunk is returned as it is (a checked
   * one wrapped).
   */
  static RuntimeException unreadableChunk(Exception failure, ResultsDirectory results) {
    Matcher named = chain(failure).map(Throwable::getMessage).filter(m -> m != null)
        .map(CHUNK_FILE::matcher).filter(Matcher::find).findFirst().orElse(null);
    if (named == null || cancelled(failure)) {
      return failure instanceof RuntimeException unchecked ? unchecked : new IllegalStateException(failure);
    }
    Path chunk = new Path(results.trials(), named.group(1));
    Path file = new Path(chunk, named.group(2));
    if ("file".equals(file.toUri().getScheme())) {
      file = Path.getPathWithoutSchemeAndAuthority(file);
    }
    // The reader's own message names the file again, with its scheme: what follows the name is what it said.
    String cause = cause(failure);
    int after = cause.indexOf(named.group(2));
    cause = after < 0 ? cause : cause.substring(after + named.group(2).length()).replaceFirst("^[.,;:]?\\s*", "");
    return new SpecException(file + ": cannot be read (" + cause + "); a committed chunk never changes:"
        + " move " + chunk.getName() + " out of " + results.trials() + " and run the sweep again to retrain it");
  }
}
