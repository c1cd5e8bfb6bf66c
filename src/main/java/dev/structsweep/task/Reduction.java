package dev.structsweep.task;

import dev.structsweep.net.Dataset;
import dev.structsweep.net.Network;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Prune until it breaks: from a pruned network that solves its task, remove the smallest surviving edge, fine-tune
 * the rest ({@code reduce-epochs}, without L1, every removed edge held at 0) and keep the removal if the result still
 * solves; otherwise try the next-smallest edge, and stop when no single removal keeps it solved. What is left is the
 * smallest structure that the network's own solution contains, reached greedily. Many reductions run together, one
 * lane each: every round fine-tunes each open reduction's next attempt in one run of the engine, which gives each the
 * bits it would have alone, so a reduction's result does not depend on what it ran beside.
 */
final class Reduction {
  private Reduction() {}

  /**
   * One reduction's start: a pruned network that solves, its training data, the test that says whether a network
   * solves, and the seed of its own stream (each attempt's batch order is split from it in turn).
   */
  record Start(Network pruned, Dataset.Columns train, Predicate<Network> solves, long seed) {}

  /** Runs every reduction with trainer (the retraining's settings); result i is start i's. Nothing is modified. */
  static List<Reduced> run(List<Start> starts, Trainer trainer) {
    List<Open> all = new ArrayList<>();
    for (Start start : starts) {
      all.add(new Open(start));
    }
    List<Open> open = new ArrayList<>(all.stream().filter(o -> !o.order.isEmpty()).toList());
    while (!open.isEmpty()) {
      List<TrainingResult> results = trainer.retrain(open.stream().map(Open::candidate).toList(),
          open.stream().map(o -> o.start.train()).toList(), open.stream().map(o -> o.random.split()).toList());
      for (int i = 0; i < open.size(); i++) {
        open.get(i).attempted(results.get(i));
      }
      open.removeIf(o -> o.next >= o.order.size());
    }
    return all.stream().map(o -> new Reduced(o.current, o.attempts)).toList();
  }

  /** A reduction under way: the structure kept so far, its edges smallest first, and the next one to try. */
  private static final class Open {
    final Start start;
    final SplittableRandom random;
    Network current;
    List<int[]> order;
    int next;
    int attempts;

    Open(Start start) {
      this.start = start;
      this.random = new SplittableRandom(start.seed());
      this.current = start.pruned();
      this.order = current.edgesBySize();
    }

    /** The structure kept so far without its next edge to try. */
    Network candidate() {
      Network candidate = current.copy();
      int[] edge = order.get(next);
      candidate.weights(edge[0]).set(edge[1], edge[2], 0.0);
      return candidate;
    }

    void attempted(TrainingResult result) {
      attempts++;
      if (!result.diverged() && start.solves().test(result.network())) {
        current = result.network();
        order = current.edgesBySize();
        next = 0;
      } else {
        next++;
      }
    }
  }
}
