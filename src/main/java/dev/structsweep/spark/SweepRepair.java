package dev.structsweep.spark;

import dev.structsweep.store.ChunkAudit;
import dev.structsweep.store.Manifest;
import dev.structsweep.store.ResultsDirectory;
import dev.structsweep.store.ResultsLock;
import dev.structsweep.sweep.SpecException;
import dev.structsweep.sweep.SweepSpec;
import java.io.IOException;
import java.util.BitSet;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/** Rebuilds a results directory's manifest from what is true: sweep.conf and the committed, audited chunks. */
public final class SweepRepair {
  private SweepRepair() {}

  /** Repairs results and returns the line that says what was done. */
  public static String run(String directory, String version, String gitCommit) throws IOException {
    ResultsDirectory results = new ResultsDirectory(directory, SparkStart.hadoopConfiguration());
    if (!results.exists(results.specFile())) {
      throw new SpecException(directory + ": not a sweep's results directory (no sweep.conf), nothing to repair");
    }
    SweepSpec spec = results.recordedSpec();
    String before;
    try {
      before = results.readManifest() == null ? "missing" : "readable";
    } catch (ResultsDirectory.DamagedManifest damaged) {
      before = damaged.getMessage();
    }
    try (ResultsLock lock = ResultsLock.acquire(results, spec.lockTiming())) {
      ChunkAudit.refuseStrays(results, spec.chunks());
      SparkSession spark = SparkStart.session("structsweep repair " + spec.name(), "local[*]");
      try {
        BitSet committed = results.committedChunks();
        long rows = ChunkAudit.audit(spark, results, ChunkAudit.Expected.of(spec), committed);
        boolean complete = committed.cardinality() == spec.chunks();
        new Manifest(results, spec, version, spark.version(), gitCommit, null)
            .write(complete ? "complete" : "incomplete", committed, null, complete ? rows : -1);
        return String.format(Locale.ROOT, "%s: rebuilt (it was %s) from sweep.conf and %,d of %,d committed"
                + " chunks, %,d rows, every chunk audited", results.manifest(), before, committed.cardinality(),
            spec.chunks(), rows);
      } finally {
        spark.stop();
      }
    }
  }
}
