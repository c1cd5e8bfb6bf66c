package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code grid}'s estimate counts the lanes where a sweep trains in them (every topology), and only there. */
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
    assertEquals(2.0, alone / lanes, 0.01, "the measured gain of a ReLU sweep in lanes");
    double tanh = seconds(paper + ", activation = tanh", 1) / seconds(paper + ", activation = tanh", 16);
    assertTrue(tanh > 1.5, "tanh in lanes: " + tanh);
    for (String wiring : new String[] {"dag", "repository"}) {
      String run = "topology = " + wiring + ", seeds = { from = 0, count = 64 }";
      assertEquals(2.0, seconds(run, 1) / seconds(run, 16), 0.01, wiring + " trains in lanes too");
    }
  }

  @Test
  void noLanesWithoutThemOrWithFewerSeedsThanAVector() throws IOException {
    assertEquals(seconds("seeds = [0, 1, 2, 3]", 1), seconds("seeds = [0, 1, 2, 3]", 16), 0.0,
        "fewer seeds than a vector");
  }
}
