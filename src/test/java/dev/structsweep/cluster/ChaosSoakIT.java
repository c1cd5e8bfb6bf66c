package dev.structsweep.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.structsweep.cli.Main;
import dev.structsweep.store.ResultsDirectory;
import dev.structsweep.testing.SparkSessions;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chaos soak: one sweep of many short trainings on the standalone cluster while executors, whole workers and the
 * driver are killed at random moments, the driver resumed after each loss, until the sweep completes with every
 * (training, ε) row exactly once. The kills come from a seeded Random whose seed is printed; {@code -Dsoak.seed=S}
 * replays the same plan and pauses. {@code -Dsoak.kills}, {@code -Dsoak.seeds}, {@code -Dsoak.chunk-size} and
 * {@code -Dsoak.max-pause-millis} size it: the defaults are the short soak that every {@code mvn verify} runs; the
 * {@code soak} profile runs the long one.
 */
class ChaosSoakIT {
  private static final int KILLS = Integer.getInteger("soak.kills", 4);
  /**
   * Fewer kills made than this fails the soak (the sweep completed too soon for them): by default all but one of
   * the short soak's, so that it cannot pass without the faults it is there for.
   */
  private static final int MIN_KILLS = Integer.getInteger("soak.min-kills", Math.max(0, KILLS - 1));
  /** Seeds of each epoch count: trainings = 3 × seeds, two ε each. */
  private static final int SEEDS = Integer.getInteger("soak.seeds", 1000);
  private static final int CHUNK_SIZE = Integer.getInteger("soak.chunk-size", 100);
  /** The longest random pause before a kill, once the sweep has committed a chunk since the last one. */
  private static final long MAX_PAUSE_MILLIS = Long.getLong("soak.max-pause-millis", 4000);
  private static final long RANDOM_SEED = Long.getLong("soak.seed", System.currentTimeMillis());
  private static final int EPOCH_COUNTS = 3;
  private static final int EPSILONS = 2;
  private static final String NAME = "soak";
  /** The longest a run may take to commit its next chunk, or to end after a SIGTERM, before it counts as hung. */
  private static final long PROGRESS_DEADLINE_MINUTES = 5;
  private static final String TAKEOVER = "took over the lock of a run that ended without letting it go: pid ";

  enum Kill {
    EXECUTOR("executor SIGKILL"),
    WORKER("worker SIGKILL + new worker"),
    DRIVER_KILL("driver SIGKILL"),
    DRIVER_TERM("driver SIGTERM");

    final String label;

    Kill(String label) {
      this.label = label;
    }
  }

  @TempDir
  static Path directory;
  private static StandaloneCluster cluster;

  private final Random random = new Random(RANDOM_SEED);
  private final Map<Kill, Integer> made = new EnumMap<>(Kill.class);
  private final List<Path> driverLogs = new ArrayList<>();
  /** The log of each run that follows a SIGKILLed driver holding the lock, and the pid it must take over from. */
  private final Map<Path, Long> takeovers = new LinkedHashMap<>();
  /** Runs the manifest must list as "died" (SIGKILLed before they recorded the sweep complete). */
  private int died;
  /** Runs seen to exit 143 with the manifest saying "interrupted". */
  private int interrupted;
  private Path conf;
  private Path output;
  private Path results;
  private ResultsDirectory resultsView;
  private Process driver;
  private long started;

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    SparkSessions.stop();
  }

  @Test
  void aSweepSurvivesKilledExecutorsWorkersAndDriversWithEveryRowOnce() throws Exception {
    long trainings = (long) EPOCH_COUNTS * SEEDS;
    long chunks = (trainings + CHUNK_SIZE - 1) / CHUNK_SIZE;
    List<Kill> plan = plan();
    System.out.printf(Locale.ROOT, "chaos soak: seed %d (replay with -Dsoak.seed=%d); %,d trainings × %d ε in %d"
        + " chunks; plan %s%n", RANDOM_SEED, RANDOM_SEED, trainings, EPSILONS, chunks, plan);
    started = System.nanoTime();
    cluster = new StandaloneCluster(2, Files.createDirectories(directory.resolve("cluster")));
    conf = directory.resolve(NAME + ".conf");
    Files.writeString(conf, "sweep { hidden = [[4]], epochs = [100, 200, 300], epsilon = [0.01, 0.1],"
        + " seeds = { from = 0, count = " + SEEDS + " }, chunk-size = " + CHUNK_SIZE + " }");
    output = directory.resolve("results");
    results = output.resolve(NAME);
    resultsView = new ResultsDirectory(results.toString(), new org.apache.hadoop.conf.Configuration());

    submit();
    int lastCommitted = 0;
    for (int k = 0; k < plan.size(); k++) {
      Kill kill = plan.get(k);
      // A kill comes after the sweep has gone forward since the last one, so that every run commits something
      // (and so is recorded in the manifest), and before (k + 1) / (kills + 1) of the chunks are committed.
      long chunkLimit = (k + 1) * chunks / (plan.size() + 1);
      String victim = awaitCommitted(lastCommitted + 1) && pause(chunkLimit) ? kill(kill) : null;
      if (victim == null) {
        System.out.printf(Locale.ROOT, "the sweep completed before kill %d of %d (%s): no more kills%n", k + 1,
            plan.size(), kill.label);
        break;
      }
      made.merge(kill, 1, Integer::sum);
      lastCommitted = committed();
    }
    if (!driver.waitFor(30, TimeUnit.MINUTES)) {
      throw new AssertionError("the last run did not finish in 30 min; log:\n" + tail(currentLog()));
    }
    assertEquals(0, driver.exitValue(), "the last run completes; log:\n" + tail(currentLog()));
    double wall = seconds();

    SparkSessions.stop();
    Dataset<Row> rows = SparkSessions.shared().read().parquet(results.resolve("trials").toString());
    long count = rows.count();
    long distinct = rows.select("training_id", "epsilon").distinct().count();
    long distinctTrainings = rows.select("training_id").distinct().count();
    JsonNode manifest = manifest();
    List<String> runEnds = new ArrayList<>();
    manifest.get("runs").forEach(run -> runEnds.add(run.get("status").asText()));
    System.out.printf(Locale.ROOT, "chaos soak: rows %,d, distinct (training_id, ε) %,d, distinct training_id %,d;"
        + " expected %,d × %d%n", count, distinct, distinctTrainings, trainings, EPSILONS);
    System.out.printf(Locale.ROOT, "chaos soak: seed %d; %,d trainings × %d ε in %d chunks; %d of %d planned kills"
            + " (%s); %d driver runs (%s); wall %.1f s%n", RANDOM_SEED, trainings, EPSILONS, chunks, killsMade(),
        plan.size(), describe(made), driverLogs.size(), String.join(", ", runEnds), wall);

    assertTrue(killsMade() >= MIN_KILLS, "at least " + MIN_KILLS + " kills made: " + made);
    assertEquals(trainings * EPSILONS, count, "rows");
    assertEquals(trainings * EPSILONS, distinct, "(training_id, ε) distinct");
    assertEquals(trainings, distinctTrainings, "trainings");
    assertEquals("complete", manifest.get("status").asText(), manifest.toPrettyString());
    assertEquals(driverLogs.size(), runEnds.size(), "one run recorded per driver: " + runEnds);
    assertEquals("complete", runEnds.get(runEnds.size() - 1), runEnds::toString);
    assertEquals(interrupted, Collections.frequency(runEnds, "interrupted"), runEnds::toString);
    assertEquals(died, Collections.frequency(runEnds, "died"), runEnds::toString);
    for (Map.Entry<Path, Long> takeover : takeovers.entrySet()) {
      assertTrue(Files.readString(takeover.getKey()).contains(TAKEOVER + takeover.getValue()),
          takeover.getKey() + ":\n" + tail(takeover.getKey()));
    }
    assertReportReadsTheResults();
  }

  /**
   * Every kind once in a random order, then the rest drawn at random: a sweep that completes before the last
   * planned kills has still seen every kind if it saw four kills.
   */
  private List<Kill> plan() {
    List<Kill> plan = new ArrayList<>(List.of(Kill.values()));
    Collections.shuffle(plan, random);
    plan = new ArrayList<>(plan.subList(0, Math.min(KILLS, plan.size())));
    while (plan.size() < KILLS) {
      plan.add(Kill.values()[random.nextInt(Kill.values().length)]);
    }
    return plan;
  }

  /** Makes one kill and prints a line for it; null if the sweep completed before it could be made. */
  private String kill(Kill kill) throws Exception {
    int committed = committed();
    double at = seconds();
    String victim = switch (kill) {
      case EXECUTOR -> killExecutor();
      case WORKER -> killWorker();
      case DRIVER_KILL -> killDriver();
      case DRIVER_TERM -> terminateDriver();
    };
    if (victim != null) {
      System.out.printf(Locale.ROOT, "kill %2d at %6.1f s: %-27s %d chunks committed; %s%n", killsMade() + 1, at,
          kill.label, committed, victim);
    }
    return victim;
  }

  /** SIGKILLs one executor of the running application. */
  private String killExecutor() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(PROGRESS_DEADLINE_MINUTES);
    List<ProcessHandle> executors = cluster.executorsOfNewestApplication();
    while (executors.isEmpty()) {
      if (!driver.isAlive()) {
        return ended();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no executor in " + PROGRESS_DEADLINE_MINUTES + " min; log:\n" + tail(currentLog()));
      }
      Thread.sleep(100);
      executors = cluster.executorsOfNewestApplication();
    }
    ProcessHandle executor = executors.get(random.nextInt(executors.size()));
    executor.destroyForcibly();
    executor.onExit().get(30, TimeUnit.SECONDS);
    return "executor pid " + executor.pid();
  }

  /** SIGKILLs a worker with its executors, whatever they run (perhaps nothing), and starts a new one. */
  private String killWorker() throws Exception {
    List<StandaloneCluster.Worker> workers = cluster.workers();
    StandaloneCluster.Worker worker = workers.get(random.nextInt(workers.size()));
    List<String> killed = cluster.killWorker(worker);
    StandaloneCluster.Worker replacement = cluster.replaceWorker();
    return worker.name() + " " + killed + "; " + replacement.name() + " registered";
  }

  /** SIGKILLs the driver, then submits the sweep again: the new run must take over the lock the killed one left. */
  private String killDriver() throws Exception {
    Process killed = driver;
    killed.destroyForcibly();
    assertTrue(killed.waitFor(30, TimeUnit.SECONDS), "a SIGKILLed driver ends");
    // Killed as it stopped Spark after recording the sweep complete: that run is "complete", not "died".
    died += doneIn(currentLog()) ? 0 : 1;
    boolean locked = Files.exists(results.resolve("sweep.lock"));
    String victim = "driver pid " + killed.pid() + " (run " + driverLogs.size() + ")" + (locked ? "" : ", no lock");
    submit();
    if (locked) {
      takeovers.put(currentLog(), killed.pid());
    }
    return victim;
  }

  /** SIGTERMs the driver: it must exit 143 having recorded the run interrupted; then submits the sweep again. */
  private String terminateDriver() throws Exception {
    Process stopped = driver;
    assertEquals(0, new ProcessBuilder("kill", "-TERM", Long.toString(stopped.pid())).start().waitFor());
    if (!stopped.waitFor(PROGRESS_DEADLINE_MINUTES, TimeUnit.MINUTES)) {
      throw new AssertionError("a SIGTERMed driver did not end; log:\n" + tail(currentLog()));
    }
    String victim = "driver pid " + stopped.pid() + " (run " + driverLogs.size() + ")";
    if (doneIn(currentLog())) {
      return victim + ", as it completed the sweep: exit " + stopped.exitValue();
    }
    assertEquals(143, stopped.exitValue(), tail(currentLog()));
    assertTrue(Files.readString(currentLog()).lines().anyMatch(line -> line.contains(NAME + " interrupted by SIGTERM")),
        tail(currentLog()));
    assertEquals("interrupted", manifest().get("status").asText(), manifest().toPrettyString());
    assertFalse(Files.exists(results.resolve("sweep.lock")), "an interrupted run lets the lock go");
    interrupted++;
    submit();
    return victim + ", exit 143, recorded interrupted";
  }

  /** The driver ended of itself: it must have completed the sweep. Null, or an assertion with its log. */
  private String ended() throws Exception {
    assertTrue(driver.waitFor(1, TimeUnit.MINUTES), "the driver ends");
    assertEquals(0, driver.exitValue(), "a run ended unasked; log:\n" + tail(currentLog()));
    return null;
  }

  private void submit() throws IOException {
    Path log = directory.resolve("driver-" + (driverLogs.size() + 1) + ".log");
    driverLogs.add(log);
    driver = cluster.submit(log, "sweep", conf.toString(), "--output", output.toString());
  }

  /** Waits until at least chunks are committed; false if the driver ended first. */
  private boolean awaitCommitted(int chunks) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(PROGRESS_DEADLINE_MINUTES);
    while (committed() < chunks) {
      if (!driver.isAlive()) {
        ended();
        return false;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no chunk committed in " + PROGRESS_DEADLINE_MINUTES + " min; log:\n"
            + tail(currentLog()));
      }
      Thread.sleep(100);
    }
    return true;
  }

  /**
   * A random pause, cut short once chunkLimit chunks are committed so that a fast machine still leaves chunks for
   * the kills to come; false if the driver ended (completing the sweep) during it.
   */
  private boolean pause(long chunkLimit) throws Exception {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextLong(MAX_PAUSE_MILLIS + 1));
    while (System.nanoTime() < end && committed() < chunkLimit) {
      if (driver.waitFor(100, TimeUnit.MILLISECONDS)) {
        ended();
        return false;
      }
    }
    return true;
  }

  /** The report of the soak's results: exit 0, its page and a summary with a line per configuration. */
  private void assertReportReadsTheResults() throws IOException {
    SparkSessions.stop(); // the report starts a session of its own and stops it
    Path report = directory.resolve("report");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.execute(new PrintWriter(out), new PrintWriter(err), "report", results.toString(), "--out",
        report.toString());
    assertEquals(0, status, out + "\n" + err);
    assertTrue(Files.size(report.resolve("index.html")) > 0, out.toString());
    assertTrue(Files.readString(report.resolve("summary.csv")).lines().count() > 1, out.toString());
  }

  private int committed() throws IOException {
    return Files.exists(results.resolve("trials")) ? resultsView.committedChunks().cardinality() : 0;
  }

  private JsonNode manifest() throws IOException {
    return new ObjectMapper().readTree(results.resolve("manifest.json").toFile());
  }

  private Path currentLog() {
    return driverLogs.get(driverLogs.size() - 1);
  }

  private static boolean doneIn(Path log) throws IOException {
    return Files.readString(log).contains("sweep " + NAME + ": done in");
  }

  private int killsMade() {
    return made.values().stream().mapToInt(Integer::intValue).sum();
  }

  private double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  private static String describe(Map<Kill, Integer> made) {
    List<String> parts = new ArrayList<>();
    for (Kill kill : Kill.values()) {
      parts.add(kill.label + " " + made.getOrDefault(kill, 0));
    }
    return String.join(", ", parts);
  }

  private static String tail(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }
}
