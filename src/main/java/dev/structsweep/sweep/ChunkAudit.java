package dev.structsweep.sweep;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Checks that every committed chunk holds exactly its rows: as many as its training ids times the ε, every
 * training id inside the chunk's range, and the sums of the ids' offsets and of their squares what one row per
 * (training, ε) gives. One Spark
 * aggregation over the training ids alone; the driver receives a handful of numbers per chunk.
 */
public final class ChunkAudit {
  private ChunkAudit() {}

  /** Refuses (a {@link SpecException} naming the chunk) strays under trials/ of a grid of {@code chunks} chunks. */
  public static void refuseStrays(ResultsDirectory results, long chunks) throws IOException {
    List<org.apache.hadoop.fs.Path> strays = results.strays(chunks);
    if (strays.isEmpty()) {
      return;
    }
    String names = strays.size() <= 3 ? strays.toString().replaceAll("^\\[|\\]$", "")
        : strays.subList(0, 3).toString().replaceAll("^\\[|\\]$", "") + " and " + (strays.size() - 3) + " more";
    throw new SpecException(names + ": not " + (strays.size() == 1 ? "a chunk" : "chunks") + " of this sweep"
        + " (its chunks are " + ResultsDirectory.chunkName(0) + " to " + ResultsDirectory.chunkName(chunks - 1)
        + "); move " + (strays.size() == 1 ? "it" : "them") + " out of " + results.trials() + " and run again");
  }

  /**
   * Audits the committed chunks and returns their rows in all; a chunk that holds other rows than its own is a
   * {@link SpecException} naming it.
   */
  public static long audit(SparkSession spark, ResultsDirectory results, long size, int chunkSize, int epsilons,
      BitSet committed) {
    if (committed.isEmpty()) {
      return 0;
    }
    List<String> paths = new ArrayList<>();
    for (int chunk = committed.nextSetBit(0); chunk >= 0; chunk = committed.nextSetBit(chunk + 1)) {
      paths.add(results.chunk(chunk).toString());
    }
    // Offsets inside the chunk stay small (below chunk-size), so their sums cannot overflow.
    org.apache.spark.sql.Column offset = col("training_id").minus(col("chunk").cast("long").multiply(chunkSize));
    List<Row> perChunk = spark.read().option("basePath", results.trials().toString())
        .parquet(paths.toArray(String[]::new))
        .groupBy(col("chunk"))
        .agg(count(lit(1)), min("training_id"), max("training_id"), sum(offset), sum(offset.multiply(offset)))
        .collectAsList();
    Map<Long, Row> byChunk = new HashMap<>();
    for (Row row : perChunk) {
      byChunk.put(((Number) row.get(0)).longValue(), row);
    }
    long rows = 0;
    for (int chunk = committed.nextSetBit(0); chunk >= 0; chunk = committed.nextSetBit(chunk + 1)) {
      long start = (long) chunk * chunkSize;
      long trainings = Math.min(size, start + chunkSize) - start;
      long expected = trainings * epsilons;
      Row row = byChunk.get((long) chunk);
      long found = row == null ? 0 : row.getLong(1);
      String where = results.chunk(chunk) + ": committed with ";
      if (found != expected) {
        throw new SpecException(where + found + " rows where its " + trainings + " trainings × " + epsilons
            + " ε make " + expected + "; a committed chunk never changes: move it out of " + results.trials()
            + " and run the sweep again to retrain it");
      }
      long low = row.getLong(2);
      long high = row.getLong(3);
      if (low < start || high >= start + trainings) {
        throw new SpecException(where + "training id " + (low < start ? low : high) + ", outside its range ["
            + start + ", " + (start + trainings) + "); move it out of " + results.trials()
            + " and run the sweep again to retrain it");
      }
      // With the count and the range, the sums of the offsets and of their squares make a repeated id that
      // hides a missing one show.
      long offsets = row.getLong(4);
      long squares = row.getLong(5);
      if (offsets != epsilons * (trainings * (trainings - 1) / 2)
          || squares != epsilons * ((trainings - 1) * trainings * (2 * trainings - 1) / 6)) {
        throw new SpecException(where + "some training ids twice and others missing; move it out of "
            + results.trials() + " and run the sweep again to retrain it");
      }
      rows += found;
    }
    return rows;
  }
}
