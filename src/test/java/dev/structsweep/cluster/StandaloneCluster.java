package dev.structsweep.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on 127.0.0.1 for tests: a master and workers in JVMs of their own, from the Spark
 * home that submit/spark-home assembles. A worker can be killed outright with its executors and replaced by a new
 * one. Every process it starts (master, workers, drivers) it stops, by its handle (its pid), with the executors the
 * workers started.
 */
final class StandaloneCluster implements AutoCloseable {
  static final Path ROOT = Path.of("").toAbsolutePath();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  final Path home;
  final int port;
  final int uiPort;
  final Path logs;
  /** The cores a sweep asks for: one per worker the cluster was started with, whatever workers run now. */
  final int cores;
  private final Process master;
  private final List<Worker> workers = new ArrayList<>();
  /** Workers killed and drivers submitted: stopped again in close(), whatever state they are in. */
  private final List<Process> others = new ArrayList<>();
  private int workersStarted;

  /** A worker JVM and the port of its web UI, by which the master's listing names it. */
  record Worker(String name, Process process, int uiPort) {}

  StandaloneCluster(int workerCount, Path logs) throws IOException, InterruptedException {
    this.logs = logs;
    Process assemble = new ProcessBuilder("bash", ROOT.resolve("submit/spark-home").toString())
        .redirectError(logs.resolve("spark-home.log").toFile()).start();
    String printed = new String(assemble.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    if (!assemble.waitFor(10, TimeUnit.MINUTES) || assemble.exitValue() != 0) {
      throw new IllegalStateException("submit/spark-home failed: " + Files.readString(logs.resolve("spark-home.log")));
    }
    home = Path.of(printed);
    port = freePort();
    uiPort = freePort();
    master = start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
        Integer.toString(port), "--webui-port", Integer.toString(uiPort));
    cores = workerCount;
    for (int i = 1; i <= workerCount; i++) {
      launchWorker();
    }
    awaitWorkers(workerCount);
  }

  private Worker launchWorker() throws IOException {
    int number = ++workersStarted;
    int workerUiPort = freePort();
    String name = "worker-" + number;
    Process process = start(name, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
        "--memory", "1500m", "--work-dir", logs.resolve("work-" + number).toString(), "--webui-port",
        Integer.toString(workerUiPort), url());
    Worker worker = new Worker(name, process, workerUiPort);
    workers.add(worker);
    return worker;
  }

  /** The workers running now, in the order they were started. */
  List<Worker> workers() {
    return List.copyOf(workers);
  }

  /**
   * SIGKILLs a worker JVM and every process it started (its executors), as a machine that dies would, and returns
   * what was killed: "pid MainClass", the worker's first. The master and the drivers learn of it only from the
   * connections that drop.
   */
  List<String> killWorker(Worker worker) throws IOException, InterruptedException {
    // Stopped first, so that it cannot start an executor after its children are listed, which would then outlive it.
    new ProcessBuilder("kill", "-STOP", Long.toString(worker.process().pid())).start().waitFor();
    List<ProcessHandle> executors = worker.process().toHandle().descendants().toList();
    List<String> killed = new ArrayList<>(List.of(describe(worker.process().toHandle())));
    executors.forEach(executor -> killed.add(describe(executor)));
    worker.process().destroyForcibly();
    executors.forEach(ProcessHandle::destroyForcibly);
    worker.process().waitFor(30, TimeUnit.SECONDS);
    for (ProcessHandle executor : executors) {
      executor.onExit().completeOnTimeout(executor, 30, TimeUnit.SECONDS).join();
    }
    workers.remove(worker);
    others.add(worker.process());
    return killed;
  }

  /** "pid Worker", "pid CoarseGrainedExecutorBackend", or "pid ls" for a process that is not a Spark JVM. */
  private static String describe(ProcessHandle process) {
    for (String word : process.info().commandLine().orElse("").split(" ")) {
      if (word.startsWith("org.apache.spark.")) {
        return process.pid() + " " + word.substring(word.lastIndexOf('.') + 1);
      }
    }
    return process.pid() + " " + process.info().command().map(command -> Path.of(command).getFileName().toString())
        .orElse("?");
  }

  /** Starts a new worker and waits until the master lists it as alive, so that executors can be placed on it. */
  Worker replaceWorker() throws IOException, InterruptedException {
    Worker worker = launchWorker();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      JsonNode listing = masterJson();
      if (listing != null) {
        for (JsonNode registered : listing.path("workers")) {
          if (registered.path("webuiaddress").asText().endsWith(":" + worker.uiPort())
              && "ALIVE".equals(registered.path("state").asText())) {
            return worker;
          }
        }
      }
      if (!worker.process().isAlive()) {
        break;
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(worker.name() + " did not register within 90 s; see " + logs);
  }

  String url() {
    return "spark://127.0.0.1:" + port;
  }

  List<String> jvm() {
    return List.of("java", "@" + ROOT.resolve("submit/java-options"),
        "-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties"));
  }

  Map<String, String> environment(Map<String, String> env) {
    env.put("SPARK_HOME", home.toString());
    env.put("SPARK_SCALA_VERSION", "2.13");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    return env;
  }

  private Process start(String name, String mainClass, String... args) throws IOException {
    List<String> command = new ArrayList<>(jvm());
    command.addAll(List.of("-cp", home.resolve("jars") + "/*", mainClass));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(logs.resolve(name + ".log").toFile());
    environment(builder.environment());
    return builder.start();
  }

  /** spark-submit's class in a JVM of its own: the driver (client mode) of a sweep. */
  Process submit(Path log, String... sweepArgs) throws IOException {
    List<String> command = new ArrayList<>(jvm());
    command.addAll(List.of("-cp", ROOT.resolve("target/structsweep.jar") + ":" + home.resolve("jars") + "/*",
        "org.apache.spark.deploy.SparkSubmit", "--master", url(), "--class", "dev.structsweep.cli.Main",
        "--total-executor-cores", Integer.toString(cores), "--executor-memory", "1g",
        ROOT.resolve("target/structsweep.jar").toString()));
    command.addAll(List.of(sweepArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(builder.environment());
    Process driver = builder.start();
    others.add(driver);
    return driver;
  }

  /** The executor JVMs the workers are running now. */
  List<ProcessHandle> executors() {
    List<ProcessHandle> executors = new ArrayList<>();
    for (Worker worker : workers) {
      worker.process().toHandle().descendants().filter(p -> p.info().commandLine().orElse("")
          .contains("CoarseGrainedExecutorBackend")).forEach(executors::add);
    }
    return executors;
  }

  /**
   * The executor JVMs of the application the master started last (the driver running now, when an earlier one
   * was killed and its executors are still being stopped); none while the master lists no application.
   */
  List<ProcessHandle> executorsOfNewestApplication() throws InterruptedException {
    JsonNode listing = masterJson();
    String newest = null;
    long newestStart = Long.MIN_VALUE;
    for (JsonNode app : listing == null ? List.<JsonNode>of() : listing.path("activeapps")) {
      if (app.path("starttime").asLong() > newestStart) {
        newest = app.path("id").asText();
        newestStart = app.path("starttime").asLong();
      }
    }
    String appId = "--app-id " + newest;
    return newest == null ? List.of() : executors().stream()
        .filter(executor -> executor.info().commandLine().orElse("").contains(appId)).toList();
  }

  /** The master's own listing of its workers and applications, or null while its web UI does not answer. */
  private JsonNode masterJson() throws InterruptedException {
    try {
      String json = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
          .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
      return new ObjectMapper().readTree(json);
    } catch (IOException notYet) {
      return null;
    }
  }

  private void awaitWorkers(int count) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      JsonNode listing = masterJson();
      if (listing != null) {
        int alive = 0;
        for (JsonNode registered : listing.path("workers")) {
          alive += "ALIVE".equals(registered.path("state").asText()) ? 1 : 0;
        }
        if (alive >= count) {
          return;
        }
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException("the workers did not register within 90 s; see " + logs);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Stops drivers, workers (with their executors) and the master, by their pids, whatever state they are in. */
  @Override
  public void close() {
    List<Process> all = new ArrayList<>(others);
    workers.forEach(worker -> all.add(worker.process()));
    all.add(master);
    for (Process process : all) {
      process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroy();
    }
    for (Process process : all) {
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
