package dev.structsweep.bench;

import dev.structsweep.sweep.Grid;
import dev.structsweep.task.TrialSpec;
import java.util.ArrayList;
import java.util.List;

/** A sweep's trials cut as the sweep cuts them into runs: consecutive ids that differ in their seeds alone. */
final class SweepRuns {
  private SweepRuns() {}

  /** The runs of grid in id order, each of at most lanes trials (Integer.MAX_VALUE: a whole configuration). */
  static List<List<TrialSpec>> of(Grid grid, int lanes) {
    List<List<TrialSpec>> runs = new ArrayList<>();
    for (long id = 0; id < grid.size(); ) {
      TrialSpec first = grid.trial(id);
      List<TrialSpec> run = new ArrayList<>();
      while (id < grid.size() && run.size() < lanes && grid.trial(id).withSeed(first.seed()).equals(first)) {
        run.add(grid.trial(id++));
      }
      runs.add(run);
    }
    return runs;
  }
}
