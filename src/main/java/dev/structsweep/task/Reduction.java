package dev.structsweep.task;

import dev.structsweep.net.Dataset;
import dev.structsweep.net.Network;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingResult;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.ejml.data.DMatrixRMaj;

/**
 * Two ways to shrink a solved structure by retraining it without L1, its removed edges held at 0:
 * <ul>
 *   <li>prune until it breaks ({@code reduce-epochs}, {@link #greedy}): first fine-tune the pruned network as it is,
 *       kept if it still solves; then remove the smallest surviving edge, fine-tune the rest and keep the removal if
 *       the result still solves, otherwise try the next-smallest edge, and stop when no single removal keeps it
 *       solved: the smallest structure the network's own solution contains, reached greedily, and fine-tuned;</li>
 *   <li>iterative magnitude pruning with rewinding ({@code imp.rate}, {@code imp.rewind}, {@link #magnitude}; Frankle
 *       and Carbin, 2019; Frankle et al., 2020): each round removes the smallest share of the surviving edges, sets the
 *       survivors back to their weights at the rewinding epoch and retrains them; rounds go on while the result
 *       solves, and the last structure that did is the result.</li>
 * </ul>
 * Many searches run together, one lane each: every round retrains each open search's next attempt in one run of the
 * engine, which gives each the bits it would have alone, so a search's result does not depend on what it ran beside.
 */
final class Reduction {
  private Reduction() {}

  /**
   * One search's start: a pruned network that solves, its training data, the test that says whether a network
   * solves, and the seed of its own stream (each attempt's batch order is split from it in turn).
   */
  record Start(Network pruned, Dataset.Columns train, Predicate<Network> solves, long seed) {}

  /** A search's end: the last network that solved, and the retrainings it took. */
  record End(Network network, int attempts) {}

  /** Prune until it breaks, from every start, with trainer (the retraining's settings); end i is start i's. */
  static List<End> greedy(List<Start> starts, Trainer trainer) {
    return run(starts.stream().<Search>map(Greedy::new).toList(), trainer);
  }

  /**
   * Iterative magnitude pruning from every start, removing the share rate of the surviving edges a round and
   * rewinding the survivors to rewound.get(i) (start i's network at the rewinding epoch); end i is start i's.
   */
  static List<End> magnitude(List<Start> starts, List<Network> rewound, double rate, Trainer trainer) {
    List<Search> searches = new ArrayList<>();
    for (int i = 0; i < starts.size(); i++) {
      searches.add(new Magnitude(starts.get(i), rewound.get(i), rate));
    }
    return run(searches, trainer);
  }

  private static List<End> run(List<Search> all, Trainer trainer) {
    List<Search> open = new ArrayList<>(all.stream().filter(s -> !s.done()).toList());
    while (!open.isEmpty()) {
      List<TrainingResult> results = trainer.retrain(open.stream().map(Search::candidate).toList(),
          open.stream().map(s -> s.start.train()).toList(), open.stream().map(s -> s.random.split()).toList());
      for (int i = 0; i < open.size(); i++) {
        Search search = open.get(i);
        search.attempts++;
        TrainingResult result = results.get(i);
        search.attempted(result, !result.diverged() && search.start.solves().test(result.network()));
      }
      open.removeIf(Search::done);
    }
    return all.stream().map(s -> new End(s.current, s.attempts)).toList();
  }

  /** A search under way: the structure kept so far, and the retrainings taken. */
  private abstract static class Search {
    final Start start;
    final SplittableRandom random;
    Network current;
    int attempts;

    Search(Start start) {
      this.start = start;
      this.random = new SplittableRandom(start.seed());
      this.current = start.pruned();
    }

    /** The next network to retrain. */
    abstract Network candidate();

    /** What the retraining of the last candidate gave, and whether it solves. */
    abstract void attempted(TrainingResult result, boolean solves);

    abstract boolean done();
  }

  /** Prune until it breaks: the kept structure's edges smallest first, the next one to try, and whether tuned. */
  private static final class Greedy extends Search {
    List<int[]> order;
    int next;
    boolean tuned;

    Greedy(Start start) {
      super(start);
      this.order = current.edgesBySize();
    }

    /** The start as it is, then the structure kept so far without its next edge to try. */
    @Override
    Network candidate() {
      Network candidate = current.copy();
      if (tuned) {
        int[] edge = order.get(next);
        candidate.weights(edge[0]).set(edge[1], edge[2], 0.0);
      }
      return candidate;
    }

    @Override
    void attempted(TrainingResult result, boolean solves) {
      if (solves) {
        current = result.network();
        order = current.edgesBySize();
        next = 0;
      } else if (tuned) {
        next++;
      }
      tuned = true;
    }

    @Override
    boolean done() {
      return tuned && next >= order.size();
    }
  }

  /** Iterative magnitude pruning: the rewinding point, the share a round removes, and whether a round failed. */
  private static final class Magnitude extends Search {
    final Network rewound;
    final double rate;
    boolean failed;

    Magnitude(Start start, Network rewound, double rate) {
      super(start);
      this.rewound = rewound;
      this.rate = rate;
    }

    /**
     * The rewinding point's weights on the kept structure's edges but its smallest share rate (at least one), exactly
     * 0 on the others; the rewinding point's biases.
     */
    @Override
    Network candidate() {
      List<int[]> edges = current.edgesBySize();
      int remove = Math.max(1, (int) Math.floor(rate * edges.size()));
      Network mask = current.copy();
      for (int[] e : edges.subList(0, remove)) {
        mask.weights(e[0]).set(e[1], e[2], 0.0);
      }
      Network candidate = rewound.copy();
      for (int k = 0; k < candidate.topology().matrices(); k++) {
        DMatrixRMaj w = candidate.weights(k);
        double[] kept = mask.weights(k).data;
        for (int i = 0; i < w.data.length; i++) {
          if (kept[i] == 0.0) {
            w.data[i] = 0.0;
          }
        }
      }
      return candidate;
    }

    @Override
    void attempted(TrainingResult result, boolean solves) {
      if (solves) {
        current = result.network();
      } else {
        failed = true;
      }
    }

    @Override
    boolean done() {
      return failed || current.edgesBySize().size() <= 1;
    }
  }
}
