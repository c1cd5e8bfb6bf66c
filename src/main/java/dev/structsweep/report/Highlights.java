package dev.structsweep.report;

import dev.structsweep.net.Precision;

import dev.structsweep.sweep.Settings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configurations a task's headline speaks of: the sparsest that at least 95 % and at least 50 % of seeds
 * solve, the paper's, and the settings of the sparsest that half solve without L1 (λ = 0).
 */
record Highlights(Optional<ConfigurationSummary> reliable, Optional<ConfigurationSummary> most,
    Optional<ConfigurationSummary> paper, Optional<ConfigurationSummary> baseline) {

  static Highlights of(String task, List<ConfigurationSummary> ofTask) {
    Optional<ConfigurationSummary> reliable = sparsestSolvedBy(ofTask, 0.95);
    Optional<ConfigurationSummary> most = sparsestSolvedBy(ofTask, 0.5);
    Optional<ConfigurationSummary> paper = PaperClaims.configuration(task, ofTask);
    Optional<ConfigurationSummary> baseline = most.filter(best -> best.lambda() != 0)
        .flatMap(best -> withoutL1(best, ofTask));
    return new Highlights(reliable, most, paper, baseline);
  }

  /**
   * The sparsest configuration that at least share of its seeds solve: the fewest median active edges (so that
   * networks of other sizes compare by what is left of them), then the larger share pruned, then more solved.
   */
  static Optional<ConfigurationSummary> sparsestSolvedBy(List<ConfigurationSummary> summaries, double share) {
    return summaries.stream()
        .filter(s -> s.trials() > 0 && s.solved() >= share * s.trials() && !Double.isNaN(s.sparsityMedian()))
        .min(Comparator.comparingDouble((ConfigurationSummary s) -> s.activeEdges().median())
            .thenComparing(Comparator.comparingDouble(ConfigurationSummary::sparsityMedian).reversed())
            .thenComparing(Comparator.comparingDouble(ConfigurationSummary::solvedShare).reversed()));
  }

  /**
   * Per architecture of a task, the configuration its panel shows one by one: the sparsest that half its seeds
   * solve, else the one solved most often (ties: the better median metric, then the sparser); what an ECDF of the
   * panel has to draw.
   */
  static List<ConfigurationSummary> ofPanels(List<ConfigurationSummary> ofTask) {
    Map<String, List<ConfigurationSummary>> panels = new LinkedHashMap<>();
    ofTask.forEach(s -> panels.computeIfAbsent(s.architecture(), k -> new ArrayList<>()).add(s));
    List<ConfigurationSummary> picks = new ArrayList<>();
    for (List<ConfigurationSummary> panel : panels.values()) {
      sparsestSolvedBy(panel, 0.5).or(() -> panel.stream().filter(s -> s.trials() > 0)
          .max(Comparator.comparingDouble(ConfigurationSummary::solvedShare)
              .thenComparingDouble(s -> Double.isNaN(s.metricMedian()) ? Double.NEGATIVE_INFINITY : s.metricMedian())
              .thenComparingDouble(s -> Double.isNaN(s.sparsityMedian()) ? -1 : s.sparsityMedian())))
          .ifPresent(picks::add);
    }
    return picks;
  }

  /** The configuration with the settings and ε of s but λ = 0, if the sweep has it. */
  static Optional<ConfigurationSummary> withoutL1(ConfigurationSummary s, List<ConfigurationSummary> summaries) {
    int lambda = Settings.CONFIGURATION.indexOf(Settings.LAMBDA);
    return summaries.stream().filter(other -> other.epsilon() == s.epsilon() && other.lambda() == 0
        && sameBut(other, s, lambda)).findFirst();
  }

  /** The configuration with the settings and ε of s but trained in float32, if the page holds it. */
  static Optional<ConfigurationSummary> inFloat32(ConfigurationSummary s, List<ConfigurationSummary> summaries) {
    int precision = Settings.CONFIGURATION.indexOf(Settings.PRECISION);
    return summaries.stream().filter(other -> other.epsilon() == s.epsilon()
        && Precision.FLOAT32.key().equals(other.setting(Settings.PRECISION)) && sameBut(other, s, precision))
        .findFirst();
  }

  /**
   * The configurations with the settings and ε of s but λ on the other side of 0 (λ = 0 for s at λ > 0, and the
   * reverse), the two smallest λ first: what the page's ECDF sets beside s.
   */
  static List<ConfigurationSummary> lambdaTwins(ConfigurationSummary s, List<ConfigurationSummary> summaries) {
    int lambda = Settings.CONFIGURATION.indexOf(Settings.LAMBDA);
    return summaries.stream().filter(other -> other.epsilon() == s.epsilon()
            && (other.lambda() == 0) != (s.lambda() == 0) && sameBut(other, s, lambda))
        .sorted(Comparator.comparingDouble(ConfigurationSummary::lambda)).limit(2).toList();
  }

  /**
   * The configurations with the settings and ε of s but another initialisation (another init-scale or
   * init-distribution, or both), if the page holds any.
   */
  static List<ConfigurationSummary> otherInitialisations(ConfigurationSummary s,
      List<ConfigurationSummary> summaries) {
    java.util.Set<Integer> initialisation = java.util.Set.of(Settings.CONFIGURATION.indexOf(Settings.INIT_SCALE),
        Settings.CONFIGURATION.indexOf(Settings.INIT_DISTRIBUTION));
    return summaries.stream().filter(other -> other.epsilon() == s.epsilon() && sameBut(other, s, initialisation)
        && !sameBut(other, s, java.util.Set.of())).toList();
  }

  /** Whether a and b have the same settings but perhaps the one at index except. */
  static boolean sameBut(ConfigurationSummary a, ConfigurationSummary b, int except) {
    return sameBut(a, b, java.util.Set.of(except));
  }

  /** Whether a and b have the same settings but perhaps those at the indices except. */
  static boolean sameBut(ConfigurationSummary a, ConfigurationSummary b, java.util.Set<Integer> except) {
    for (int i = 0; i < a.settings().size(); i++) {
      if (!except.contains(i) && !Objects.deepEquals(a.settings().get(i), b.settings().get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Each highlighted configuration once, with its roles ("sparsest solved by 95 %", "the paper's", …). */
  Map<ConfigurationSummary, List<String>> roles() {
    Map<ConfigurationSummary, List<String>> roles = new LinkedHashMap<>();
    reliable.ifPresent(s -> roles.computeIfAbsent(s, k -> new ArrayList<>()).add("sparsest solved by 95 %"));
    most.ifPresent(s -> roles.computeIfAbsent(s, k -> new ArrayList<>()).add("sparsest solved by half"));
    paper.ifPresent(s -> roles.computeIfAbsent(s, k -> new ArrayList<>()).add("the paper's"));
    baseline.ifPresent(s -> roles.computeIfAbsent(s, k -> new ArrayList<>()).add("without L1"));
    return roles;
  }
}
