package dev.structsweep.bench;

import dev.structsweep.sweep.Grid;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A sweep file's trainings through {@link Trial#run(List)} in lane groups of up to 16, in one JVM and
 * without Spark: the ms a training of the first groups (the JIT's warm-up) and of every 1,000 after, to set beside a
 * whole sweep command's time (BENCHMARKS.md, "A class-data archive"). Run:
 * {@code java … -cp target/classes:target/test-classes:… dev.structsweep.bench.TrialGroups SWEEP.conf}.
 * Groups are cut as a sweep cuts them: consecutive ids that differ in their seeds alone.
 */
public final class TrialGroups {
  private static final int LANES = 16;
  private static final int FIRST_GROUPS = 4;

  public static void main(String[] args) {
    Grid grid = SweepFiles.load(Path.of(args[0]), List.of()).grid();
    long size = grid.size();
    long start = System.nanoTime();
    long since = start;
    long sinceId = 0;
    long end = 0;
    int groups = 0;
    for (List<TrialSpec> group : SweepRuns.of(grid, LANES)) {
      Trial.run(group);
      end += group.size();
      if (groups++ < FIRST_GROUPS || end / 1000 > sinceId / 1000 || end == size) {
        long now = System.nanoTime();
        System.out.printf(Locale.ROOT, "trainings %,d–%,d: %.3f ms a training%n", sinceId, end,
            (now - since) / 1e6 / (end - sinceId));
        since = now;
        sinceId = end;
      }
    }
    System.out.printf(Locale.ROOT, "all %,d: %.3f ms a training%n", size, (System.nanoTime() - start) / 1e6 / size);
  }
}
