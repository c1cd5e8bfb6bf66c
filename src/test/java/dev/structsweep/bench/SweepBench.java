package dev.structsweep.bench;

import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.spark.SweepJob;
import dev.structsweep.sweep.SweepSpec;
import dev.structsweep.task.Trial;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.SparkSession;

/**
 * Throughput of a 5,000-training XOR sweep (the paper's trial, 5,000 seeds) on local[1] and local[2], against
 * the same trials run by Trial.run in a plain loop on one thread, and the fixed cost of a sweep (session
 * start, and a one-training sweep's job and commit). Run:
 * {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.structsweep.bench.SweepBench}.
 */
public final class SweepBench {
  private static final int TRAININGS = 5000;
  private static final int REPEATS = 3;

  public static void main(String[] args) throws Exception {
    Path directory = Files.createTempDirectory("structsweep-bench");
    Path file = directory.resolve("bench.conf");
    Files.writeString(file, "sweep { seeds = { from = 0, count = " + TRAININGS + " }, chunk-size = 1000,"
        + " epsilon = [0.01, 0.05] }");
    Path tiny = directory.resolve("tiny.conf");
    Files.writeString(tiny, "sweep { seeds = [0], chunk-size = 1 }");

    SweepSpec spec = SweepFiles.load(file, List.of("output=\"" + directory.resolve("warm") + "\""));
    // Warm the JIT on the trainer alone, as a long sweep would be.
    for (long id = 0; id < 500; id++) {
      Trial.run(spec.grid().trial(id));
    }
    double[] loops = new double[REPEATS];
    for (int r = 0; r < REPEATS; r++) {
      long start = System.nanoTime();
      for (long id = 0; id < TRAININGS; id++) {
        Trial.run(spec.grid().trial(id));
      }
      loops[r] = (System.nanoTime() - start) / 1e9;
    }
    double loopSeconds = median(loops);

    double[] sweepSeconds = new double[2];
    double[] sessionSeconds = new double[2];
    double[] tinySeconds = new double[2];
    for (int cores = 1; cores <= 2; cores++) {
      long sessionStart = System.nanoTime();
      SparkSession spark = SparkSession.builder().master("local[" + cores + "]").appName("bench")
          .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
      sessionSeconds[cores - 1] = (System.nanoTime() - sessionStart) / 1e9;
      try {
        SweepSpec tinySpec = SweepFiles.load(tiny, List.of("output=\"" + directory.resolve("tiny" + cores) + "\""));
        long tinyStart = System.nanoTime();
        run(spark, tinySpec);
        tinySeconds[cores - 1] = (System.nanoTime() - tinyStart) / 1e9;
        // One untimed sweep warms Spark's own code paths (planning, code generation, the Parquet writer).
        run(spark, SweepFiles.load(file, List.of("output=\"" + directory.resolve("warm" + cores) + "\"",
            "seeds.count=1000")));
        double[] times = new double[REPEATS];
        for (int r = 0; r < REPEATS; r++) {
          SweepSpec timed = SweepFiles.load(file,
              List.of("output=\"" + directory.resolve("local" + cores + "-" + r) + "\""));
          long sweepStart = System.nanoTime();
          run(spark, timed);
          times[r] = (System.nanoTime() - sweepStart) / 1e9;
        }
        sweepSeconds[cores - 1] = median(times);
      } finally {
        spark.stop();
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
      }
    }
    System.out.printf(Locale.ROOT, "%,d trainings of the paper's XOR trial ([2,4,1], 1000 epochs), 2 ε each;"
        + " medians of %d runs after warm-up%n%n", TRAININGS, REPEATS);
    System.out.println("| run | seconds | ms per training | trainings/s |");
    System.out.println("|---|---|---|---|");
    row("Trial.run in a plain loop, one thread", loopSeconds);
    row("sweep, local[1]", sweepSeconds[0]);
    row("sweep, local[2]", sweepSeconds[1]);
    System.out.printf(Locale.ROOT, "%nlocal[2] / local[1] throughput: %.2f×%n", sweepSeconds[0] / sweepSeconds[1]);
    System.out.printf(Locale.ROOT, "local[1] cost per training / plain loop: %.3f×%n", sweepSeconds[0] / loopSeconds);
    System.out.printf(Locale.ROOT, "fixed cost: session start %.2f s (first) and %.2f s (second); a one-training"
        + " sweep (job, write, commit, manifest) %.2f s on local[1], %.2f s on local[2]%n", sessionSeconds[0],
        sessionSeconds[1], tinySeconds[0], tinySeconds[1]);
  }

  private static void run(SparkSession spark, SweepSpec spec) throws Exception {
    SweepJob.run(spark, spec, false, "bench", null, new PrintWriter(new StringWriter()));
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static void row(String name, double seconds) {
    System.out.printf(Locale.ROOT, "| %s | %.1f | %.2f | %.0f |%n", name, seconds, seconds * 1000 / TRAININGS,
        TRAININGS / seconds);
  }
}
