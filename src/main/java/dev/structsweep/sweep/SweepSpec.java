package dev.structsweep.sweep;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A validated, immutable sweep: its name, where its results go, its grid, how it is chunked, and the resolved
 * settings it came from. {@link #size()} is the number of trainings; each is evaluated at every ε.
 */
public final class SweepSpec {
  /** The most trainings {@code lanes} groups: beyond 16 the lanes stop gaining (BENCHMARKS.md). */
  static final int MAX_LANES = 64;

  private final String name;
  private final String output;
  private final Grid grid;
  private final int chunkSize;
  private final String sparkMaster;
  private final int partitionsPerChunk;
  private final int chunksInFlight;
  private final int lanes;
  private final Config resolved;
  private final String specHash;
  private final String outputSetting;
  private final LockTiming lockTiming;

  SweepSpec(String name, String output, String outputSetting, Grid grid, int chunkSize, String sparkMaster,
      int partitionsPerChunk, int chunksInFlight, int lanes, LockTiming lockTiming, Config resolved,
      String canonical) {
    this.name = name;
    this.output = output;
    this.outputSetting = outputSetting;
    this.lockTiming = lockTiming;
    this.grid = grid;
    this.chunkSize = chunkSize;
    this.sparkMaster = sparkMaster;
    this.partitionsPerChunk = partitionsPerChunk;
    this.chunksInFlight = chunksInFlight;
    this.lanes = lanes;
    this.resolved = resolved;
    this.specHash = sha256(canonical).substring(0, 16);
  }

  public String name() {
    return name;
  }

  /** The directory that holds the sweep's results directory, as given: a local path or a URI (hdfs://nn:8020/sweeps). */
  public String output() {
    return output;
  }

  /** Where the output came from, to name it in a message: "--output" or "sweep.output". */
  public String outputSetting() {
    return outputSetting;
  }

  /** How the run refreshes its lock, and when an abandoned lock may be taken over. */
  public LockTiming lockTiming() {
    return lockTiming;
  }

  /**
   * results/NAME, or OUTPUT/NAME, joined as text so that a URI's authority survives ({@code java.nio} would fold
   * hdfs://nn:8020/sweeps into hdfs:/nn:8020/sweeps, a path without a host); the results store reads it as a Hadoop
   * path.
   */
  public String resultsLocation() {
    String base = output;
    while (base.length() > 1 && base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return base.equals("/") ? "/" + name : base + "/" + name;
  }

  /** {@link #resultsLocation()} as a local path, for results on the local disk. */
  public Path resultsDirectory() {
    return Path.of(resultsLocation());
  }

  public Grid grid() {
    return grid;
  }

  public long size() {
    return grid.size();
  }

  public int chunkSize() {
    return chunkSize;
  }

  public long chunks() {
    return (size() + chunkSize - 1) / chunkSize;
  }

  public String sparkMaster() {
    return sparkMaster;
  }

  /** Spark partitions (tasks) a chunk is cut into; 0: one per core ({@link ChunkPlan}). */
  public int partitionsPerChunk() {
    return partitionsPerChunk;
  }

  /** Chunk jobs run at once; 0: enough to queue twice as many tasks as cores ({@link ChunkPlan}). */
  public int chunksInFlight() {
    return chunksInFlight;
  }

  /**
   * At most how many trainings of one configuration an executor trains together as lanes of one computation; 1
   * trains one at a time. Not part of the spec hash: the rows are the same for every value.
   */
  public int lanes() {
    return lanes;
  }

  /**
   * A hash of everything that decides the results and their chunks (not the output directory, not the Spark
   * settings): two specs with the same hash write the same rows.
   */
  public String specHash() {
    return specHash;
  }

  /** The resolved settings, every default filled in, as HOCON. */
  public String render() {
    return "# The resolved settings of sweep " + name + ", every default filled in.\n"
        + resolved.atPath("sweep").root().render(ConfigRenderOptions.defaults().setOriginComments(false)
            .setComments(false).setJson(false)) + "\n";
  }

  static String sha256(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
