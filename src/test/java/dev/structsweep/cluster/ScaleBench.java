package dev.structsweep.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The scale model's measurements: sweeps run by the {@code structsweep sweep} command in a driver JVM of their own,
 * on local[N] (thread-backed local mode: it says nothing of speed beyond the machine's cores, but the driver does
 * for N threads what it does for N executors' cores) and on a standalone cluster of two one-core workers. Spark's
 * event log (what its EventLoggingListener records of the listener events, as JSON) and the manifest give, per
 * run: wall time, a chunk's span not covered by its tasks on the critical path (the driver's time, and with more
 * than one chunk in flight the wait behind other chunks' tasks) and the commit after it, the scheduler delay per task,
 * files per chunk, trainings per partition, the mean lane group, the busy executor time against wall time × cores,
 * the tasks' CPU time, and the cores the shared machine gave a busy process before and after the run. Also, with
 * {@code -Dsample=N}: the CPU core-seconds of a training of conf/landscape.conf, from N of its configurations
 * trained as one lane group of 16 seeds each in this JVM. Run (classpath as in BENCHMARKS.md, "Scale model"):
 * {@code java @submit/java-options --add-modules=jdk.incubator.vector -cp … dev.structsweep.cluster.ScaleBench}
 * ({@code -Dsweeps=short,real}, {@code -Dmasters=local[1],local[2],local[8],local[32],local[64],cluster}, where
 * {@code local[N]/K} runs K chunks in flight; {@code -Dsample=0}).
 */
public final class ScaleBench {
  private static final Path ROOT = StandaloneCluster.ROOT;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern CHUNK_JOB = Pattern.compile("structsweep \\S+ chunk (\\d+)");
  /** Short XOR trainings in many small chunks, so the driver's costs show; and longer ones, so training shows. */
  private static final Map<String, String> SWEEPS = Map.of(
      "short", "name = short, epochs = 20, hidden = [[2], [4]], lambda = [0, 0.001, 0.01, 0.1],"
          + " learning-rate = [0.003, 0.01, 0.03, 0.1], seeds = { from = 0, count = 48 }, chunk-size = 48,"
          + " epsilon = [0.01]",
      "real", "name = real, epochs = 1000, lambda = [0.001, 0.01], learning-rate = [0.01, 0.1],"
          + " seeds = { from = 0, count = 1000 }, chunk-size = 1000, epsilon = [0.01, 0.05]",
      "check", "name = check, epochs = 400, hidden = [[4], [8]], lambda = [0, 0.01], learning-rate = [0.03],"
          + " seeds = { from = 0, count = 250 }, chunk-size = 125, epsilon = [0.01, 0.1]");

  /** What one run measured. */
  record Measured(String sweep, String master, int cores, double processSeconds, double sweepSeconds,
      double chunkPhaseSeconds, long chunks, long trainings, long laneGroups, long trainingTasks,
      double filesPerChunk, double busySeconds, double trainBusySeconds, double writeBusySeconds,
      double driverPerChunk, double commitPerChunk, double schedulerDelayPerTask, double jobSecondsPerChunk,
      int inFlight, int partitions, String load, double cpuSeconds, double coresGranted) {
    double utilisation() {
      return busySeconds / (chunkPhaseSeconds * cores);
    }
  }

  public static void main(String[] args) throws Exception {
    Path directory = Files.createTempDirectory("structsweep-scale");
    List<String> sweeps = List.of(System.getProperty("sweeps", "short,real,check").split(","));
    List<String> masters = List.of(System.getProperty("masters",
        "local[1],local[2],local[8],local[32],local[64],cluster").split(","));
    int sample = Integer.getInteger("sample", 0);
    List<Measured> runs = new ArrayList<>();
    StandaloneCluster cluster = null;
    try {
      if (masters.contains("cluster")) {
        cluster = new StandaloneCluster(2, Files.createDirectories(directory.resolve("cluster")));
      }
      for (String sweep : sweeps) {
        Path file = directory.resolve(sweep + ".conf");
        Files.writeString(file, "sweep { " + SWEEPS.get(sweep) + " }");
        SweepSpec spec = SweepFiles.load(file, List.of("output=\"" + directory.resolve("unused") + "\""));
        dev.structsweep.sweep.ChunkPlan plan = dev.structsweep.sweep.ChunkPlan.of(spec);
        long[] old = oldCut(spec, 8);
        System.out.printf(Locale.ROOT, "%s: %,d trainings in %d chunks; largest whole-vector group %d; cut before"
                + " ChunkPlan, on 8 cores: mean lane group %.2f (%d groups), %.1f files a chunk%n", sweep,
            spec.size(), spec.chunks(), plan.largestWholeVectorGroup(4), (double) old[1] / old[0], old[0],
            (double) old[2] / spec.chunks());
        for (String master : masters) {
          Measured run = run(cluster, directory, file, sweep, master);
          runs.add(run);
          System.out.println(row(run));
          System.out.flush();
        }
      }
    } finally {
      if (cluster != null) {
        cluster.close();
      }
    }
    System.out.printf(Locale.ROOT, "%n%s, java %s, %d cores seen by the JVM%n%n", Instant.now(),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
    System.out.println(header());
    runs.forEach(run -> System.out.println(row(run)));
    System.out.println();
    for (Measured run : runs) {
      System.out.printf(Locale.ROOT, "raw %s %s cores=%d process=%.2f sweep=%.2f chunkPhase=%.2f chunks=%d"
              + " trainings=%d groups=%d tasks=%d busy=%.2f train=%.2f write=%.2f driverPerChunk=%.4f"
              + " commitPerChunk=%.4f schedDelay=%.4f jobPerChunk=%.4f inFlight=%d partitions=%d"
              + " gapPerChunk=%.4f cpu=%.2f granted=%.2f%n",
          run.sweep, run.master, run.cores, run.processSeconds, run.sweepSeconds, run.chunkPhaseSeconds, run.chunks,
          run.trainings, run.laneGroups, run.trainingTasks, run.busySeconds, run.trainBusySeconds,
          run.writeBusySeconds, run.driverPerChunk, run.commitPerChunk, run.schedulerDelayPerTask,
          run.jobSecondsPerChunk, run.inFlight, run.partitions,
          (run.chunkPhaseSeconds - run.jobSecondsPerChunk * run.chunks / run.inFlight) / run.chunks, run.cpuSeconds,
          run.coresGranted);
    }
    fit(runs, directory);
    if (sample > 0) {
      landscapeSample(directory, sample);
    }
  }

  /**
   * The model wall = S + W / (C × u) + N × d on each master that ran both short and real: x = 1 / u and d solved
   * from their chunk phases (phase = W x / C + N d), S the mean of their wall less chunk phase; W is
   * {@code grid}'s work of the sweep ({@link dev.structsweep.cli.GridCommand#workCoreSeconds}). Then each run of the
   * check sweep predicted with its master's constants, and with local[1]/1's at its master's cores.
   */
  private static void fit(List<Measured> runs, Path directory) throws IOException {
    Map<String, double[]> constants = new java.util.LinkedHashMap<>();
    for (Measured shortRun : runs) {
      if (!shortRun.sweep.equals("short")) {
        continue;
      }
      Measured realRun = runs.stream().filter(r -> r.sweep.equals("real") && r.master.equals(shortRun.master))
          .findFirst().orElse(null);
      if (realRun == null) {
        continue;
      }
      double ws = work(directory, "short") / shortRun.cores;
      double wr = work(directory, "real") / realRun.cores;
      // ws x + Ns d = Ps; wr x + Nr d = Pr
      double det = ws * realRun.chunks - wr * shortRun.chunks;
      double x = (shortRun.chunkPhaseSeconds * realRun.chunks - realRun.chunkPhaseSeconds * shortRun.chunks) / det;
      double d = (ws * realRun.chunkPhaseSeconds - wr * shortRun.chunkPhaseSeconds) / det;
      double start = (shortRun.processSeconds - shortRun.chunkPhaseSeconds + realRun.processSeconds
          - realRun.chunkPhaseSeconds) / 2;
      constants.put(shortRun.master, new double[] {1 / x, d, start});
      System.out.printf(Locale.ROOT, "fit %s: u = %.3f, d = %.3f s a chunk, S = %.1f s (W short %.2f, real %.2f"
          + " core-s)%n", shortRun.master, 1 / x, d, start, ws * shortRun.cores, wr * realRun.cores);
    }
    double checkWork = work(directory, "check");
    for (Measured run : runs) {
      if (!run.sweep.equals("check")) {
        continue;
      }
      for (Map.Entry<String, double[]> from : constants.entrySet()) {
        double[] c = from.getValue();
        double wall = c[2] + checkWork / (run.cores * c[0]) + run.chunks * c[1];
        System.out.printf(Locale.ROOT, "check on %s with %s's constants: predicted %.1f s, measured %.1f s (%+.0f %%)%n",
            run.master, from.getKey(), wall, run.processSeconds, 100 * (wall / run.processSeconds - 1));
      }
    }
  }

  /** grid's work of one of the sweeps, in core-seconds. */
  private static double work(Path directory, String sweep) throws IOException {
    return dev.structsweep.cli.GridCommand.workCoreSeconds(SweepFiles.load(directory.resolve(sweep + ".conf"),
        List.of("output=\"" + directory.resolve("unused") + "\"")));
  }

  private static Measured run(StandaloneCluster cluster, Path directory, Path file, String sweep, String master)
      throws Exception {
    String label = master.replaceAll("\\W", "");
    Path events = Files.createDirectories(directory.resolve("events-" + sweep + "-" + label));
    Path out = directory.resolve("out-" + sweep + "-" + label);
    Path log = directory.resolve(sweep + "-" + label + ".log");
    List<String> eventLog = List.of("spark.eventLog.enabled=true", "spark.eventLog.dir=file:" + events,
        "spark.eventLog.compress=false", "spark.eventLog.rolling.enabled=false");
    List<String> command = new ArrayList<>(List.of("java", "@" + ROOT.resolve("submit/java-options"),
        "--add-modules=jdk.incubator.vector", "-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties")));
    int cores;
    if (master.equals("cluster")) {
      cores = 2;
      command.addAll(List.of("-cp", ROOT.resolve("target/structsweep.jar") + ":" + cluster.home.resolve("jars") + "/*",
          "org.apache.spark.deploy.SparkSubmit", "--master", cluster.url(), "--total-executor-cores", "2",
          "--executor-memory", "1g", "--conf", "spark.executor.extraJavaOptions=--add-modules=jdk.incubator.vector"));
      for (String setting : eventLog) {
        command.addAll(List.of("--conf", setting));
      }
      command.addAll(List.of("--class", "dev.structsweep.cli.Main", ROOT.resolve("target/structsweep.jar").toString(),
          "sweep", file.toString(), "--output", out.toString()));
    } else {
      // local[N]/K: local[N] with K chunks in flight (spark.chunks-in-flight), so that with K = 1 no chunk waits on
      // another's tasks and what a chunk's span holds beyond its tasks is the driver's alone.
      Matcher threads = Pattern.compile("local\\[(\\d+)](?:/(\\d+))?").matcher(master);
      if (!threads.matches()) {
        throw new IllegalArgumentException("masters: local[N], local[N]/K or cluster, found " + master);
      }
      cores = Integer.parseInt(threads.group(1));
      for (String setting : eventLog) {
        command.add("-D" + setting);
      }
      command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.structsweep.cli.Main", "sweep",
          file.toString(), "--output", out.toString(), "--set", "spark.master=\"local[" + cores + "]\""));
      if (threads.group(2) != null) {
        command.addAll(List.of("--set", "spark.chunks-in-flight=" + threads.group(2)));
      }
    }
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    if (cluster != null) {
      cluster.environment(builder.environment());
    }
    String loadBefore = load();
    double grantedBefore = coresGranted(Math.min(cores, Runtime.getRuntime().availableProcessors()));
    long start = System.nanoTime();
    Process driver = builder.start();
    try {
      if (!driver.waitFor(20, TimeUnit.MINUTES) || driver.exitValue() != 0) {
        throw new IllegalStateException(sweep + " on " + master + " failed; see " + log);
      }
    } finally {
      driver.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      driver.destroyForcibly();
    }
    double processSeconds = (System.nanoTime() - start) / 1e9;
    Path results = out.resolve(sweep);
    JsonNode manifest = JSON.readTree(results.resolve("manifest.json").toFile());
    JsonNode lastRun = manifest.get("runs").get(manifest.get("runs").size() - 1);
    double sweepSeconds = seconds(lastRun.get("started").asText(), lastRun.get("ended").asText());
    Matcher plan = Pattern.compile("plan: on \\d+ cores? now, each chunk in (\\d+) partitions? .*?; (\\d+) chunks at once")
        .matcher(Files.readString(log));
    if (!plan.find()) {
      throw new IllegalStateException("no plan line in " + log);
    }
    EventLog parsed = EventLog.read(onlyFile(events), results);
    long chunks = lastRun.get("chunksTrained").asLong();
    long files;
    try (Stream<Path> all = Files.walk(results.resolve("trials"))) {
      files = all.filter(p -> p.getFileName().toString().endsWith(".parquet")).count();
    }
    return new Measured(sweep, master, cores, processSeconds, sweepSeconds, parsed.chunkPhaseSeconds(), chunks,
        lastRun.get("trainingsTrained").asLong(), lastRun.get("laneGroups").asLong(), parsed.trainingTasks,
        (double) files / chunks, parsed.busySeconds(), parsed.trainBusy / 1e3, parsed.writeBusy / 1e3,
        parsed.driverPerChunk(), parsed.commitPerChunk(), parsed.schedulerDelayPerTask(),
        parsed.chunkMillis / 1e3 / parsed.chunks.size(), Integer.parseInt(plan.group(2)),
        Integer.parseInt(plan.group(1)), loadBefore + " → " + load(), parsed.cpuMillis / 1e3,
        (grantedBefore + coresGranted(Math.min(cores, Runtime.getRuntime().availableProcessors()))) / 2);
  }

  /**
   * The cores this shared machine gives a busy process now, of those asked for: threads spin for two seconds and
   * their CPU time is divided by the wall time. Taken before and after each run, it is the model's cores when the
   * machine gives fewer than the run asks for.
   */
  static double coresGranted(int threads) throws InterruptedException {
    java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
    long[] cpu = new long[threads];
    List<Thread> spinners = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < threads; i++) {
      int index = i;
      Thread spinner = new Thread(() -> {
        double sink = 0;
        while (System.nanoTime() - start < 2_000_000_000L) {
          for (int j = 0; j < 10_000; j++) {
            sink += Math.sqrt(j + sink);
          }
        }
        cpu[index] = bean.getCurrentThreadCpuTime() + (sink == 42 ? 1 : 0);
      });
      spinners.add(spinner);
      spinner.start();
    }
    for (Thread spinner : spinners) {
      spinner.join();
    }
    double wall = (System.nanoTime() - start) / 1e9;
    return java.util.Arrays.stream(cpu).sum() / 1e9 / wall;
  }

  /** The machine's load average over the last minute, from /proc/loadavg (the machine is shared). */
  private static String load() throws IOException {
    Path loadavg = Path.of("/proc/loadavg");
    return Files.exists(loadavg) ? Files.readString(loadavg).split(" ")[0] : "?";
  }

  private static Path onlyFile(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      List<Path> all = files.toList();
      if (all.size() != 1) {
        throw new IllegalStateException("one event log expected in " + directory + ", found " + all);
      }
      return all.get(0);
    }
  }

  private static double seconds(String from, String to) {
    return (Instant.parse(to).toEpochMilli() - Instant.parse(from).toEpochMilli()) / 1e3;
  }

  /**
   * The chunk jobs of one event log: their times, their tasks' metrics, and each chunk's commit. A chunk may be more
   * than one job (adaptive execution runs the shuffle's map stage as a job of its own): its span is from its first
   * job's submission to its last job's end, its first stage with tasks trains, the later ones write.
   */
  static final class EventLog {
    /** Chunk → {first submitted, last ended}. */
    final Map<Long, long[]> chunks = new HashMap<>();
    final Map<Integer, Long> jobToChunk = new HashMap<>();
    final Map<Integer, Long> stageToChunk = new HashMap<>();
    /** Stage id → its tasks' {duration, run, deserialize, result serialisation, getting result}. */
    final Map<Integer, List<long[]>> stageTasks = new HashMap<>();
    long trainBusy;
    long writeBusy;
    long trainingTasks;
    long chunkMillis;
    long criticalMillis;
    long commitMillis;
    long schedulerDelayMillis;
    long cpuMillis;
    long tasks;
    long firstSubmitted = Long.MAX_VALUE;
    long lastEnded;

    static EventLog read(Path file, Path results) throws IOException {
      EventLog log = new EventLog();
      for (String line : Files.readAllLines(file)) {
        JsonNode event = JSON.readTree(line);
        switch (event.path("Event").asText()) {
          case "SparkListenerJobStart" -> {
            Matcher chunk = CHUNK_JOB.matcher(event.path("Properties").path("spark.job.description").asText());
            if (chunk.matches()) {
              long number = Long.parseLong(chunk.group(1));
              log.jobToChunk.put(event.get("Job ID").asInt(), number);
              long[] span = log.chunks.computeIfAbsent(number, c -> new long[] {Long.MAX_VALUE, 0});
              span[0] = Math.min(span[0], event.get("Submission Time").asLong());
              for (JsonNode stage : event.get("Stage IDs")) {
                log.stageToChunk.put(stage.asInt(), number);
              }
            }
          }
          case "SparkListenerJobEnd" -> {
            Long chunk = log.jobToChunk.get(event.get("Job ID").asInt());
            if (chunk != null) {
              long[] span = log.chunks.get(chunk);
              span[1] = Math.max(span[1], event.get("Completion Time").asLong());
            }
          }
          case "SparkListenerTaskEnd" -> {
            int stage = event.get("Stage ID").asInt();
            if (log.stageToChunk.containsKey(stage)) {
              JsonNode info = event.get("Task Info");
              JsonNode metrics = event.get("Task Metrics");
              log.stageTasks.computeIfAbsent(stage, s -> new ArrayList<>()).add(new long[] {
                  info.get("Finish Time").asLong() - info.get("Launch Time").asLong(),
                  metrics.get("Executor Run Time").asLong(), metrics.get("Executor Deserialize Time").asLong(),
                  metrics.get("Result Serialization Time").asLong(), info.path("Getting Result Time").asLong(),
                  metrics.path("Executor CPU Time").asLong() / 1_000_000});
            }
          }
          default -> { }
        }
      }
      log.sum(results);
      return log;
    }

    private void sum(Path results) throws IOException {
      Map<Long, List<Integer>> chunkStages = new HashMap<>();
      stageToChunk.forEach((stage, chunk) -> chunkStages.computeIfAbsent(chunk, c -> new ArrayList<>()).add(stage));
      for (Map.Entry<Long, long[]> chunk : chunks.entrySet()) {
        long[] span = chunk.getValue();
        chunkMillis += span[1] - span[0];
        firstSubmitted = Math.min(firstSubmitted, span[0]);
        lastEnded = Math.max(lastEnded, span[1]);
        List<Integer> stages = new ArrayList<>(chunkStages.get(chunk.getKey()));
        stages.removeIf(stage -> !stageTasks.containsKey(stage));
        stages.sort(null);
        long critical = 0;
        for (int i = 0; i < stages.size(); i++) {
          long longest = 0;
          for (long[] task : stageTasks.get(stages.get(i))) {
            longest = Math.max(longest, task[1] + task[2] + task[3]);
            schedulerDelayMillis += Math.max(0, task[0] - task[1] - task[2] - task[3] - task[4]);
            tasks++;
            cpuMillis += task[5];
            if (i == 0) {
              trainBusy += task[1];
              trainingTasks++;
            } else {
              writeBusy += task[1];
            }
          }
          critical += longest;
        }
        criticalMillis += critical;
        Path success = results.resolve("trials").resolve(String.format(Locale.ROOT, "chunk=%06d", chunk.getKey()))
            .resolve("_SUCCESS");
        if (Files.exists(success)) {
          commitMillis += Math.max(0, Files.getLastModifiedTime(success).toMillis() - span[1]);
        }
      }
    }

    double chunkPhaseSeconds() {
      return (lastEnded - firstSubmitted) / 1e3;
    }

    double busySeconds() {
      return (trainBusy + writeBusy) / 1e3;
    }

    double driverPerChunk() {
      return (chunkMillis - criticalMillis) / 1e3 / chunks.size();
    }

    double commitPerChunk() {
      return commitMillis / 1e3 / chunks.size();
    }

    double schedulerDelayPerTask() {
      return schedulerDelayMillis / 1e3 / tasks;
    }
  }

  private static String header() {
    return "| sweep | master | wall, JVM (s) | sweep (s) | chunks | in flight | partitions a chunk | trainings a"
        + " partition | mean lane group | files a chunk | chunk job (s) | driver a chunk (s) | commit a chunk (s) |"
        + " scheduler delay a task (ms) | busy (core-s) | busy / (chunk phase × cores) | task CPU (core-s) |"
        + " cores granted | load |\n"
        + "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|";
  }

  private static String row(Measured run) {
    return String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %d | %d | %d | %.1f | %.2f | %.1f | %.3f | %.3f |"
            + " %.3f | %.1f | %.1f | %.2f | %.1f | %.2f | %s |", run.sweep, run.master, run.processSeconds,
        run.sweepSeconds, run.chunks, run.inFlight, run.partitions, (double) run.trainings / run.trainingTasks,
        (double) run.trainings / run.laneGroups, run.filesPerChunk, run.jobSecondsPerChunk, run.driverPerChunk,
        run.commitPerChunk, run.schedulerDelayPerTask * 1e3, run.busySeconds, run.utilisation(), run.cpuSeconds,
        run.coresGranted, run.load);
  }

  /**
   * Core-seconds a training of conf/landscape.conf: configurations evenly spaced over its grid, each trained as one
   * lane group of its first 16 seeds (as a sweep trains them), after two untimed ones warm the JIT; CPU time.
   */
  private static void landscapeSample(Path directory, int configurations) throws IOException {
    SweepSpec spec = SweepFiles.load(ROOT.resolve("conf/landscape.conf"),
        List.of("output=\"" + directory.resolve("landscape") + "\""));
    long seeds = spec.grid().values(dev.structsweep.sweep.Settings.SEED).size();
    long configurationCount = spec.grid().size() / seeds;
    int lanes = 16;
    for (int warm = 0; warm < 2; warm++) {
      Trial.run(group(spec, warm * seeds, lanes));
    }
    double seconds = 0;
    long trainings = 0;
    for (int i = 0; i < configurations; i++) {
      long configuration = i * configurationCount / configurations;
      List<TrialSpec> group = group(spec, configuration * seeds, lanes);
      // CPU time, not wall time: the machine is shared, and the model counts core-seconds.
      long start = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
      Trial.run(group);
      seconds += (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - start) / 1e9;
      trainings += group.size();
    }
    System.out.printf(Locale.ROOT, "landscape sample: %d configurations × %d seeds in lanes, %.1f CPU-s on one thread:"
            + " %.2f ms a training; × %,d trainings = %.0f core-seconds%n", configurations, lanes, seconds,
        seconds / trainings * 1e3, spec.grid().size(), seconds / trainings * spec.grid().size());
  }

  private static List<TrialSpec> group(SweepSpec spec, long first, int lanes) {
    List<TrialSpec> group = new ArrayList<>();
    for (long id = first; id < first + lanes; id++) {
      group.add(spec.grid().trial(id));
    }
    return group;
  }

  /**
   * The lane groups of a sweep under the cut before ChunkPlan (commit aac2ef8): each chunk in min(2 × cores, its
   * size) equal slices as {@code spark.range(start, end, 1, slices)} cuts them, and in each slice groups taken
   * greedily from its first id: consecutive ids of one configuration, at most lanes of them. Returns {groups,
   * trainings, slices}; each slice wrote one file.
   */
  static long[] oldCut(SweepSpec spec, int cores) {
    long seedRun = spec.grid().values(dev.structsweep.sweep.Settings.SEED).size();
    long groups = 0;
    long slicesTotal = 0;
    for (long chunk = 0; chunk < spec.chunks(); chunk++) {
      long start = chunk * spec.chunkSize();
      long end = Math.min(spec.size(), start + spec.chunkSize());
      long count = end - start;
      int slices = (int) Math.max(1, Math.min(2L * cores, count));
      slicesTotal += slices;
      for (int i = 0; i < slices; i++) {
        long from = start + i * count / slices;
        long to = start + (i + 1) * count / slices;
        long id = from;
        while (id < to) {
          long runEnd = (id / seedRun + 1) * seedRun;
          id = Math.min(Math.min(to, runEnd), id + spec.lanes());
          groups++;
        }
      }
    }
    return new long[] {groups, spec.size(), slicesTotal};
  }

  private ScaleBench() {
  }
}
