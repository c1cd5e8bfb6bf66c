package dev.structsweep.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.structsweep.sweep.SweepSpec;
import java.io.IOException;
import java.time.Instant;
import java.util.BitSet;

/**
 * {@code manifest.json}: a cache of what the committed chunks and {@code sweep.conf} say, plus the history of
 * runs, rewritten atomically at the start of a run, after every chunk it commits and at its end. When the file
 * is missing or damaged it is rebuilt from the chunks; the runs it listed are then lost, and it says so.
 */
public final class Manifest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** What one run has done so far. */
  public record RunCounts(long chunksSkipped, long chunksTrained, long trainingsTrained, long trainingsRetried,
      long laneGroups) {}

  private final ResultsDirectory results;
  private final SweepSpec spec;
  private final ObjectNode versions;
  private final String gitCommit;
  private final ArrayNode runs;
  private final ObjectNode rebuilt;
  private final ObjectNode run;
  private final boolean wasComplete;
  private final long completeRows;

  /**
   * Reads the earlier runs from the manifest there is, marking any still "running" as "died" (the caller holds
   * the lock, so no other run is alive); a damaged manifest is replaced, and the reason kept.
   */
  public Manifest(ResultsDirectory results, SweepSpec spec, String version, String sparkVersion, String gitCommit,
      String master) throws IOException {
    this.results = results;
    this.spec = spec;
    this.gitCommit = gitCommit;
    this.versions = MAPPER.createObjectNode();
    versions.put("structsweep", version);
    versions.put("spark", sparkVersion);
    versions.put("java", System.getProperty("java.version"));
    versions.put("scala", scala.util.Properties.versionNumberString());
    this.runs = MAPPER.createArrayNode();
    ObjectNode rebuiltBecause = null;
    JsonNode previous;
    try {
      previous = results.readManifest();
    } catch (ResultsDirectory.DamagedManifest e) {
      previous = null;
      rebuiltBecause = MAPPER.createObjectNode().put("at", Instant.now().toString()).put("reason", e.getMessage());
    }
    boolean sameSweep = previous != null && spec.specHash().equals(previous.path("specHash").asText());
    this.wasComplete = sameSweep && previous.path("status").asText("").equals("complete");
    this.completeRows = wasComplete ? previous.path("rows").asLong(-1) : -1;
    if (sameSweep) {
      for (JsonNode earlier : previous.path("runs")) {
        ObjectNode copy = earlier.deepCopy();
        if (copy.path("status").asText("").equals("running")) {
          copy.put("status", "died");
        }
        runs.add(copy);
      }
      if (previous.has("rebuilt")) {
        rebuiltBecause = (ObjectNode) previous.get("rebuilt").deepCopy();
      }
    }
    this.rebuilt = rebuiltBecause;
    if (master == null) {
      this.run = null;
    } else {
      this.run = runs.addObject();
      run.put("started", Instant.now().toString());
      run.put("master", master);
      run.put("status", "running");
    }
  }

  /**
   * Rewrites the manifest: the sweep's state from committed, this run's status and counts. The sweep's status is
   * the run's, except that a complete sweep stays complete while every chunk is committed: a later run that is
   * interrupted, fails or is still running over it does not set it back.
   */
  public synchronized void write(String status, BitSet committed, RunCounts counts, long rows) throws IOException {
    ObjectNode manifest = MAPPER.createObjectNode();
    manifest.put("sweep", spec.name());
    manifest.put("specHash", spec.specHash());
    boolean complete = (wasComplete || status.equals("complete")) && committed.cardinality() == spec.chunks();
    manifest.put("status", complete ? "complete" : status);
    manifest.set("versions", versions.deepCopy());
    if (gitCommit != null) {
      manifest.put("gitCommit", gitCommit);
    } else {
      manifest.putNull("gitCommit");
    }
    manifest.put("trainings", spec.size());
    manifest.put("epsilons", spec.grid().epsilons().length);
    manifest.put("rowsExpected", spec.size() * spec.grid().epsilons().length);
    if (rows >= 0 || complete && completeRows >= 0) {
      manifest.put("rows", rows >= 0 ? rows : completeRows);
    }
    manifest.put("chunkSize", spec.chunkSize());
    manifest.put("chunks", spec.chunks());
    ArrayNode ranges = manifest.putArray("committedChunks");
    for (int from = committed.nextSetBit(0); from >= 0; ) {
      int to = committed.nextClearBit(from);
      ranges.addArray().add(from).add(to - 1);
      from = committed.nextSetBit(to);
    }
    manifest.put("committedChunkCount", committed.cardinality());
    if (run != null) {
      run.put("status", status);
      if (!status.equals("running")) {
        run.put("ended", Instant.now().toString());
      }
      run.put("chunksSkipped", counts.chunksSkipped());
      run.put("chunksTrained", counts.chunksTrained());
      run.put("trainingsTrained", counts.trainingsTrained());
      run.put("trainingsRetried", counts.trainingsRetried());
      // Runs of seeds handed to the engine: trainingsTrained / laneGroups is the mean lane group.
      run.put("laneGroups", counts.laneGroups());
      run.put("driverHeapPeakMiB", heapPeakMiB());
    }
    manifest.set("runs", runs.deepCopy());
    long retried = 0;
    for (JsonNode each : runs) {
      retried += each.path("trainingsRetried").asLong();
    }
    manifest.put("trainingsRetried", retried);
    if (rebuilt != null) {
      manifest.set("rebuilt", rebuilt.deepCopy());
    }
    results.writeAtomically(results.manifest(),
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(manifest) + "\n");
  }

  /** The driver JVM's peak heap use so far, over all heap pools (in local mode, executors share it). */
  static long heapPeakMiB() {
    long bytes = 0;
    for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        bytes += pool.getPeakUsage().getUsed();
      }
    }
    return bytes >> 20;
  }
}
