package dev.structsweep.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.structsweep.sweep.SpecException;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The layout of one sweep's results, through Hadoop's file system API so that it works on a local disk, HDFS
 * or an object store alike:
 * <pre>
 *   NAME/sweep.conf       the resolved spec
 *   NAME/manifest.json    versions, spec hash, chunks, counts, runs
 *   NAME/trials/chunk=N/  Parquet, one chunk of training ids; committed when _SUCCESS is there
 *   NAME/sweep.lock       while a run holds the directory (see ResultsLock)
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

  FileSystem fileSystem() {
    return fs;
  }

  public Path trials() {
    return new Path(root, TRIALS);
  }

  public Path chunk(long chunk) {
    return new Path(trials(), chunkName(chunk));
  }

  public static String chunkName(long chunk) {
    return String.format("chunk=%06d", chunk);
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

  /** Whether path exists on the results' file system. */
  public boolean exists(Path path) throws IOException {
    return fs.exists(path);
  }

  /**
   * Whether the directory is one a sweep could have written: absent, empty, or holding at least one of
   * sweep.conf, manifest.json, trials/ or the lock, or their temporary files (another run may be creating its
   * lock this very moment). Anything else is someone's files, never to be written into.
   */
  boolean isResultsOrEmpty() throws IOException {
    if (!fs.exists(root)) {
      return true;
    }
    if (!fs.getFileStatus(root).isDirectory()) {
      return false;
    }
    FileStatus[] entries = fs.listStatus(root);
    if (entries.length == 0) {
      return true;
    }
    for (FileStatus entry : entries) {
      if (ours(entry.getPath().getName())) {
        return true;
      }
    }
    return false;
  }

  /**
   * A name this program writes at the top of a results directory, or one of its temporary files (another run
   * may be creating its lock this very moment). A manifest.json counts only when it is one of ours.
   */
  private boolean ours(String name) throws IOException {
    if (name.equals("manifest.json")) {
      String text = readText(manifest());
      return text != null && text.contains("\"specHash\"");
    }
    for (String file : new String[] {"sweep.conf", "manifest.json", TRIALS, ResultsLock.FILE,
        ResultsLock.FILE + ".takeover"}) {
      if (name.equals(file) || name.startsWith("." + file + ".") && name.endsWith(".tmp")) {
        return true;
      }
    }
    return false;
  }

  /** The text of a file of the results, or null when it is not there. */
  public String readText(Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  /**
   * The sweep these results belong to, read back from sweep.conf (the truth the chunks are audited against); a
   * {@link SpecException} naming the file when it is missing or cannot be read.
   */
  public SweepSpec recordedSpec() throws IOException {
    String conf = readText(specFile());
    if (conf == null) {
      throw new SpecException(root + ": not a sweep's results directory (no sweep.conf)");
    }
    try {
      return SweepFiles.recorded(conf, specFile().toString());
    } catch (SpecException e) {
      throw new SpecException(specFile() + " cannot be read as a sweep (" + e.getMessage()
          + "); without it the chunks cannot be checked: a run of the sweep with its own file rewrites it (an"
          + " earlier build's, whose manifest names the same spec hash), training nothing already committed");
    }
  }

  /** The manifest as written, or null when there is none; a {@link DamagedManifest} when it cannot be read. */
  public JsonNode readManifest() throws IOException {
    String text = readText(manifest());
    if (text == null) {
      return null;
    }
    try {
      JsonNode json = MAPPER.readTree(text);
      if (json == null || !json.isObject() || !json.path("specHash").isTextual()) {
        throw new DamagedManifest(manifest() + " is damaged (" + (text.isBlank() ? "empty" : "no spec hash")
            + ")");
      }
      return json;
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new DamagedManifest(manifest() + " is damaged (not complete JSON: "
          + e.getOriginalMessage().replaceAll("\\s+", " ") + ")");
    }
  }

  /** The spec hash the manifest records, or null when there is no readable manifest. */
  public String recordedSpecHash() throws IOException {
    try {
      JsonNode manifest = readManifest();
      return manifest == null ? null : manifest.path("specHash").asText(null);
    } catch (DamagedManifest e) {
      return null;
    }
  }

  /** The chunks whose commit completed (their _SUCCESS marker is there), of the canonical chunk=NNNNNN names. */
  public BitSet committedChunks() throws IOException {
    BitSet committed = new BitSet();
    if (!fs.exists(trials())) {
      return committed;
    }
    for (FileStatus status : fs.listStatus(trials())) {
      Matcher matcher = CHUNK.matcher(status.getPath().getName());
      if (status.isDirectory() && matcher.matches() && matcher.group(1).length() <= 9
          && chunkName(Long.parseLong(matcher.group(1))).equals(status.getPath().getName())
          && fs.exists(new Path(status.getPath(), "_SUCCESS"))) {
        committed.set(Integer.parseInt(matcher.group(1)));
      }
    }
    return committed;
  }

  /**
   * Everything under trials/ that is not a chunk directory of a grid of {@code chunks} chunks, named exactly as
   * this program names them: such a path would be read as results, or hide a chunk under a second name.
   */
  public List<Path> strays(long chunks) throws IOException {
    List<Path> strays = new ArrayList<>();
    if (!fs.exists(trials())) {
      return strays;
    }
    for (FileStatus status : fs.listStatus(trials())) {
      String name = status.getPath().getName();
      Matcher matcher = CHUNK.matcher(name);
      boolean chunk = status.isDirectory() && matcher.matches() && matcher.group(1).length() <= 18
          && Long.parseLong(matcher.group(1)) < chunks && chunkName(Long.parseLong(matcher.group(1))).equals(name);
      if (!chunk) {
        strays.add(fs instanceof LocalFileSystem ? Path.getPathWithoutSchemeAndAuthority(status.getPath())
            : status.getPath());
      }
    }
    strays.sort(null);
    return strays;
  }

  /** Deletes everything in the directory but the lock, which the run that overwrites holds. */
  void deleteAllButLock() throws IOException {
    if (!fs.exists(root)) {
      return;
    }
    for (FileStatus entry : fs.listStatus(root)) {
      if (!entry.getPath().getName().equals(ResultsLock.FILE)) {
        fs.delete(entry.getPath(), true);
      }
    }
  }

  /** Removes the directory if nothing is left in it (a refused or failed first run leaves no empty husk). */
  public void deleteIfEmpty() throws IOException {
    if (fs.exists(root) && fs.listStatus(root).length == 0) {
      fs.delete(root, false);
    }
  }

  /**
   * Writes text to path through a temporary file and a rename, so a reader never sees half of it; on a local
   * disk and on HDFS the rename replaces the old file in one step, so the path is never missing either.
   */
  public void writeAtomically(Path path, String text) throws IOException {
    Path temporary = new Path(path.getParent(), "." + path.getName() + ".tmp");
    try (OutputStream out = fs.create(temporary, true)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    if (fs instanceof LocalFileSystem local) {
      Files.move(local.pathToFile(temporary).toPath(), local.pathToFile(path).toPath(),
          StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    try {
      // HDFS replaces the target in one step; a store without that gets a delete and a rename.
      org.apache.hadoop.fs.FileContext.getFileContext(fs.getUri(), fs.getConf())
          .rename(temporary, path, org.apache.hadoop.fs.Options.Rename.OVERWRITE);
    } catch (UnsupportedOperationException | IOException notAtomic) {
      fs.delete(path, false);
      if (!fs.rename(temporary, path)) {
        throw new IOException("cannot rename " + temporary + " to " + path);
      }
    }
  }

  /** A manifest that cannot be read: the message names the file and what is wrong with it. */
  public static final class DamagedManifest extends IOException {
    private static final long serialVersionUID = 1L;

    DamagedManifest(String message) {
      super(message);
    }
  }
}
