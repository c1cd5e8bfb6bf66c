package dev.structsweep.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;

import dev.structsweep.store.ChunkAudit;
import dev.structsweep.store.ResultsDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * The cost of the chunk audit that a sweep runs before and after its chunks, and that repair and the report run:
 * results of conf/landscape.conf's size (2,304,000 trainings × 5 ε in 461 chunks of 5,000; the audit reads only
 * the key columns, so the rows hold only those), audited on local[2]. Run:
 * {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.structsweep.bench.AuditBench}
 * ({@code -Dtrainings=N -Drounds=R} for another size).
 */
public final class AuditBench {
  static final double[] EPSILONS = {0.001, 0.003, 0.01, 0.03, 0.1};
  static final int CHUNK_SIZE = 5000;
  static final String SPEC_HASH = "3d35d13f0edffd0b";

  private AuditBench() {}

  public static void main(String[] args) throws Exception {
    long trainings = Long.getLong("trainings", 2_304_000);
    int rounds = Integer.getInteger("rounds", 3);
    SparkSession spark = SparkSession.builder().master("local[2]").appName("AuditBench")
        .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
    try {
      Path root = Files.createTempDirectory("structsweep-audit-bench");
      BitSet committed = writeResults(spark, root, trainings);
      ResultsDirectory results = new ResultsDirectory(root.toString(), spark.sparkContext().hadoopConfiguration());
      ChunkAudit.Expected expected = new ChunkAudit.Expected(trainings, CHUNK_SIZE, EPSILONS, SPEC_HASH);
      System.out.printf(Locale.ROOT, "%,d trainings × %d ε = %,d rows in %,d chunks%n", trainings, EPSILONS.length,
          trainings * EPSILONS.length, committed.cardinality());
      ChunkAudit.audit(spark, results, expected, committed); // warm-up
      for (int round = 1; round <= rounds; round++) {
        long start = System.nanoTime();
        long rows = ChunkAudit.audit(spark, results, expected, committed);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "round %d: %,d rows audited in %.1f s (%.2f M rows/s)%n", round, rows,
            seconds, rows / seconds / 1e6);
      }
    } finally {
      spark.stop();
    }
  }

  /**
   * Writes the key columns of a complete sweep of trainings (every (training, ε) once, under SPEC_HASH) as
   * committed chunks under root/trials, and returns the chunks.
   */
  public static BitSet writeResults(SparkSession spark, Path root, long trainings) throws IOException {
    Column[] epsilons = java.util.Arrays.stream(EPSILONS).mapToObj(e -> lit(e)).toArray(Column[]::new);
    spark.range(0, trainings).select(col("id").as("training_id"))
        .withColumn("epsilon", explode(array(epsilons)))
        .withColumn("spec_hash", lit(SPEC_HASH))
        .withColumn("chunk", format_string("%06d", col("training_id").divide(CHUNK_SIZE).cast("long")))
        .write().partitionBy("chunk").parquet(root.resolve("trials").toString());
    BitSet committed = new BitSet();
    long chunks = (trainings + CHUNK_SIZE - 1) / CHUNK_SIZE;
    for (int chunk = 0; chunk < chunks; chunk++) {
      Files.createFile(root.resolve(String.format("trials/chunk=%06d/_SUCCESS", chunk)));
      committed.set(chunk);
    }
    return committed;
  }
}
