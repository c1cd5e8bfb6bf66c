package dev.structsweep.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.structsweep.sweep.LockTiming;
import dev.structsweep.sweep.SpecException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Holds a results directory for one run: {@code NAME/sweep.lock}, created atomically on the results' own file
 * system (a hard link on a local disk, a rename that refuses an existing target on HDFS), naming its holder
 * (run id, host, pid, start) and refreshed while the run lives by touching its modification time. A second
 * run is refused at once; a lock whose holder stopped refreshing for {@code stale-after} is taken over, through
 * a takeover marker created the same way, so that two runs never both take it. The holder checks at every
 * refresh that the lock still names it and reports {@link #lost()} otherwise.
 */
public final class ResultsLock implements AutoCloseable {
  static final String FILE = "sweep.lock";
  private static final String TAKEOVER = "sweep.lock.takeover";
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(2);
  /** The host of a lock that names none, and this host's name when it cannot be found: never taken as local. */
  private static final String UNKNOWN_HOST = "unknown";
  /** The longest lock.stale-after (see {@link LockTiming}), and the longest a lock file written by hand is read with. */
  static final Duration MAX_STALE_AFTER = LockTiming.MAX_STALE_AFTER;

  /** Who holds a lock, and when it was last refreshed. */
  public record Holder(String runId, String host, long pid, Instant started, Duration staleAfter,
      Instant refreshed) {
    /**
     * Abandoned: not refreshed for staleAfter, or held by a process of this host that no longer exists (a
     * killed run on the same machine need not be waited for). A pid says nothing of a process on another host,
     * so another host's lock is live until it goes stale.
     */
    boolean staleAt(Instant now) {
      return refreshed.plus(staleAfter).isBefore(now)
          || pid > 0 && !host.equals(UNKNOWN_HOST) && host.equals(thisHost()) && ProcessHandle.of(pid).isEmpty();
    }

    /** "pid 4242 on host-a, running since 2026-11-23T17:02:11Z (refreshed 3 s ago)". */
    public String describe(Instant now) {
      return "pid " + pid + " on " + host + ", running since " + started + " (lock refreshed "
          + Math.max(0, Duration.between(refreshed, now).toSeconds()) + " s ago)";
    }
  }

  private final FileSystem fs;
  private final Path lock;
  private final Holder holder;
  private final Optional<Holder> tookOverFrom;
  private final ScheduledExecutorService refresher;
  private volatile String lostTo;
  private volatile Runnable onLost = () -> { };
  private final Thread releaseAtExit;

  private ResultsLock(FileSystem fs, Path lock, Holder holder, Optional<Holder> tookOverFrom, LockTiming timing) {
    this.fs = fs;
    this.lock = lock;
    this.holder = holder;
    this.tookOverFrom = tookOverFrom;
    this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "structsweep-lock");
      thread.setDaemon(true);
      return thread;
    });
    long every = timing.refreshEvery().toMillis();
    refresher.scheduleWithFixedDelay(this::refresh, every, every, TimeUnit.MILLISECONDS);
    // A JVM that ends without close() (Ctrl-C while Spark starts, an uncaught error) lets the lock go too; only
    // a killed one leaves it to go stale.
    this.releaseAtExit = new Thread(this::releaseAtExit, "structsweep-lock-release");
    Runtime.getRuntime().addShutdownHook(releaseAtExit);
  }

  private void releaseAtExit() {
    try {
      if (fs instanceof LocalFileSystem local) {
        // Hadoop closes its file systems in a shutdown hook of its own; the local disk does not need it.
        java.nio.file.Path file = local.pathToFile(lock).toPath();
        if (Files.exists(file) && Files.readString(file).contains("\"" + holder.runId() + "\"")) {
          Files.deleteIfExists(file);
        }
      } else {
        close();
      }
    } catch (IOException | RuntimeException e) {
      // The lock goes stale instead.
    }
  }

  /**
   * Takes the lock of results, creating its directory if need be; refuses with a {@link LockedException} naming
   * the holder when another live run has it.
   */
  public static ResultsLock acquire(ResultsDirectory results, LockTiming timing) throws IOException {
    FileSystem fs = results.fileSystem();
    fs.mkdirs(results.root());
    Path lock = new Path(results.root(), FILE);
    Instant now = Instant.now();
    Holder mine = new Holder(UUID.randomUUID().toString(), thisHost(), ProcessHandle.current().pid(), now,
        timing.staleAfter(), now);
    refuseDirectory(fs, lock);
    boolean created;
    try {
      created = createExclusively(fs, lock, json(mine));
    } catch (IOException | org.apache.hadoop.fs.FSError e) { // a full local disk is an FSError
      throw new IOException(lock + ": cannot be written (" + Faults.cause(e) + "), so the results cannot be taken"
          + " for this run", e);
    }
    if (created) {
      return new ResultsLock(fs, lock, mine, Optional.empty(), timing);
    }
    Optional<Holder> current = read(fs, lock);
    if (current.isEmpty()) {
      throw new LockedException(lock + ": held by a run whose lock cannot be read yet; try again in a moment");
    }
    Holder other = current.get();
    if (!other.staleAt(now)) {
      throw new LockedException(results.root() + " is in use by another sweep: " + other.describe(now)
          + "; wait for it to end (its lock is taken over once it has not been refreshed for "
          + other.staleAfter().toSeconds() + " s)");
    }
    return takeOver(results, fs, lock, mine, other, timing);
  }

  /** Replaces a stale lock; only the run that creates the takeover marker may do so. */
  private static ResultsLock takeOver(ResultsDirectory results, FileSystem fs, Path lock, Holder mine,
      Holder stale, LockTiming timing) throws IOException {
    Path marker = new Path(results.root(), TAKEOVER);
    refuseDirectory(fs, marker);
    if (!createExclusively(fs, marker, json(mine))) {
      // A marker is left only when its run died within the takeover; it is abandoned once as old as a stale lock.
      FileStatus status = statusOrNull(fs, marker);
      Instant abandonedAt = status == null ? Instant.now()
          : Instant.ofEpochMilli(status.getModificationTime()).plus(timing.staleAfter());
      if (status == null || abandonedAt.isAfter(Instant.now()) || !fs.delete(marker, false)
          || !createExclusively(fs, marker, json(mine))) {
        long wait = Math.max(1, Duration.between(Instant.now(), abandonedAt).toSeconds());
        throw new LockedException(results.root() + ": another run is taking over the abandoned lock of "
            + stale.describe(Instant.now()) + " (" + marker.getName() + " is there); a takeover takes a moment, and"
            + " a marker left by a run that died in one is abandoned in " + wait + " s: try again then");
      }
    }
    try {
      Optional<Holder> again = read(fs, lock);
      if (again.isPresent() && !(again.get().runId().equals(stale.runId()) && again.get().staleAt(Instant.now()))) {
        throw new LockedException(results.root() + " is in use by another sweep: "
            + again.get().describe(Instant.now()));
      }
      fs.delete(lock, false);
      if (!createExclusively(fs, lock, json(mine))) {
        throw new LockedException(results.root() + ": another run took the lock first; try again in a moment");
      }
      return new ResultsLock(fs, lock, mine, Optional.of(stale), timing);
    } finally {
      fs.delete(marker, false);
    }
  }

  /** The live holder of results' lock, if a run holds it now (for readers, who never take it). */
  public static Optional<Holder> liveHolder(ResultsDirectory results) throws IOException {
    Optional<Holder> holder = read(results.fileSystem(), new Path(results.root(), FILE));
    return holder.filter(h -> !h.staleAt(Instant.now()));
  }

  public Holder holder() {
    return holder;
  }

  /** The abandoned holder this lock replaced, if it was taken over. */
  public Optional<Holder> tookOverFrom() {
    return tookOverFrom;
  }

  /** Runs action (once) when the lock is found lost, so that the run stops writing at once; at once if it is. */
  public synchronized void onLost(Runnable action) {
    onLost = action;
    if (lostTo != null) {
      action.run();
    }
  }

  /** Why this run no longer holds the lock, or null while it does. */
  public String lost() {
    return lostTo;
  }

  private void refresh() {
    if (stillHeld()) {
      try {
        fs.setTimes(lock, System.currentTimeMillis(), -1);
      } catch (IOException | RuntimeException e) {
        // A missed refresh is retried at the next tick; only a lock that names another run is lost.
      }
    }
  }

  /**
   * Whether the lock still names this run, read now (the run asks before each chunk it launches, so that a lock
   * taken between two refreshes costs no more than the chunks already running); a lock found lost is reported
   * once, as at a refresh. A lock that cannot be read just now counts as held.
   */
  public synchronized boolean stillHeld() {
    if (lostTo != null) {
      return false;
    }
    try {
      Optional<Holder> current = read(fs, lock);
      if (current.isEmpty() || !current.get().runId().equals(holder.runId())) {
        lostTo = current.map(h -> "the lock was taken over by " + h.describe(Instant.now()))
            .orElse("the lock " + lock + " was removed");
        refresher.shutdown();
        onLost.run();
        return false;
      }
    } catch (IOException | RuntimeException e) {
      // Read again at the next refresh.
    }
    return true;
  }

  /** Stops refreshing and removes the lock if it is still this run's. */
  @Override
  public void close() throws IOException {
    refresher.shutdownNow();
    if (Thread.currentThread() != releaseAtExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(releaseAtExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running or about to: it finds the lock gone.
      }
    }
    Optional<Holder> current = read(fs, lock);
    if (current.isPresent() && current.get().runId().equals(holder.runId())) {
      fs.delete(lock, false);
    }
  }

  /**
   * Creates path holding text if and only if nothing is there, atomically: the text goes to a file of its own,
   * which is then linked (local disk) or renamed (HDFS refuses to rename onto an existing file) into place, so
   * the path never exists half-written.
   */
  static boolean createExclusively(FileSystem fs, Path path, String text) throws IOException {
    Path temporary = new Path(path.getParent(), "." + path.getName() + "." + UUID.randomUUID() + ".tmp");
    try {
      // Inside the try: a disk that fills while the text is written leaves no temporary file behind either.
      try (OutputStream out = fs.create(temporary, false)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      if (fs instanceof LocalFileSystem local) {
        try {
          Files.createLink(local.pathToFile(path).toPath(), local.pathToFile(temporary).toPath());
          return true;
        } catch (FileAlreadyExistsException taken) {
          return false;
        }
      }
      return fs.rename(temporary, path);
    } finally {
      fs.delete(temporary, false);
    }
  }

  private static Optional<Holder> read(FileSystem fs, Path lock) throws IOException {
    FileStatus status = statusOrNull(fs, lock);
    if (status == null) {
      return Optional.empty();
    }
    JsonNode json;
    try (InputStream in = fs.open(lock)) {
      json = MAPPER.readTree(in);
    } catch (java.io.FileNotFoundException gone) {
      return Optional.empty();
    } catch (IOException damaged) {
      json = null;
    }
    Instant refreshed = Instant.ofEpochMilli(status.getModificationTime());
    if (json == null || !json.hasNonNull("runId")) {
      // Not a lock this program wrote whole: treat it as held by an unknown run that goes stale like any other.
      return Optional.of(new Holder("unknown", "an unknown host", -1, refreshed, DEFAULT_STALE_AFTER, refreshed));
    }
    // A lock edited by hand may hold anything: a start that is not a time is taken as the last refresh, and a
    // stale-after outside what the setting allows as the nearest allowed value, so that no date overflows.
    Instant started;
    try {
      started = Instant.parse(json.path("started").asText(refreshed.toString()));
    } catch (java.time.format.DateTimeParseException notATime) {
      started = refreshed;
    }
    JsonNode written = json.path("staleAfterSeconds");
    long staleAfterSeconds = !written.isNumber() ? DEFAULT_STALE_AFTER.toSeconds()
        : written.canConvertToLong() ? written.asLong() : written.asDouble() > 0 ? Long.MAX_VALUE : 0;
    Duration staleAfter = Duration.ofSeconds(Math.max(1, Math.min(MAX_STALE_AFTER.toSeconds(), staleAfterSeconds)));
    return Optional.of(new Holder(json.path("runId").asText(), json.path("host").asText(UNKNOWN_HOST),
        json.path("pid").asLong(-1), started, staleAfter, refreshed));
  }

  /** A directory where a lock or takeover marker belongs is refused by name: it can never be taken. */
  private static void refuseDirectory(FileSystem fs, Path path) throws IOException {
    FileStatus status = statusOrNull(fs, path);
    if (status != null && status.isDirectory()) {
      throw new LockedException(path + ": is a directory, not a lock this program writes; no run can take the"
          + " results while it is there: remove it, then run again");
    }
  }

  private static FileStatus statusOrNull(FileSystem fs, Path path) throws IOException {
    try {
      return fs.getFileStatus(path);
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }

  private static String json(Holder holder) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("runId", holder.runId());
    node.put("host", holder.host());
    node.put("pid", holder.pid());
    node.put("started", holder.started().toString());
    node.put("staleAfterSeconds", holder.staleAfter().toSeconds());
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This machine's name, as a lock names its holder's host. */
  static String thisHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return UNKNOWN_HOST;
    }
  }

  /** Another run holds the results directory. */
  public static final class LockedException extends SpecException {
    private static final long serialVersionUID = 1L;

    LockedException(String message) {
      super(message);
    }
  }
}
