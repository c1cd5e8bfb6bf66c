package dev.structsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A chunk is cut into partitions of whole lane groups, covering every id once, and sized to the cluster. */
class ChunkPlanTest {
  /** Groups of [start, end) counted one id at a time: a group begins at the start and at each run's multiples of lanes. */
  private static long groupsByHand(long seedRun, int lanes, long start, long end) {
    long groups = 0;
    for (long id = start; id < end; id++) {
      if (id == start || id % seedRun % lanes == 0) {
        groups++;
      }
    }
    return groups;
  }

  @Test
  void partitionsCoverTheChunkOnceAndCutOnlyBetweenLaneGroups() {
    Random random = new Random(25);
    for (int trial = 0; trial < 2000; trial++) {
      long seedRun = 1 + random.nextInt(60);
      int lanes = 1 + random.nextInt(20);
      ChunkPlan plan = new ChunkPlan(seedRun, lanes, 0, 0);
      long start = random.nextInt(500);
      long end = start + 1 + random.nextInt(300);
      long groups = plan.groups(start, end);
      assertEquals(groupsByHand(seedRun, lanes, start, end), groups, plan + " [" + start + ", " + end + ")");
      int partitions = plan.partitions(start, end, 1 + random.nextInt(40));
      assertTrue(partitions >= 1 && partitions <= groups, partitions + " partitions of " + groups + " groups");
      long next = start;
      for (int index = 0; index < partitions; index++) {
        long[] slice = plan.slice(start, end, partitions, index);
        assertEquals(next, slice[0], "partition " + index + " begins where the one before it ends");
        assertTrue(slice[1] > slice[0], "partition " + index + " of " + partitions + " is not empty");
        assertTrue(slice[0] == start || slice[0] % seedRun % lanes == 0,
            "partition " + index + " begins at a lane group: " + slice[0] + " of " + plan);
        long share = plan.groups(slice[0], slice[1]);
        assertTrue(share == groups / partitions || share == groups / partitions + 1,
            "groups shared out evenly: " + share + " of " + groups + " in " + partitions);
        next = slice[1];
      }
      assertEquals(end, next, "the last partition ends the chunk");
    }
  }

  @Test
  void aChunkHasOnePartitionPerCoreAndNoMoreThanItsGroups() {
    ChunkPlan landscape = new ChunkPlan(1000, 16, 0, 0);
    assertEquals(315, landscape.groups(0, 5000), "5 runs of 1000 seeds, 63 groups each");
    assertEquals(2, landscape.partitions(0, 5000, 2));
    assertEquals(315, landscape.partitions(0, 5000, 1000), "a partition of one group when cores outnumber groups");
    assertEquals(4, new ChunkPlan(1000, 16, 4, 0).partitions(0, 5000, 1000),
        "the setting wins over the cores");
    assertEquals(3, new ChunkPlan(10, 16, 8, 0).partitions(0, 30, 2), "never more partitions than groups");
  }

  @Test
  void chunksInFlightQueueTwiceTheCoresInTasks() {
    ChunkPlan landscape = new ChunkPlan(1000, 16, 0, 0);
    assertEquals(2, landscape.inFlight(5000, 1), "at least two, so a core never idles while a chunk commits");
    assertEquals(2, landscape.inFlight(5000, 2));
    assertEquals(2, landscape.inFlight(5000, 100));
    assertEquals(7, landscape.inFlight(5000, 1000), "⌈2000 tasks / 315 a chunk⌉");
    assertEquals(ChunkPlan.MOST_IN_FLIGHT, new ChunkPlan(10, 16, 0, 0).inFlight(10, 1000), "bounded");
    assertEquals(5, new ChunkPlan(1000, 16, 0, 5).inFlight(5000, 1000), "the setting wins");
  }

  @Test
  void theLargestWholeVectorGroupIsBoundByLanesSeedsAndTheVector() {
    assertEquals(16, new ChunkPlan(1000, 16, 0, 0).largestWholeVectorGroup(4));
    assertEquals(8, new ChunkPlan(10, 16, 0, 0).largestWholeVectorGroup(4), "10 seeds fill two vectors of 4");
    assertEquals(10, new ChunkPlan(10, 16, 0, 0).largestWholeVectorGroup(1));
  }
}
