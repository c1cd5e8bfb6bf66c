package dev.structsweep.sweep;

import java.io.Serializable;

/**
 * How a chunk's trainings are cut into Spark partitions, and how many chunks run at once. The grid varies the seed
 * fastest, so a configuration's seeds are a run of {@code seedRun} consecutive ids. A run is cut into lane groups
 * of {@code lanes} seeds from its start (the last one shorter), the groups the engine trains as lanes of one
 * computation; a partition holds whole groups, so a group is cut only where a chunk's edge cuts it.
 *
 * <p>By default a chunk has one partition per core (never more than its groups), and enough chunks are in flight
 * that twice as many tasks as cores are queued: no core waits on the slowest task of a chunk, and a partition holds
 * as many whole groups as the chunk and the cluster allow. The plan never changes a row, only where it is trained.
 */
public record ChunkPlan(long seedRun, int lanes, int partitionsPerChunk, int chunksInFlight)
    implements Serializable {
  /** Chunks in flight when the setting is automatic: at least this many, however large a chunk. */
  public static final int LEAST_IN_FLIGHT = 2;
  /** Chunks in flight when the setting is automatic: at most this many, however small a chunk. */
  public static final int MOST_IN_FLIGHT = 64;

  public ChunkPlan {
    if (seedRun < 1 || lanes < 1 || partitionsPerChunk < 0 || chunksInFlight < 0) {
      throw new IllegalArgumentException("a plan needs seedRun ≥ 1 and lanes ≥ 1 and no negative setting, found "
          + seedRun + ", " + lanes + ", " + partitionsPerChunk + ", " + chunksInFlight);
    }
  }

  /** The sweep's plan: its seed runs, lanes and the two Spark settings (0 = automatic). */
  public static ChunkPlan of(SweepSpec spec) {
    return new ChunkPlan(spec.grid().values(Settings.SEED).size(), spec.lanes(), spec.partitionsPerChunk(),
        spec.chunksInFlight());
  }

  /** Lane groups in a run of seeds: ⌈seedRun / lanes⌉. */
  public long groupsPerRun() {
    return (seedRun + lanes - 1) / lanes;
  }

  /** Group starts at or before id (ids ≥ 0): the number of boundaries in [0, id]. */
  private long boundariesThrough(long id) {
    return id / seedRun * groupsPerRun() + id % seedRun / lanes + 1;
  }

  /** The position of boundary k (0-based) in id order. */
  private long boundary(long k) {
    return k / groupsPerRun() * seedRun + k % groupsPerRun() * lanes;
  }

  /** Lane groups in the ids [start, end): the groups that begin there, and the one cut by start. */
  public long groups(long start, long end) {
    if (end <= start) {
      return 0;
    }
    return boundariesThrough(end - 1) - boundariesThrough(start) + 1;
  }

  /** The partitions of a chunk [start, end) on a cluster of cores: the setting, or one a core; at most its groups. */
  public int partitions(long start, long end, int cores) {
    long groups = groups(start, end);
    long wanted = partitionsPerChunk > 0 ? partitionsPerChunk : Math.max(1, cores);
    return (int) Math.max(1, Math.min(wanted, groups));
  }

  /**
   * The chunk jobs in flight on a cluster of cores for chunks of chunkSize ids: the setting, or enough that
   * 2 × cores tasks are queued, from {@link #LEAST_IN_FLIGHT} to {@link #MOST_IN_FLIGHT}.
   */
  public int inFlight(long chunkSize, int cores) {
    if (chunksInFlight > 0) {
      return chunksInFlight;
    }
    int perChunk = partitions(0, chunkSize, cores);
    long wanted = (2L * Math.max(1, cores) + perChunk - 1) / perChunk;
    return (int) Math.max(LEAST_IN_FLIGHT, Math.min(MOST_IN_FLIGHT, wanted));
  }

  /**
   * The ids of partition index of a chunk [start, end) cut into partitions: whole groups, the chunk's groups shared
   * out as evenly as their count allows. Returns {from, to}.
   */
  public long[] slice(long start, long end, int partitions, int index) {
    if (partitions < 1 || index < 0 || index >= partitions) {
      throw new IllegalArgumentException("partition " + index + " of " + partitions);
    }
    long groups = groups(start, end);
    long first = groups * index / partitions;
    long last = groups * (index + 1) / partitions;
    return new long[] {groupStart(start, end, first), groupStart(start, end, last)};
  }

  /** Where group g (0-based) of the chunk [start, end) begins; end for g = groups(start, end). */
  private long groupStart(long start, long end, long g) {
    if (g == 0) {
      return start;
    }
    if (g >= groups(start, end)) {
      return end;
    }
    return boundary(boundariesThrough(start) + g - 1);
  }

  /** The largest group a run allows that fills whole vectors of width doubles: at most lanes and seedRun. */
  public long largestWholeVectorGroup(int width) {
    long largest = Math.min(lanes, seedRun);
    return width <= 1 ? largest : Math.max(width, largest / width * width);
  }
}
