package dev.structsweep.cluster;

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
 * home that submit/spark-home assembles. Every process it starts it stops, by its handle (its pid), with the
 * executors the workers started.
 */
final class StandaloneCluster implements AutoCloseable {
  static final Path ROOT = Path.of("").toAbsolutePath();
  final Path home;
  final int port;
  final int uiPort;
  final Path logs;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();

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
    for (int i = 1; i <= workerCount; i++) {
      workers.add(start("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
          "1", "--memory", "1500m", "--work-dir", logs.resolve("work-" + i).toString(), "--webui-port",
          Integer.toString(freePort()), url()));
    }
    awaitWorkers(workerCount);
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
        "--total-executor-cores", Integer.toString(workers.size()), "--executor-memory", "1g",
        ROOT.resolve("target/structsweep.jar").toString()));
    command.addAll(List.of(sweepArgs));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    environment(builder.environment());
    return builder.start();
  }

  /** The executor JVMs the workers are running now. */
  List<ProcessHandle> executors() {
    List<ProcessHandle> executors = new ArrayList<>();
    for (Process worker : workers) {
      worker.toHandle().descendants().filter(p -> p.info().commandLine().orElse("")
          .contains("CoarseGrainedExecutorBackend")).forEach(executors::add);
    }
    return executors;
  }

  private void awaitWorkers(int count) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      try {
        String json = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + "/json/"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
        if (json.split("\"ALIVE\"", -1).length - 1 >= count + 1) {
          return;
        }
      } catch (IOException notYet) {
        // The master's web UI is not up yet.
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

  /** Stops workers (with their executors) and the master, by their pids, whatever state they are in. */
  @Override
  public void close() {
    List<Process> all = new ArrayList<>(workers);
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
