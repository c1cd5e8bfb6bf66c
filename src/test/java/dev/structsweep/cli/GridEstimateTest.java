package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.sweep.ChunkPlan;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code grid}'s estimate counts the lanes where a sweep trains in them (every topology), and only there; its
 * estimate on N cores ({@code --cores}) shrinks with the cores, plans as {@link ChunkPlan} does and writes a file a
 * chunk.
 */
class GridEstimateTest {
  @TempDir
  Path directory;

  private double seconds(String grid, int lanes) throws IOException {
    Path file = directory.resolve("s.conf");
    Files.writeString(file, "sweep { name = s, " + grid + " }");
    SweepSpec spec = SweepFiles.load(file, List.of());
    return GridCommand.estimateCoreSeconds(spec.grid(), lanes);
  }

  @Test
  void lanesShortenTheEstimateOfEveryTopologyWithManySeeds() throws IOException {
    String paper = "seeds = { from = 0, count = 4000 }";
    double alone = seconds(paper, 1);
    double lanes = seconds(paper, 16);
    // The lane model (fitted on CostBench) against one training alone: LaneBench measures 4.0–4.4× on the paper's
    // ReLU trials, less a training's cost beyond its epochs, which lanes do not share.
    assertTrue(alone / lanes > 2.5 && alone / lanes < 4.5, "the gain of a ReLU sweep in lanes: " + alone / lanes);
    double tanh = seconds(paper + ", activation = tanh", 1) / seconds(paper + ", activation = tanh", 16);
    assertTrue(tanh > 1.5, "tanh in lanes: " + tanh);
    for (String wiring : new String[] {"dag", "repository"}) {
      String run = "topology = " + wiring + ", seeds = { from = 0, count = 64 }";
      double gain = seconds(run, 1) / seconds(run, 16);
      assertTrue(gain > 2.5, wiring + " trains in lanes too: " + gain);
    }
  }

  @Test
  void noLanesWithoutThemOrWithFewerSeedsThanAVector() throws IOException {
    assertEquals(seconds("seeds = [0, 1, 2, 3]", 1), seconds("seeds = [0, 1, 2, 3]", 16), 0.0,
        "fewer seeds than a vector");
  }

  @Test
  void moreCoresEstimateLessWallTimeAndAFileAChunkInTheChunkPlansPartitions() throws IOException {
    SweepSpec landscape = SweepFiles.load(Path.of("conf/landscape.conf"), List.of());
    double coreSeconds = GridCommand.estimateCoreSeconds(landscape.grid(), landscape.lanes());
    ChunkPlan plan = ChunkPlan.of(landscape);
    double[] wall = new double[4];
    int[] coreCounts = {1, 10, 100, 1000};
    for (int i = 0; i < coreCounts.length; i++) {
      int cores = coreCounts[i];
      GridCommand.ScaleEstimate estimate = GridCommand.scaleEstimate(landscape, coreSeconds, cores);
      wall[i] = estimate.wallSeconds();
      assertEquals(landscape.chunks(), estimate.files(), "one file a chunk on " + cores + " cores");
      assertEquals(plan.partitions(0, landscape.chunkSize(), cores), estimate.partitions(), cores + " cores");
      assertEquals(plan.inFlight(landscape.chunkSize(), cores), estimate.inFlight(), cores + " cores");
      assertEquals((double) landscape.chunkSize() / estimate.partitions(), estimate.trainingsPerPartition(), 1e-9);
      // 1,000 seeds a configuration: 62 groups of 16 and one of 8, cut at no chunk edge (5,000 = 5 runs).
      assertEquals(1000.0 / 63, estimate.meanLaneGroup(), 1e-9, cores + " cores");
    }
    assertEquals(461, landscape.chunks(), "2,304,000 trainings in chunks of 5,000");
    assertTrue(wall[1] < wall[0] / 5, "10 cores against one: " + Arrays.toString(wall));
    // Not a tenth of 100 cores' time: the driver's work a chunk and a task does not shrink with the cores.
    assertTrue(wall[3] < wall[1], "1,000 cores against 10: " + Arrays.toString(wall));
  }

  @Test
  void gridPrintsTheEstimateOnTheCoresAsked() throws IOException {
    Path file = directory.resolve("s.conf");
    Files.writeString(file, "sweep { name = s, seeds = { from = 0, count = 64 }, chunk-size = 32 }");
    TrainCommandTest.Run run = TrainCommandTest.run("grid", file.toString(), "--cores", "4");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("on 4 cores (the scale model): about "), run.out());
    // 32 ids, two lane groups of 16: two partitions on four cores, 2 × 4 tasks queued by four chunks in flight.
    assertTrue(run.out().contains("; 2 partitions a chunk (16 trainings each), 4 chunks in flight, 2 Parquet files"
        + " (one a chunk), 16.0 trainings a lane group; "), run.out());
    TrainCommandTest.Run one = TrainCommandTest.run("grid", file.toString(), "--cores", "1", "--set", "chunk-size=64");
    assertEquals(0, one.status(), one.err());
    assertTrue(one.out().contains("on 1 core (the scale model): about ") && one.out().contains("; 1 partition a chunk"
        + " (64 trainings each), 2 chunks in flight, 1 Parquet file (one a chunk), "), one.out());
  }

  @Test
  void coresBelowOneOrNotAWholeNumberAreRefusedNamingTheOption() throws IOException {
    Path file = directory.resolve("s.conf");
    Files.writeString(file, "sweep { name = s, seeds = [1] }");
    for (String[] bad : new String[][] {{"0", "0"}, {"-3", "-3"}, {"many", "'many'"}, {"1.5", "'1.5'"}}) {
      TrainCommandTest.Run run = TrainCommandTest.run("grid", file.toString(), "--cores", bad[0]);
      assertEquals(2, run.status(), bad[0]);
      assertEquals("structsweep grid: --cores: must be a whole number ≥ 1, found " + bad[1] + "\n",
          run.err().replace("\r\n", "\n"), bad[0]);
      assertEquals("", run.out(), "nothing printed but the error for " + bad[0]);
    }
  }
}
