package dev.structsweep.bench;

import dev.structsweep.store.TrialRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Whether two builds wrote the same rows: every sweep under two results directories (written by the same sweep
 * files), compared sweep by sweep over every column but the provenance (and the build: version, git commit), as multisets of rows. A column that one
 * side has and the other lacks (a setting added since) is named and left out of the comparison, after checking
 * that it holds one value.
 *
 * <pre>java … dev.structsweep.bench.ResultsDiff OLD_RESULTS NEW_RESULTS</pre>
 * Prints one line a sweep, "identical, N rows" or what differs; exits 1 when any differs.
 */
public final class ResultsDiff {
  private ResultsDiff() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ResultsDiff OLD_RESULTS NEW_RESULTS");
      System.exit(2);
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("results-diff")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    boolean same = true;
    try {
      for (String sweep : sweeps(Path.of(args[0]))) {
        String line = compare(spark, Path.of(args[0], sweep), Path.of(args[1], sweep));
        same &= line.startsWith("identical");
        System.out.println(sweep + ": " + line);
      }
    } finally {
      spark.stop();
    }
    System.exit(same ? 0 : 1);
  }

  private static List<String> sweeps(Path results) throws Exception {
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.filter(d -> Files.isDirectory(d.resolve("trials"))).map(d -> d.getFileName().toString()).sorted()
          .toList();
    }
  }

  private static String compare(SparkSession spark, Path one, Path other) {
    if (!Files.isDirectory(other.resolve("trials"))) {
      return "DIFFERENT: no " + other;
    }
    Dataset<Row> a = read(spark, one);
    Dataset<Row> b = read(spark, other);
    List<String> onlyOne = new ArrayList<>(Arrays.asList(a.columns()));
    onlyOne.removeAll(Arrays.asList(b.columns()));
    List<String> onlyOther = new ArrayList<>(Arrays.asList(b.columns()));
    onlyOther.removeAll(Arrays.asList(a.columns()));
    StringBuilder extra = new StringBuilder();
    for (String column : onlyOther) {
      List<Row> values = b.select(column).distinct().collectAsList();
      extra.append(", new column ").append(column).append(" = ").append(values);
    }
    for (String column : onlyOne) {
      extra.append(", dropped column ").append(column);
    }
    a = a.drop(onlyOne.toArray(String[]::new));
    b = b.drop(onlyOther.toArray(String[]::new)).select(Arrays.stream(a.columns())
        .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new));
    long onlyA = a.exceptAll(b).count();
    long onlyB = b.exceptAll(a).count();
    long rows = a.count();
    return (onlyA == 0 && onlyB == 0 && rows == b.count() ? "identical, " + rows + " rows"
        : "DIFFERENT: " + rows + " vs " + b.count() + " rows, " + onlyA + " and " + onlyB + " unmatched") + extra;
  }

  private static Dataset<Row> read(SparkSession spark, Path sweep) {
    return spark.read().parquet(sweep.resolve("trials").toString())
        .drop(TrialRows.PROVENANCE.toArray(String[]::new)).drop("chunk", "git_commit", "version");
  }
}
