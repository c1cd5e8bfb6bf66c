package dev.structsweep.bench;

import dev.structsweep.spark.SweepJob;
import dev.structsweep.store.TrialRows;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * One sweep timed on local[1], after an untimed short one that warms Spark's code paths and the JIT: by default the
 * {@code dag} half of {@code conf/paper/best-xor.conf} (6 configurations × 200 seeds of [2,8,1] tanh, 3000 epochs),
 * its rows written under {@code -Dout=DIR}. Prints the seconds. Builds are compared by running it in each one's
 * worktree in turn, A B A B …; {@code -Dcompare=DIR1,DIR2} then says whether two runs wrote the same rows
 * (provenance and training time aside). Run with the classpath of {@code target/classes} and
 * {@code target/test-classes} (BENCHMARKS.md, "One engine"); {@code -Dconf=FILE}, {@code -Dset=KEY=VALUE;…}.
 */
public final class DagSweepBench {
  public static void main(String[] args) throws Exception {
    SparkSession spark = SparkSession.builder().master("local[1]").appName("bench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    try {
      String compare = System.getProperty("compare");
      if (compare != null) {
        String[] dirs = compare.split(",");
        System.out.println(compare(spark, Path.of(dirs[0]), Path.of(dirs[1])));
        return;
      }
      Path out = Path.of(System.getProperty("out"));
      Path conf = Path.of(System.getProperty("conf", "conf/paper/best-xor.conf"));
      List<String> sets = new ArrayList<>(List.of(System.getProperty("set", "topology=dag").split(";")));
      List<String> warm = new ArrayList<>(sets);
      warm.addAll(List.of("seeds.count=16", "epochs=300", "lambda-ramp=[0, 100]"));
      run(spark, conf, warm, out.resolve("warm"));
      long start = System.nanoTime();
      run(spark, conf, sets, out.resolve("run"));
      System.out.printf(Locale.ROOT, "seconds %.2f%n", (System.nanoTime() - start) / 1e9);
    } finally {
      spark.stop();
    }
  }

  private static void run(SparkSession spark, Path conf, List<String> sets, Path output) throws Exception {
    List<String> overrides = new ArrayList<>(sets);
    overrides.add("output=\"" + output + "\"");
    SweepSpec spec = SweepFiles.load(conf, overrides);
    SweepJob.run(spark, spec, false, "bench", null, new PrintWriter(new StringWriter()));
  }

  /** "identical, N rows" or what differs, over every column but the provenance. */
  private static String compare(SparkSession spark, Path one, Path other) {
    Dataset<Row> a = read(spark, one);
    Dataset<Row> b = read(spark, other);
    long onlyA = a.exceptAll(b).count();
    long onlyB = b.exceptAll(a).count();
    return onlyA == 0 && onlyB == 0 && a.count() == b.count() ? "identical, " + a.count() + " rows"
        : "DIFFERENT: " + a.count() + " vs " + b.count() + " rows, " + onlyA + " and " + onlyB + " unmatched";
  }

  private static Dataset<Row> read(SparkSession spark, Path output) {
    Dataset<Row> rows = spark.read().parquet(output.resolve("run").toString() + "/*/trials");
    return rows.drop(TrialRows.PROVENANCE.toArray(String[]::new));
  }
}
