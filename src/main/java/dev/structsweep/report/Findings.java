package dev.structsweep.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The headline of one task in words, from its summaries: what L1 removes where it still solves as often as
 * without it, what it costs in local minima, the sparsest configurations that most and nearly all seeds solve,
 * and where the paper's single run falls among the seeds. Every rate comes with its count, its interval and the
 * threshold it depends on.
 */
final class Findings {
  private Findings() {}

  /** The sentences of task, given its summaries at every ε, its highlights and its seeds (by key). */
  static List<String> of(String task, Thresholds thresholds, List<ConfigurationSummary> ofTask, Highlights highlights,
      Map<String, List<Seeds.Seed>> seeds) {
    List<String> sentences = new ArrayList<>();
    freeSparsity(ofTask).ifPresentOrElse(sentences::add, () -> sentences.add(noFreeSparsity(ofTask)));
    sentences.addAll(costInLocalMinima(ofTask));
    if (highlights.most().isEmpty()) {
      sentences.add(sparsest(highlights.most(), "at least half (nor 95\u00a0%)", ofTask));
    } else {
      sentences.add(sparsest(highlights.reliable(), "at least 95\u00a0%", ofTask));
      if (highlights.reliable().isEmpty() || highlights.most().get() != highlights.reliable().get()) {
        sentences.add(sparsest(highlights.most(), "at least half", ofTask));
      }
    }
    PaperClaims.PAPER.stream().filter(claim -> claim.task().key().equals(task)).findFirst()
        .ifPresent(claim -> sentences.add(paper(claim, highlights.paper(), seeds, thresholds)));
    highlights.paper().flatMap(paper -> nearMisses(paper, seeds.get(paper.key()), thresholds))
        .ifPresent(sentences::add);
    PaperClaims.REPOSITORY.stream().filter(claim -> claim.task().key().equals(task)).findFirst()
        .flatMap(claim -> repository(claim, ofTask, seeds)).ifPresent(sentences::add);
    roundBinaryCap(ofTask).ifPresent(sentences::add);
    knownMinimum(ofTask).ifPresent(sentences::add);
    retraining(ofTask, seeds).ifPresent(sentences::add);
    exactZeros(ofTask).ifPresent(sentences::add);
    return sentences;
  }

  /**
   * XOR under the cited repository's rule: the most corners any seed gets right, over every such configuration at
   * its smallest ε, and why a bias-free network of 0/1 weights cannot get the fourth.
   */
  static Optional<String> roundBinaryCap(List<ConfigurationSummary> ofTask) {
    List<ConfigurationSummary> rounded = ofTask.stream()
        .filter(s -> dev.structsweep.net.L1Rule.ROUND_BINARY.key().equals(s.l1()) && s.corners() != null)
        .toList();
    if (rounded.isEmpty()) {
      return Optional.empty();
    }
    double epsilon = rounded.stream().mapToDouble(ConfigurationSummary::epsilon).min().getAsDouble();
    long[] corners = new long[5];
    long trials = 0;
    double bestAccuracy = Double.NaN;
    for (ConfigurationSummary s : rounded) {
      if (s.epsilon() != epsilon) {
        continue;
      }
      trials += s.trials();
      for (int k = 0; k <= 4; k++) {
        corners[k] += s.corners()[k];
      }
      bestAccuracy = Double.isNaN(bestAccuracy) ? s.metricSpread().max() : Math.max(bestAccuracy, s.metricSpread().max());
    }
    int most = 4;
    while (most > 0 && corners[most] == 0) {
      most--;
    }
    String why = most <= 3 ? " A network without biases whose weights are all 0 or 1 is monotone in its inputs, so"
        + " (1,1) scores at least what (0,1) does and one corner is always wrong: its accuracy is capped near 75 %,"
        + " which is the paper's 74.5 %." : " That breaks the cap of a monotone network: its weights are not all 0"
        + " or 1 at the end (the last rounding was not the last step), or it has biases.";
    List<String> each = new ArrayList<>();
    for (ConfigurationSummary s : rounded) {
      if (s.epsilon() == epsilon) {
        each.add(String.format(Locale.ROOT, "%s: median accuracy %s with %s of %d edges", s.label(),
            Format.measured(s.metricMedian()), Format.measured(s.activeEdges().median()), s.edges()));
      }
    }
    String count = most == 4
        ? String.format(Locale.ROOT, "%d of %d seeds get all 4 of XOR's clean corners right at ε = %s", corners[4],
            trials, Format.number(epsilon))
        : String.format(Locale.ROOT, "no seed of %d gets more than %d of XOR's 4 clean corners right at ε = %s (%d get"
            + " %d)", trials, most, Format.number(epsilon), corners[most], most);
    return Optional.of(String.format(Locale.ROOT, "Under the cited repository's rule (round-binary), %s; the best test"
        + " accuracy is %s (%s).%s", count, Format.measured(bestAccuracy), String.join("; ", each), why));
  }

  /**
   * Per architecture whose minimum is known, the configuration with the most solved seeds at it (ties: the most
   * often solved), or that none reaches it.
   */
  static Optional<String> knownMinimum(List<ConfigurationSummary> ofTask) {
    Map<String, ConfigurationSummary> best = new TreeMap<>();
    for (ConfigurationSummary s : ofTask) {
      if (s.structure().minimumEdges() > 0 && s.solved() > 0) {
        best.merge(s.architecture(), s, (a, b) -> Comparator.comparingLong((ConfigurationSummary c) ->
            c.structure().atMinimum()).thenComparingDouble(ConfigurationSummary::solvedShare).compare(a, b) >= 0 ? a : b);
      }
    }
    if (best.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    best.forEach((architecture, s) -> parts.add(String.format(Locale.ROOT, "on %s, %d edges, reached by %d of the %d"
            + " solved seeds of %s at ε = %s", architecture, s.structure().minimumEdges(), s.structure().atMinimum(),
        s.solved(), s.label(), Format.number(s.epsilon()))));
    return Optional.of("The fewest edges that solve " + ofTask.get(0).task() + " (known minima): "
        + String.join("; ", parts) + ".");
  }

  /**
   * Retraining, per architecture: the configuration whose pruned structure, fine-tuned, solves most often (ties: the
   * one with fewer median active edges, then the one whose seeds most often fit to three nines), with its lottery
   * ticket beside it. Three nines: R² ≥ 0.999, or an accuracy of 1.
   */
  static Optional<String> retraining(List<ConfigurationSummary> ofTask, Map<String, List<Seeds.Seed>> seeds) {
    Map<String, ConfigurationSummary> best = new TreeMap<>();
    Comparator<ConfigurationSummary> order = Comparator.comparingDouble((ConfigurationSummary s) ->
            (double) s.structure().fineTuned() / s.structure().retrained())
        .thenComparingDouble(s -> -s.activeEdges().median())
        .thenComparingLong(s -> threeNines(s, seeds.get(s.key())));
    for (ConfigurationSummary s : ofTask) {
      if (s.structure().retrained() > 0) {
        best.merge(s.architecture(), s, (a, b) -> order.compare(a, b) >= 0 ? a : b);
      }
    }
    if (best.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    best.values().forEach(s -> {
      ConfigurationSummary.Structure r = s.structure();
      List<Seeds.Seed> trials = seeds.get(s.key());
      String nines = trials == null ? "" : String.format(Locale.ROOT, "; %s %s in %d of its %d seeds",
          metricName(s.metric()), "r2".equals(s.metric()) ? "≥ 0.999" : "= 1", threeNines(s, trials), trials.size());
      parts.add(String.format(Locale.ROOT, "the structure that %s leaves at ε = %s (a median %s of %d edges) solves in"
              + " %s seeds from its trained weights (median %s %s%s), against %s pruned before retraining, and in %s"
              + " from its initial weights, the lottery ticket (median %s)",
          s.label(), Format.number(s.epsilon()), Format.measured(s.activeEdges().median()), s.edges(),
          rate(r.fineTuned(), r.retrained()), metricName(s.metric()), Format.measured(r.fineTunedMetric().median()),
          nines,
          count(s.solved(), s.trials()), rate(r.ticket(), r.retrained()), Format.measured(r.ticketMetric().median())));
    });
    return Optional.of("Retrained without L1: " + String.join("; ", parts) + ".");
  }

  /** A metric as sentences write it: "R²", "accuracy". */
  private static String metricName(String metric) {
    return "r2".equals(metric) ? "R²" : metric;
  }

  /** Seeds whose fine-tuned network fits to three nines: R² ≥ 0.999, or an accuracy of 1. */
  private static long threeNines(ConfigurationSummary s, List<Seeds.Seed> trials) {
    if (trials == null) {
      return 0;
    }
    double level = "r2".equals(s.metric()) ? 0.999 : 1.0;
    return trials.stream().filter(seed -> seed.fineTuned() >= level).count();
  }

  /** The cited repository's own figures among the seeds of each configuration of its model and rule. */
  static Optional<String> repository(PaperClaims.PaperClaim claim, List<ConfigurationSummary> ofTask,
      Map<String, List<Seeds.Seed>> seeds) {
    List<ConfigurationSummary> ours = PaperClaims.matching(claim, ofTask);
    if (ours.isEmpty()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    for (ConfigurationSummary s : ours) {
      String part = String.format(Locale.ROOT, "%s gives a median %s %s with %s of %d edges", s.label(),
          metricName(s.metric()), Format.measured(s.metricMedian()), Format.measured(s.activeEdges().median()),
          s.edges());
      List<Seeds.Seed> trials = seeds.get(s.key());
      if (trials != null) {
        Statistics.Rank rank = Statistics.rank(claim.metric(), trials.stream().mapToDouble(Seeds.Seed::metric).toArray());
        part += String.format(Locale.ROOT, ", and %s of its %d seeds reach the README's figure or better",
            Format.percent(1 - rank.below()), rank.of());
      }
      parts.add(part);
    }
    return Optional.of(String.format(Locale.ROOT, "The README of the code the paper cites reports %s with %s edges for"
        + " its model and rounding rule. Here %s.", claim.metricText(), claim.edgesText(), String.join("; ", parts)));
  }

  /** Under the rules that make exact zeros, how often the edges pruned at ε are exactly the zero weights. */
  static Optional<String> exactZeros(List<ConfigurationSummary> ofTask) {
    List<String> rules = List.of(dev.structsweep.net.L1Rule.PROXIMAL.key(),
        dev.structsweep.net.L1Rule.ADAPTIVE_PROXIMAL.key(), dev.structsweep.net.L1Rule.GROUP.key());
    List<String> parts = new ArrayList<>();
    for (String rule : rules) {
      List<ConfigurationSummary> ofRule = ofTask.stream()
          .filter(s -> rule.equals(s.l1()) && s.lambda() > 0 && s.structure().kept() > 0).toList();
      if (ofRule.isEmpty()) {
        continue;
      }
      double epsilon = ofRule.stream().mapToDouble(ConfigurationSummary::epsilon).min().getAsDouble();
      long agree = 0;
      long kept = 0;
      for (ConfigurationSummary s : ofRule) {
        if (s.epsilon() == epsilon) {
          agree += s.structure().exactZeros();
          kept += s.structure().kept();
        }
      }
      parts.add(String.format(Locale.ROOT, "%s in %s at ε = %s", rule, count(agree, kept), Format.number(epsilon)));
    }
    return parts.isEmpty() ? Optional.empty() : Optional.of("The edges ε prunes are exactly the weights that are 0"
        + " (λ > 0, trainings that did not diverge and in which ε prunes something): " + String.join("; ", parts) + ".");
  }

  /**
   * The λ &gt; 0 configuration with the largest median sparsity among those that solve at least as often as the
   * lower end of the 95 % interval of the same settings at λ = 0.
   */
  static Optional<String> freeSparsity(List<ConfigurationSummary> ofTask) {
    ConfigurationSummary best = null;
    ConfigurationSummary bestBaseline = null;
    for (ConfigurationSummary s : ofTask) {
      if (s.lambda() == 0 || s.trials() == 0 || Double.isNaN(s.sparsityMedian())) {
        continue;
      }
      Optional<ConfigurationSummary> baseline = Highlights.withoutL1(s, ofTask);
      if (baseline.isEmpty() || baseline.get().trials() == 0) {
        continue;
      }
      // Some seeds must solve on both sides: 0 of n at λ = 0 has an interval reaching 0, which anything matches.
      if (s.solved() > 0 && baseline.get().solved() > 0
          && s.solvedShare() >= baseline.get().outcomes().solvedRate().low()
          && (best == null || s.sparsityMedian() > best.sparsityMedian()
          || (s.sparsityMedian() == best.sparsityMedian() && s.solvedShare() > best.solvedShare()))) {
        best = s;
        bestBaseline = baseline.get();
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "L1 removes a median %s of the edges of %s (%s of %d remain) at"
            + " λ = %s (%s, ε = %s) while %s solve, as often as without L1 within its 95\u00a0%% interval: %s at λ = 0,"
            + " where a median %s is pruned.",
        Format.percent(best.sparsityMedian()), best.architecture(), Format.measured(best.activeEdges().median()),
        best.edges(), Format.number(best.lambda()), best.label(), Format.number(best.epsilon()),
        rate(best.solved(), best.trials()), rate(bestBaseline.solved(), bestBaseline.trials()),
        Format.percent(bestBaseline.sparsityMedian())));
  }

  private static String noFreeSparsity(List<ConfigurationSummary> ofTask) {
    boolean hasL1 = ofTask.stream().anyMatch(s -> s.lambda() > 0);
    // A baseline is λ = 0 with every other setting of some λ > 0 configuration.
    boolean hasBaseline = ofTask.stream().anyMatch(s -> s.lambda() > 0 && Highlights.withoutL1(s, ofTask).isPresent());
    if (!hasBaseline || !hasL1) {
      return (hasL1 ? "No configuration with λ > 0 has the same settings at λ = 0 beside it" : "No configuration has"
          + " λ > 0") + ", so what L1 removes cannot be set against training without it.";
    }
    return "No configuration with λ > 0 solves as often as the same settings without L1 (it falls below the lower"
        + " end of the 95\u00a0% interval at λ = 0).";
  }

  /**
   * Per architecture, at the smallest ε: the largest λ against λ = 0 in the configurations that differ in λ
   * alone: the stuck rate, and what is pruned.
   */
  static List<String> costInLocalMinima(List<ConfigurationSummary> ofTask) {
    double epsilon = ofTask.stream().mapToDouble(ConfigurationSummary::epsilon).min().orElse(Double.NaN);
    Map<String, List<ConfigurationSummary[]>> pairs = new TreeMap<>(Comparator.comparingInt(String::length)
        .thenComparing(Comparator.naturalOrder()));
    Map<String, Double> largest = new TreeMap<>();
    for (ConfigurationSummary s : ofTask) {
      if (s.epsilon() == epsilon) {
        largest.merge(s.architecture(), s.lambda(), Math::max);
      }
    }
    for (ConfigurationSummary s : ofTask) {
      // Trainings written before the classes existed have no stuck count to compare.
      if (s.epsilon() == epsilon && s.lambda() > 0 && s.lambda() == largest.get(s.architecture())
          && s.outcomes().unclassified() == 0) {
        Highlights.withoutL1(s, ofTask).filter(baseline -> baseline.outcomes().unclassified() == 0)
            .ifPresent(baseline -> pairs.computeIfAbsent(s.architecture(), k -> new ArrayList<>())
                .add(new ConfigurationSummary[] {baseline, s}));
      }
    }
    List<String> sentences = new ArrayList<>();
    for (Map.Entry<String, List<ConfigurationSummary[]>> entry : pairs.entrySet()) {
      List<ConfigurationSummary[]> list = entry.getValue();
      ConfigurationSummary[] change = list.stream().max(Comparator.comparingDouble(pair -> Math.abs(
          share(pair[1].outcomes().stuck(), pair[1].trials()) - share(pair[0].outcomes().stuck(), pair[0].trials()))))
          .orElseThrow();
      ConfigurationSummary without = change[0];
      ConfigurationSummary with = change[1];
      String where = list.size() == 1 ? "On " + entry.getKey() + "," : String.format(Locale.ROOT,
          "On %s, of the %d configurations that differ from one without L1 in λ alone, the largest change is in %s:",
          entry.getKey(), list.size(), with.label());
      double before = share(without.outcomes().stuck(), without.trials());
      double after = share(with.outcomes().stuck(), with.trials());
      sentences.add(String.format(Locale.ROOT, "%s λ = %s prunes a median %s of the edges and %s the stuck rate"
              + " (local minima) from %s to %s; %s still improving at the end against %s without L1 (ε = %s).",
          where, Format.number(with.lambda()), Format.percent(with.sparsityMedian()),
          after > before ? "raises" : after < before ? "lowers" : "leaves",
          rate(without.outcomes().stuck(), without.trials()), rate(with.outcomes().stuck(), with.trials()),
          count(with.outcomes().improving(), with.trials()), count(without.outcomes().improving(), without.trials()),
          Format.number(epsilon)));
    }
    return sentences;
  }

  private static String sparsest(Optional<ConfigurationSummary> best, String share,
      List<ConfigurationSummary> ofTask) {
    if (best.isEmpty()) {
      Optional<ConfigurationSummary> top = ofTask.stream().filter(s -> s.trials() > 0)
          .max(Comparator.comparingDouble(ConfigurationSummary::solvedShare));
      // "Most often solved" of a best count of 0 would name an arbitrary configuration as if it did something.
      return "No configuration is solved by " + share + " of its seeds" + top.map(s -> s.solved() == 0
          ? "; no seed of any configuration solves it."
          : "; the most often solved is " + s.label() + " at ε = " + Format.number(s.epsilon()) + ": "
              + rate(s.solved(), s.trials()) + ".").orElse(".");
    }
    ConfigurationSummary s = best.get();
    return String.format(Locale.ROOT, "The sparsest configuration that %s of its seeds solve is %s at ε = %s: %s"
            + " solve, with a median %s of %d edges active (%s pruned).",
        share, s.label(), Format.number(s.epsilon()), rate(s.solved(), s.trials()),
        Format.measured(s.activeEdges().median()), s.edges(), Format.percent(s.sparsityMedian()));
  }

  /** The paper's figures as places among the seeds of its configuration, with a verdict. */
  static String paper(PaperClaims.PaperClaim claim, Optional<ConfigurationSummary> ours,
      Map<String, List<Seeds.Seed>> seeds, Thresholds thresholds) {
    if (ours.isEmpty()) {
      return "The paper reports " + claim.metricText() + " with " + claim.edgesActive() + "; this sweep"
          + " does not include its configuration (Adam, subgradient L1, λ = 0.01, η = 0.001, full batch, ε = 0.01).";
    }
    ConfigurationSummary s = ours.get();
    List<Seeds.Seed> trials = seeds.get(s.key());
    String solvedRate = rate(s.solved(), s.trials()) + " of its seeds solve it (" + thresholds.solvedText(s.task())
        + ")";
    if (trials == null) {
      return String.format(Locale.ROOT, "The paper reports %s with %s from one run of %s; here %s, at a"
          + " median %s.", claim.metricText(), claim.edgesActive(), s.label(), solvedRate, Format.measured(s.metricMedian()));
    }
    double[] metric = trials.stream().mapToDouble(Seeds.Seed::metric).toArray();
    // A diverged seed (its metric not a number) has no edge count worth comparing either.
    double[] edges = trials.stream().mapToDouble(seed -> Double.isNaN(seed.metric()) ? Double.NaN
        : seed.activeEdges()).toArray();
    Statistics.Rank metricRank = Statistics.rank(claim.metric(), metric);
    Statistics.Rank edgeRank = Statistics.rank(claim.activeEdges(), edges);
    return String.format(Locale.ROOT, "The paper's single run of %s reports %s with %s. Among our %d"
            + " seeds at ε = %s, %s score below that and %s above it, and %s have fewer active edges and %s more: %s%s"
            + " Here %s.",
        s.label(), claim.metricText(), claim.edgesActive(), metricRank.of(), Format.number(s.epsilon()),
        Format.percent(metricRank.below()), Format.percent(metricRank.above()), Format.percent(edgeRank.below()),
        Format.percent(edgeRank.above()), verdict(metricRank), edgeVerdict(edgeRank), solvedRate);
  }

  /** Typical, lucky or unlucky, by where the paper's metric falls among the seeds. */
  static String verdict(Statistics.Rank rank) {
    if (rank.of() == 0) {
      return "no seed of ours has a figure to set beside the paper's.";
    }
    if (rank.below() >= 0.9) {
      return "the paper's figure is better than at least 90\u00a0% of the seeds reach, a lucky run.";
    }
    if (rank.above() >= 0.9) {
      return "the paper's figure is worse than at least 90\u00a0% of the seeds reach, an unlucky run or other settings.";
    }
    return "the paper's figure is a typical outcome of its setting, not luck.";
  }

  /**
   * How many of a configuration's unsolved seeds miss the threshold by at most 0.01: when they are most, its
   * "local minima" are near misses, and the rate says more about the threshold than about training.
   */
  static Optional<String> nearMisses(ConfigurationSummary s, List<Seeds.Seed> trials, Thresholds thresholds) {
    if (trials == null) {
      return Optional.empty();
    }
    double threshold = dev.structsweep.task.TaskKind.find(s.task()).orElse(null)
        == dev.structsweep.task.TaskKind.ADDITION ? thresholds.r2() : thresholds.accuracy();
    long unsolved = trials.stream().filter(t -> Double.isFinite(t.metric()) && t.metric() < threshold).count();
    long near = trials.stream().filter(t -> Double.isFinite(t.metric()) && t.metric() < threshold
        && t.metric() >= threshold - 0.01).count();
    if (unsolved == 0) {
      return Optional.empty();
    }
    return Optional.of(String.format(Locale.ROOT, "Of its %d unsolved seeds that did not diverge, %d (%s) %s within"
            + " 0.01 of the threshold (%s ≥ %s)%s.", unsolved, near, Format.percent((double) near / unsolved),
        near == 1 ? "is" : "are", s.metric().equals("r2") ? "R²" : s.metric(),
        Format.number(Math.round((threshold - 0.01) * 1e9) / 1e9),
        2 * near > unsolved ? ": most of what the threshold calls failures are near misses" : ""));
  }

  /** What the paper's edge count says, when it is unusual among the seeds; else nothing. */
  static String edgeVerdict(Statistics.Rank rank) {
    if (rank.below() >= 0.9) {
      return " Its edge count, though, is more than 90\u00a0% of the seeds keep.";
    }
    if (rank.above() >= 0.9) {
      return " Its edge count, though, is fewer than 90\u00a0% of the seeds keep.";
    }
    return "";
  }

  /** "9 of 20 (45 %, 95 % CI 26–66 %)". */
  static String rate(long k, long n) {
    Statistics.Interval interval = Statistics.wilson(k, n);
    return k + " of " + n + " (" + Format.percent(interval.estimate()) + ", 95\u00a0% CI " + Format.range(interval) + ")";
  }

  /** "4 of 20". */
  private static String count(long k, long n) {
    return k + " of " + n;
  }

  private static double share(long k, long n) {
    return n == 0 ? 0 : (double) k / n;
  }

  /**
   * What solved and stuck mean in this sweep, the thresholds every rate depends on; and the ε at which the history
   * counts active edges (the sweep's first).
   */
  record Thresholds(double accuracy, double r2, double stuckTolerance, double historyEpsilon) {
    String solvedText(String task) {
      return dev.structsweep.task.TaskKind.find(task).orElse(null) == dev.structsweep.task.TaskKind.ADDITION
          ? "solved: pruned test R² ≥ " + Format.number(r2)
          : "solved: pruned test accuracy ≥ " + Format.number(accuracy);
    }
  }
}
