package dev.structsweep.store;

import dev.structsweep.sweep.SpecException;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;
import java.io.IOException;

/**
 * What makes a results directory one run's own before it writes anything: the path is a directory that a sweep
 * wrote (or nothing yet), the lock is this run's, the results there are this spec's (by sweep.conf, the truth,
 * else the manifest), nothing stray lies under trials/, and sweep.conf says which sweep they are.
 */
public final class ResultsClaim {
  private ResultsClaim() {}

  /**
   * Makes the results directory this run's, before Spark starts: refuses a path that is a file or someone
   * else's directory, takes the lock (refusing while another run holds it), refuses another spec's results
   * unless overwrite (with overwrite, deletes them), refuses strays under trials/, and writes sweep.conf.
   * Returns the lock, which the caller closes.
   */
  public static ResultsLock take(SweepSpec spec, boolean overwrite, ResultsDirectory results) throws IOException {
    String output = spec.outputSetting() + " " + spec.output();
    org.apache.hadoop.fs.Path outputPath = results.root().getParent();
    if (outputPath != null && results.exists(outputPath)
        && !results.fileSystem().getFileStatus(outputPath).isDirectory()) {
      throw new SpecException(output + ": is a file, not a directory");
    }
    if (results.exists() && !results.fileSystem().getFileStatus(results.root()).isDirectory()) {
      throw new SpecException(results.root() + ": is a file, not a results directory; choose another "
          + spec.outputSetting() + " or sweep name");
    }
    if (!results.isResultsOrEmpty()) {
      throw new SpecException(results.root() + ": exists and is not a sweep's results directory (it holds none of"
          + " sweep.conf, manifest.json, trials/); choose another " + spec.outputSetting() + " or sweep name");
    }
    boolean existed = results.exists();
    ResultsLock lock;
    try {
      lock = ResultsLock.acquire(results, spec.lockTiming());
    } catch (IOException | RuntimeException e) {
      if (!existed) {
        results.deleteIfEmpty();
      }
      throw e;
    }
    try {
      String recorded;
      try {
        recorded = recordedSpecHash(results);
      } catch (SpecException unmatched) {
        if (!overwrite) {
          throw unmatched;
        }
        recorded = "unknown";
      }
      if (recorded != null && !recorded.equals(spec.specHash())) {
        if (!overwrite) {
          throw new SpecException(results.root() + " holds the results of another sweep (spec hash " + recorded
              + ", this sweep's is " + spec.specHash() + "); choose another name or output, or pass --overwrite"
              + " to replace them");
        }
        results.deleteAllButLock();
      }
      ChunkAudit.refuseStrays(results, spec.chunks());
      if (!specFileReadable(results)) {
        results.writeAtomically(results.specFile(), spec.render());
      }
      return lock;
    } catch (IOException | RuntimeException e) {
      lock.close();
      if (!existed) {
        results.deleteIfEmpty();
      }
      throw e;
    }
  }

  /**
   * The spec hash of the results already there: sweep.conf's (the truth), else the manifest's; null when the
   * directory holds no results. Results that cannot be matched to a spec are refused.
   */
  static String recordedSpecHash(ResultsDirectory results) throws IOException {
    String conf = results.readText(results.specFile());
    SpecException unreadable = null;
    if (conf != null) {
      try {
        return SweepFiles.recorded(conf, results.specFile().toString()).specHash();
      } catch (SpecException e) {
        unreadable = e;
      }
    }
    // Earlier builds wrote sweep.conf without the braces of its block; their manifest still names the spec.
    String fromManifest = results.recordedSpecHash();
    if (fromManifest != null) {
      return fromManifest;
    }
    if (unreadable != null) {
      throw new SpecException(results.specFile() + " cannot be read as a sweep (" + unreadable.getMessage()
          + "), so these results cannot be matched to a sweep; --overwrite replaces them");
    }
    if (results.exists(results.trials())) {
      throw new SpecException(results.root() + " holds trials but neither sweep.conf nor a readable manifest.json,"
          + " so they cannot be matched to a sweep; --overwrite replaces them");
    }
    return null;
  }

  /** Whether sweep.conf is there and reads back as a sweep. */
  private static boolean specFileReadable(ResultsDirectory results) throws IOException {
    String conf = results.readText(results.specFile());
    if (conf == null) {
      return false;
    }
    try {
      SweepFiles.recorded(conf, results.specFile().toString());
      return true;
    } catch (SpecException e) {
      return false;
    }
  }
}
