package dev.structsweep.bench;

import dev.structsweep.net.Activation;
import dev.structsweep.sweep.Grid;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.sweep.SweepSpec;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What a training of a sweep costs on one core, configuration by configuration, outside Spark: of -Dconfigurations=N
 * configurations evenly spaced in the grid of -Dsweep=FILE (conf/landscape.conf by default), each run's seeds
 * trained together as a sweep trains them ({@link Trial#run(List)}: training, evaluation at every ε), after one
 * untimed pass over them all; milliseconds per training, with the terms of {@code grid}'s lane model beside it
 * (samples × epochs, edges + nodes above the input, hidden units by activation) and the model's figure.
 * Run: {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.structsweep.bench.CostBench}.
 */
public final class CostBench {
  public static void main(String[] args) {
    Path file = Path.of(System.getProperty("sweep", "conf/landscape.conf"));
    int wanted = Integer.getInteger("configurations", 96);
    int seeds = Integer.getInteger("seeds", 8);
    SweepSpec sweep = SweepFiles.load(file, List.of("seeds.count=" + seeds, "output=\"/tmp/costbench\""));
    Grid grid = sweep.grid();
    long configurations = grid.size() / seeds;
    long stride = Math.max(1, configurations / wanted);
    List<List<TrialSpec>> runs = new ArrayList<>();
    for (long c = 0; c < configurations && runs.size() < wanted; c += stride) {
      List<TrialSpec> run = new ArrayList<>();
      for (int s = 0; s < seeds; s++) {
        run.add(grid.trial(c * seeds + s));
      }
      runs.add(run);
    }
    runs.forEach(Trial::run);
    System.out.println("| task | hidden | activation | l1 | ms a training | samples × epochs | edges + nodes |"
        + " hidden units | model (ms) |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    double measured = 0;
    double modelled = 0;
    for (List<TrialSpec> run : runs) {
      long start = System.nanoTime();
      Trial.run(run);
      double ms = (System.nanoTime() - start) / 1e6 / run.size();
      TrialSpec t = run.get(0);
      double units = Arrays.stream(t.topology().layerSizes()).sum() - t.topology().inputs() + t.topology().edgeCount();
      int hidden = Arrays.stream(t.topology().layerSizes()).sum() - t.topology().inputs() - t.topology().outputs();
      double model = dev.structsweep.cli.GridCommand.laneSeconds(t) * 1e3;
      measured += ms;
      modelled += model;
      System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %.2f | %d | %.0f | %d | %.2f |%n", t.task(),
          Arrays.toString(t.hidden()), t.activation().key(), t.l1().key(), ms, (long) t.trainSize() * t.epochs(),
          units, hidden, model);
    }
    System.out.printf(Locale.ROOT, "%nmean: measured %.2f ms a training, the model %.2f ms (%.0f %%)%n",
        measured / runs.size(), modelled / runs.size(), 100 * (modelled / measured - 1));
  }
}
