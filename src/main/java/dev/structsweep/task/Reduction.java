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
 * Prune until it breaks: from a pruned network that solves its task, first fine-tune it as it is ({@code
 * reduce-epochs}, without L1, its pruned edges held at 0), kept if it still solves; then remove the smallest surviving
 * edge, fine-tune the rest and keep the removal if the result still solves; otherwise try the next-smallest edge, and
 * stop when no single removal keeps it solved. What is left is the smallest structure that the network's own solution
 * contains, reached greedily, and fine-tuned. Many reductions run together, one lane each: every round fine-tunes each
 * open reduction's next attempt in one run of the engine, which gives each the bits it would have alone, so a
 * reduction's result does not depend on what it ran beside.
 */
final class Reduction {
  private Reduction() {}

  /**
   * One reduction's start: a pruned network that solves, its training data, the test that says whether a network
   * solves, and the seed of its own stream (each attempt's batch order is split from it in turn).
   */
  record Start(Network pruned, Dataset.Columns train, Predicate<Network> solves, long seed) {}

  /** A reduction's end: the last network that solved, and the fine-tunings it took. */
  record End(Network network, int attempts) {}

  /** Runs every reduction with trainer (the retraining's settings); result i is start i's. Nothing is modified. */
  static List<End> run(List<Start> starts, Trainer trainer) {
    List<Open> all = new ArrayList<>();
    for (Start start : starts) {
      all.add(new Open(start));
    }
    List<Open> open = new ArrayList<>(all);
    while (!open.isEmpty()) {
      List<TrainingResult> results = trainer.retrain(open.stream().map(Open::candidate).toList(),
          open.stream().map(o -> o.start.train()).toList(), open.stream().map(o -> o.random.split()).toList());
      for (int i = 0; i < open.size(); i++) {
        open.get(i).attempted(results.get(i));
      }
      open.removeIf(o -> o.tuned && o.next >= o.order.size());
    }
    return all.stream().map(o -> new End(o.current, o.attempts)).toList();
  }

  /**
   * A reduction under way: the structure kept so far, its edges smallest first, the next one to try, and whether the
   * start has had its fine-tuning.
   */
  private static final class Open {
    final Start start;
    final SplittableRandom random;
    Network current;
    List<int[]> order;
    int next;
    int attempts;
    boolean tuned;

    Open(Start start) {
      this.start = start;
      this.random = new SplittableRandom(start.seed());
      this.current = start.pruned();
      this.order = current.edgesBySize();
    }

    /** The start as it is, then the structure kept so far without its next edge to try. */
    Network candidate() {
      Network candidate = current.copy();
      if (!tuned) {
        return candidate;
      }
      int[] edge = order.get(next);
      candidate.weights(edge[0]).set(edge[1], edge[2], 0.0);
      return candidate;
    }

    void attempted(TrainingResult result) {
      attempts++;
      boolean solves = !result.diverged() && start.solves().test(result.network());
      if (solves) {
        current = result.network();
        order = current.edgesBySize();
        next = 0;
      } else if (tuned) {
        next++;
      }
      tuned = true;
    }
  }
}
