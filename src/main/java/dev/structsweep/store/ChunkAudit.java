package dev.structsweep.store;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_position;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.when;
import dev.structsweep.sweep.Echo;
import dev.structsweep.sweep.SpecException;
import dev.structsweep.sweep.SweepSpec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Aggregator;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * Proves that every committed chunk holds exactly its rows: every row carries the sweep's spec hash and one of
 * its ε, every training id lies inside the chunk's range, and the rows are as many as the chunk's (training, ε)
 * pairs and all distinct, so each pair is there exactly once. One Spark aggregation over the key columns alone;
 * the driver receives a handful of numbers per chunk.
 */
public final class ChunkAudit {
  /** The distinct pairs of a chunk, counted in a bitmap: only one bitmap per chunk and task is shuffled. */
  private static final UserDefinedFunction DISTINCT_PAIRS = udaf(new DistinctPairs(), Encoders.LONG());

  private ChunkAudit() {}

  /**
   * Counts the distinct small non-negative numbers it is given (null is skipped), as countDistinct does, in a
   * bitmap per group that grows to the largest number seen: a chunk's pairs number at most chunk-size × |ε|.
   */
  public static final class DistinctPairs extends Aggregator<Long, DistinctPairs.Bits, Long> {
    private static final long serialVersionUID = 1L;

    /** The numbers seen, one bit each. */
    public static final class Bits implements java.io.Serializable {
      private static final long serialVersionUID = 1L;
      long[] words = new long[0];

      void set(long number) {
        int word = (int) (number >>> 6);
        if (word >= words.length) {
          words = java.util.Arrays.copyOf(words, Math.max(word + 1, 2 * words.length));
        }
        words[word] |= 1L << number;
      }
    }

    @Override
    public Bits zero() {
      return new Bits();
    }

    @Override
    public Bits reduce(Bits bits, Long number) {
      if (number != null) {
        bits.set(number);
      }
      return bits;
    }

    @Override
    public Bits merge(Bits left, Bits right) {
      Bits wider = left.words.length >= right.words.length ? left : right;
      Bits narrower = wider == left ? right : left;
      for (int word = 0; word < narrower.words.length; word++) {
        wider.words[word] |= narrower.words[word];
      }
      return wider;
    }

    @Override
    public Long finish(Bits bits) {
      long count = 0;
      for (long word : bits.words) {
        count += Long.bitCount(word);
      }
      return count;
    }

    @Override
    public Encoder<Bits> bufferEncoder() {
      return Encoders.javaSerialization(Bits.class);
    }

    @Override
    public Encoder<Long> outputEncoder() {
      return Encoders.LONG();
    }
  }

  /** What the committed chunks of one sweep must hold. */
  public record Expected(long size, int chunkSize, double[] epsilons, String specHash) {
    public static Expected of(SweepSpec spec) {
      return new Expected(spec.size(), spec.chunkSize(), spec.grid().epsilons(), spec.specHash());
    }
  }

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
   * {@link SpecException} naming it (and how many more fail), a file that cannot be read one naming the file.
   */
  public static long audit(SparkSession spark, ResultsDirectory results, Expected expected, BitSet committed) {
    if (committed.isEmpty()) {
      return 0;
    }
    List<String> paths = new ArrayList<>();
    for (int chunk = committed.nextSetBit(0); chunk >= 0; chunk = committed.nextSetBit(chunk + 1)) {
      paths.add(results.chunk(chunk).toString());
    }
    double[] epsilons = expected.epsilons();
    Column[] grid = new Column[epsilons.length];
    for (int e = 0; e < epsilons.length; e++) {
      grid[e] = lit(epsilons[e]);
    }
    // The ε's place in the grid, from 1; 0 or null at an ε the grid does not have.
    Column place = array_position(array(grid), col("epsilon"));
    Column unknownEpsilon = not(coalesce(place.gt(0), lit(false)));
    Column start = col("chunk").cast("long").multiply(expected.chunkSize());
    Column inRange = col("training_id").geq(start)
        .and(col("training_id").lt(least(lit(expected.size()), start.plus(expected.chunkSize()))));
    // Each (training, ε) of the chunk as one number, offset × |ε| + place; computed only for an id in range, so
    // that no id a hand wrote can overflow it.
    Column pair = when(inRange.and(not(unknownEpsilon)),
        col("training_id").minus(start).multiply(epsilons.length).plus(place));
    Column foreign = not(col("spec_hash").eqNullSafe(lit(expected.specHash())));
    List<Row> perChunk;
    try {
      perChunk = spark.read().option("basePath", results.trials().toString())
          .parquet(paths.toArray(String[]::new))
          .groupBy(col("chunk"))
          .agg(count(lit(1)), count(col("training_id")), min("training_id"), max("training_id"), DISTINCT_PAIRS.apply(pair),
              sum(when(unknownEpsilon, 1).otherwise(0)), min(when(unknownEpsilon, col("epsilon"))),
              sum(when(foreign, 1).otherwise(0)), min(when(foreign, col("spec_hash"))))
          .collectAsList();
    } catch (Exception unreadable) { // SparkException is checked, and thrown undeclared
      throw Faults.unreadableChunk(unreadable, results);
    }
    Map<Long, Row> byChunk = new HashMap<>();
    for (Row row : perChunk) {
      byChunk.put(((Number) row.get(0)).longValue(), row);
    }
    long rows = 0;
    String first = null;
    int refused = 0;
    for (int chunk = committed.nextSetBit(0); chunk >= 0; chunk = committed.nextSetBit(chunk + 1)) {
      Row row = byChunk.get((long) chunk);
      String fault = fault(results, expected, chunk, row);
      if (fault != null) {
        refused++;
        first = first == null ? fault : first;
      } else {
        rows += row.getLong(1);
      }
    }
    if (first != null) {
      throw new SpecException(first + (refused == 1 ? "" : String.format(Locale.ROOT,
          " (%,d more committed chunks fail the audit too)", refused - 1)));
    }
    return rows;
  }

  /** What is wrong with one chunk's aggregate, or null when it holds exactly its rows. */
  private static String fault(ResultsDirectory results, Expected expected, int chunk, Row row) {
    long start = (long) chunk * expected.chunkSize();
    long trainings = Math.min(expected.size(), start + expected.chunkSize()) - start;
    int epsilons = expected.epsilons().length;
    long rowsExpected = trainings * epsilons;
    String where = results.chunk(chunk) + ": committed with ";
    String retrain = "; a committed chunk never changes: move it out of " + results.trials()
        + " and run the sweep again to retrain it";
    long found = row == null ? 0 : row.getLong(1);
    if (row != null && row.getLong(8) > 0) {
      return where + row.getLong(8) + " rows of another sweep (spec hash "
          + (row.isNullAt(9) ? "none" : Echo.quoted(row.getString(9))) + ", this sweep's is " + expected.specHash()
          + "): the chunks and sweep.conf disagree; move the chunks out of " + results.trials() + " to train this"
          + " sweep afresh, or restore the sweep.conf they were written with";
    }
    if (found != rowsExpected) {
      return where + found + " rows where its " + trainings + " trainings × " + epsilons + " ε make "
          + rowsExpected + retrain;
    }
    if (row.getLong(2) < found) {
      return where + (found - row.getLong(2)) + " rows without a training id" + retrain;
    }
    long low = row.getLong(3);
    long high = row.getLong(4);
    if (low < start || high >= start + trainings) {
      return where + "training id " + (low < start ? low : high) + ", outside its range [" + start + ", "
          + (start + trainings) + ")" + retrain;
    }
    if (row.getLong(6) > 0) {
      return where + row.getLong(6) + " rows at an ε this sweep does not have (such as ε = " + row.get(7) + ")"
          + retrain;
    }
    if (row.getLong(5) != rowsExpected) {
      return where + "some (training, ε) pairs twice and others missing" + retrain;
    }
    return null;
  }
}
