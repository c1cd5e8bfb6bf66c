package dev.structsweep.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The layout of one sweep's results, through Hadoop's file system API so that it works on a local disk, HDFS
 * or an object store alike:
 * <pre>
 *   NAME/sweep.conf       the resolved spec
 *   NAME/manifest.json    versions, spec hash, chunks, counts, runs
 *   NAME/trials/chunk=N/  Parquet, one chunk of training ids; committed when _SUCCESS is there
 * </pre>
 */
public final class ResultsDirectory {
  static final String TRIALS = "trials";
  private static final Pattern CHUNK = Pattern.compile("chunk=(\\d+)");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Path root;
  private final FileSystem fs;

  public ResultsDirectory(String directory, Configuration hadoop) {
    try {
      this.root = new Path(directory);
      this.fs = root.getFileSystem(hadoop);
      // The manifest and sweep.conf are meant to be read and, at need, edited by people: no .crc beside them.
      fs.setWriteChecksum(false);
      fs.setVerifyChecksum(false);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path root() {
    return root;
  }

  public Path trials() {
    return new Path(root, TRIALS);
  }

  public Path chunk(long chunk) {
    return new Path(trials(), String.format("chunk=%06d", chunk));
  }

  public Path manifest() {
    return new Path(root, "manifest.json");
  }

  public Path specFile() {
    return new Path(root, "sweep.conf");
  }

  public boolean exists() throws IOException {
    return fs.exists(root);
  }

  /** The spec hash recorded by an earlier run, or null when there is none. */
  public String recordedSpecHash() throws IOException {
    if (!fs.exists(manifest())) {
      return null;
    }
    JsonNode manifest = readManifest();
    return manifest.path("specHash").asText(null);
  }

  public JsonNode readManifest() throws IOException {
    try (InputStream in = fs.open(manifest())) {
      return MAPPER.readTree(in);
    }
  }

  /** The chunks whose commit completed (their _SUCCESS marker is there). */
  public BitSet committedChunks() throws IOException {
    BitSet committed = new BitSet();
    if (!fs.exists(trials())) {
      return committed;
    }
    for (FileStatus status : fs.listStatus(trials())) {
      Matcher matcher = CHUNK.matcher(status.getPath().getName());
      if (status.isDirectory() && matcher.matches()
          && fs.exists(new Path(status.getPath(), "_SUCCESS"))) {
        committed.set(Integer.parseInt(matcher.group(1)));
      }
    }
    return committed;
  }

  public void delete() throws IOException {
    fs.delete(root, true);
  }

  /** Writes text to path through a temporary file and a rename, so a reader never sees half of it. */
  public void writeAtomically(Path path, String text) throws IOException {
    Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp");
    try (OutputStream out = fs.create(temporary, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    fs.delete(path, false);
    if (!fs.rename(temporary, path)) {
      throw new IOException("cannot rename " + temporary + " to " + path);
    }
  }
}
