package dev.structsweep.bench;

import dev.structsweep.net.Trainer;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.spark.SweepJob;
import dev.structsweep.sweep.SweepSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A sweep on local[1] with {@code lanes = 1} (one training at a time, as before the lanes) against the same sweep
 * with {@code lanes = 16}, alternating in one session after a warm-up of each: 4,000 trainings of the paper's XOR
 * trial, and 4,000 of a mixed grid (both tasks, two hidden sizes, ReLU and tanh). Medians of the runs, the ratio of
 * each pair, and whether the two wrote the same rows (provenance and training time aside). Run:
 * {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.structsweep.bench.SweepLanesBench}
 * ({@code -Drepeats=N}, 3 by default; {@code -Dgrids=0} the paper's XOR sweep alone, {@code -Dgrids=1} the mixed grid).
 */
public final class SweepLanesBench {
  private static final int REPEATS = Integer.getInteger("repeats", 3);
  private static final String ONLY = System.getProperty("grids", "0,1");
  private static final String[] GRIDS = {
      "seeds = { from = 0, count = 4000 }",
      "task = [xor, addition], hidden = [[4], [8]], activation = [relu, tanh], seeds = { from = 0, count = 500 }"};
  private static final String[] NAMES = {"paper XOR [2,4,1], 4,000 seeds",
      "XOR and addition × [4], [8] × ReLU, tanh: 8 configurations × 500 seeds"};

  public static void main(String[] args) throws Exception {
    Path directory = Files.createTempDirectory("structsweep-lanes-bench");
    SparkSession spark = SparkSession.builder().master("local[1]").appName("bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    List<String> rows = new ArrayList<>();
    try {
      for (int g = 0; g < GRIDS.length; g++) {
        if (!java.util.Arrays.asList(ONLY.split(",")).contains(String.valueOf(g))) {
          continue;
        }
        Path file = directory.resolve("grid" + g + ".conf");
        Files.writeString(file, "sweep { name = bench, chunk-size = 1000, epsilon = [0.01, 0.05], " + GRIDS[g] + " }");
        // Warm-up: one untimed 1,000-training sweep each way (Spark's code paths, both trainers' JIT).
        for (int lanes : new int[] {1, 16}) {
          run(spark, file, directory.resolve("warm" + g + "-" + lanes), lanes, "seeds.count=" + (g == 0 ? 1000 : 125));
        }
        double[][] seconds = new double[2][REPEATS];
        double[] ratios = new double[REPEATS];
        Path[] last = new Path[2];
        for (int r = 0; r < REPEATS; r++) {
          for (int i = 0; i < 2; i++) {
            int which = (i + r) % 2;
            last[which] = directory.resolve("g" + g + "-" + which + "-" + r);
            long start = System.nanoTime();
            run(spark, file, last[which], which == 0 ? 1 : 16, null);
            seconds[which][r] = (System.nanoTime() - start) / 1e9;
          }
          ratios[r] = seconds[0][r] / seconds[1][r];
        }
        rows.add(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f× | %s |", NAMES[g], median(seconds[0]),
            median(seconds[1]), median(ratios), sameRows(spark, last[0], last[1]) ? "identical" : "DIFFERENT"));
      }
    } finally {
      spark.stop();
    }
    System.out.printf(Locale.ROOT,
        "local[1], java %s, vector width %d; medians of %d alternating runs after warm-up%n%n",
        System.getProperty("java.version"), Trainer.vectorWidth(), REPEATS);
    System.out.println("| sweep | lanes = 1 (s) | lanes = 16 (s) | speed-up | rows |");
    System.out.println("|---|---|---|---|---|");
    rows.forEach(System.out::println);
  }

  private static void run(SparkSession spark, Path file, Path output, int lanes, String extra) throws Exception {
    List<String> overrides = new ArrayList<>(List.of("output=\"" + output + "\"", "lanes=" + lanes));
    if (extra != null) {
      overrides.add(extra);
    }
    SweepSpec spec = SweepFiles.load(file, overrides);
    SweepJob.run(spark, spec, false, "bench", null, new PrintWriter(new StringWriter()));
  }

  private static boolean sameRows(SparkSession spark, Path one, Path other) {
    Dataset<Row> a = read(spark, one);
    Dataset<Row> b = read(spark, other);
    return a.count() == b.count() && a.exceptAll(b).isEmpty() && b.exceptAll(a).isEmpty();
  }

  private static Dataset<Row> read(SparkSession spark, Path output) {
    return spark.read().parquet(output.resolve("bench").resolve("trials").toString())
        .drop("host", "executor_id", "task_attempt", "training_millis");
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
