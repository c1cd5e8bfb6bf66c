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
  private final String name;
  private final Path output;
  private final Grid grid;
  private final int chunkSize;
  private final String sparkMaster;
  private final int partitionsPerChunk;
  private final Config resolved;
  private final String specHash;

  SweepSpec(String name, Path output, Grid grid, int chunkSize, String sparkMaster, int partitionsPerChunk,
      Config resolved, String canonical) {
    this.name = name;
    this.output = output;
    this.grid = grid;
    this.chunkSize = chunkSize;
    this.sparkMaster = sparkMaster;
    this.partitionsPerChunk = partitionsPerChunk;
    this.resolved = resolved;
    this.specHash = sha256(canonical).substring(0, 16);
  }

  public String name() {
    return name;
  }

  /** results/NAME, or what the sweep's output says. */
  public Path resultsDirectory() {
    return output.resolve(name);
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

  public int partitionsPerChunk() {
    return partitionsPerChunk;
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
        + "sweep " + resolved.root().render(ConfigRenderOptions.defaults().setOriginComments(false)
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
