package dev.structsweep.report;

import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.TaskKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The answers a page gives first, before any chart: one card per task and architecture, of at most
 * {@value #MAX_WORDS} words, saying what L1 removes (median active edges, q1–q3) at what cost in solved rate, and the
 * stuck rate with and without L1, each with its interval; where the page holds no λ = 0 beside λ &gt; 0 it answers
 * with what it holds and says what would complete it. Where the page holds the paper's setting, three questions come
 * first: why the paper's figure, what L1 costs there, and the sparsest structure that trains reliably. Configurations
 * are named by what differs among them on the page, their full settings a hover away. All at the headline's ε.
 */
final class AnswerCards {
  /** The most words a card's answer may hold. */
  static final int MAX_WORDS = 60;

  private AnswerCards() {}

  /** A card: its title, the answer's key figures in one line, the answer, and the configurations it names. */
  record Card(String title, String figures, String answer, List<Named> names) {
    Map<String, Object> toMap() {
      Map<String, Object> map = new LinkedHashMap<>();
      map.put("title", title);
      map.put("figures", figures);
      map.put("answer", answer);
      map.put("names", names.stream().map(n -> Map.of("name", n.name(), "full", n.full())).toList());
      return map;
    }
  }

  /** A configuration's short name on this page and its full settings. */
  record Named(String name, String full) {}

  /**
   * The ε the answers speak of: the paper's (0.01) when the page evaluates it, else the page's smallest.
   */
  static double headlineEpsilon(List<ConfigurationSummary> summaries) {
    double paper = PaperClaims.PAPER.get(0).epsilon();
    if (summaries.stream().anyMatch(s -> s.epsilon() == paper)) {
      return paper;
    }
    return summaries.stream().mapToDouble(ConfigurationSummary::epsilon).min().orElse(paper);
  }

  /**
   * The three questions of a page that holds the paper's setting, and a fourth where it holds that setting in float32
   * too; none otherwise.
   */
  static List<Card> questions(Map<String, List<ConfigurationSummary>> byTask, Map<String, Highlights> highlights,
      Map<String, List<Seeds.Seed>> seeds, double epsilon) {
    List<Card> cards = new ArrayList<>();
    List<String> why = new ArrayList<>();
    List<String> cost = new ArrayList<>();
    List<String> sparsest = new ArrayList<>();
    List<Named> whyNames = new ArrayList<>();
    List<Named> costNames = new ArrayList<>();
    List<Named> sparsestNames = new ArrayList<>();
    List<String> whyFigures = new ArrayList<>();
    List<String> typical = new ArrayList<>();
    List<String> costFigures = new ArrayList<>();
    List<String> sparsestFigures = new ArrayList<>();
    List<String> precision = new ArrayList<>();
    List<String> precisionFigures = new ArrayList<>();
    List<Named> precisionNames = new ArrayList<>();
    List<String> initialisation = new ArrayList<>();
    List<String> initialisationFigures = new ArrayList<>();
    List<Named> initialisationNames = new ArrayList<>();
    List<String> smallest = new ArrayList<>();
    List<String> smallestFigures = new ArrayList<>();
    List<Named> smallestNames = new ArrayList<>();
    boolean paperOnPage = false;
    for (Map.Entry<String, List<ConfigurationSummary>> entry : xorFirst(byTask)) {
      String task = entry.getKey();
      List<ConfigurationSummary> ofTask = entry.getValue();
      mostAtMinimumReduced(ofTask, epsilon).ifPresent(best -> {
        Named name = named(best, ofTask);
        smallestNames.add(name);
        ConfigurationSummary.Structure st = best.structure();
        smallestFigures.add(String.format(Locale.ROOT, "%s: %d of %d at %d edges", taskName(task),
            st.reducedAtMinimum(), best.trials(), st.minimumEdges()));
        smallest.add(String.format(Locale.ROOT, "%s %s, %s: %d of %d at %d edges (%s) after the reduction, %d by L1"
                + " alone; median %,d epochs.", capitalised(taskName(task)), best.architecture(), name.name(),
            st.reducedAtMinimum(), best.trials(), st.minimumEdges(),
            Format.range(Statistics.wilson(st.reducedAtMinimum(), best.trials())), st.atMinimum(),
            (long) st.totalEpochs()));
      });
      Optional<ConfigurationSummary> paper = highlights.get(task).paper();
      Optional<PaperClaims.PaperClaim> claim = PaperClaims.PAPER.stream()
          .filter(c -> c.task().key().equals(task)).findFirst();
      if (paper.isEmpty() || claim.isEmpty()) {
        continue;
      }
      paperOnPage = true;
      ConfigurationSummary s = paper.get();
      String taskName = taskName(task);
      List<Seeds.Seed> trials = seeds.get(s.key());
      if (trials != null) {
        Statistics.Rank rank = Statistics.rank(claim.get().metric(),
            trials.stream().mapToDouble(Seeds.Seed::metric).toArray());
        String verdict = rank.below() >= 0.9 ? "lucky" : rank.above() >= 0.9 ? "unlucky" : "typical";
        String figure = claim.get().metricText().replace("accuracy ", "");
        whyFigures.add(String.format(Locale.ROOT, "%s %s: %s", taskName, figure, verdict));
        typical.add(String.format(Locale.ROOT, "%s's %s is %s at the paper's setting (%s of seeds score below).",
            capitalised(taskName), figure, verdict, Format.percent(rank.below())));
      }
      roundBinaryCeiling(ofTask, epsilon).ifPresent(ceiling -> {
        why.add(ceiling.sentence());
        whyNames.add(named(ceiling.configuration(), ofTask));
        whyFigures.replaceAll(f -> f.startsWith("XOR ") ? f + ", and the ceiling of 0/1 weights" : f);
        typical.replaceAll(t -> t.startsWith("XOR's ") ? "It is also " + t.substring(t.indexOf(" is ") + 4) : t);
      });
      why.addAll(typical);
      typical.clear();
      Optional<ConfigurationSummary> base = Highlights.withoutL1(s, ofTask);
      costNames.add(new Named(taskName + ", the paper's setting", s.label()));
      if (base.isPresent()) {
        ConfigurationSummary b = base.get();
        costFigures.add(String.format(Locale.ROOT, "%s: solved %s vs %s without L1", taskName,
            Format.percent(s.solvedShare()), Format.percent(b.solvedShare())));
        cost.add(String.format(Locale.ROOT, "%s: %d of %d solve (%s) against %d of %d (%s) without L1; %s stuck (%s)"
                + " against %s.", capitalised(taskName), s.solved(), s.trials(), Format.range(s.outcomes().solvedRate()),
            b.solved(), b.trials(), Format.range(b.outcomes().solvedRate()),
            Format.percent(s.outcomes().stuckRate().estimate()), Format.range(s.outcomes().stuckRate()),
            Format.percent(b.outcomes().stuckRate().estimate())));
      } else {
        costFigures.add(String.format(Locale.ROOT, "%s: solved %s, stuck %s", taskName,
            Format.percent(s.solvedShare()), Format.percent(s.outcomes().stuckRate().estimate())));
        cost.add(String.format(Locale.ROOT, "%s: %d of %d solve (%s), %s stuck (%s), %s still improving; λ = 0 beside"
                + " it would price L1.", capitalised(taskName), s.solved(), s.trials(), Format.range(s.outcomes().solvedRate()),
            Format.percent(s.outcomes().stuckRate().estimate()), Format.range(s.outcomes().stuckRate()),
            Format.percent(s.outcomes().improvingRate().estimate())));
      }
      Highlights.inFloat32(s, ofTask).ifPresent(f -> {
        precisionNames.add(named(f, ofTask));
        precisionFigures.add(String.format(Locale.ROOT, "%s: solved %s in float32 vs %s", taskName,
            Format.percent(f.solvedShare()), Format.percent(s.solvedShare())));
        precision.add(String.format(Locale.ROOT, "%s: in float32 %d of %d solve (%s), %s stuck (%s); in float64 %d of"
                + " %d (%s), %s (%s).", capitalised(taskName), f.solved(), f.trials(),
            Format.range(f.outcomes().solvedRate()), Format.percent(f.outcomes().stuckRate().estimate()),
            Format.range(f.outcomes().stuckRate()), s.solved(), s.trials(), Format.range(s.outcomes().solvedRate()),
            Format.percent(s.outcomes().stuckRate().estimate()), Format.range(s.outcomes().stuckRate())));
      });
      List<ConfigurationSummary> inits = Highlights.otherInitialisations(s, ofTask);
      if (!inits.isEmpty()) {
        // The initialisation with the fewest stuck seeds (of equals, the most solved) and the most often solved.
        ConfigurationSummary leastStuck = inits.stream().min(Comparator.comparingLong(ConfigurationSummary::stuck)
            .thenComparing(Comparator.comparingLong(ConfigurationSummary::solved).reversed())).orElseThrow();
        ConfigurationSummary mostSolved = inits.stream().max(Comparator.comparingLong(ConfigurationSummary::solved)
            .thenComparing(Comparator.comparingLong(ConfigurationSummary::stuck).reversed())).orElseThrow();
        Named least = named(leastStuck, ofTask);
        initialisationNames.add(least);
        initialisationFigures.add(String.format(Locale.ROOT, "%s: stuck %s vs %s", taskName,
            Format.percent(leastStuck.outcomes().stuckRate().estimate()),
            Format.percent(s.outcomes().stuckRate().estimate())));
        StringBuilder answer = new StringBuilder(String.format(Locale.ROOT, "%s, against the paper's: fewest stuck"
                + " at %s, %d (%s) vs %d (%s)", capitalised(taskName), least.name(), leastStuck.stuck(),
            Format.range(leastStuck.outcomes().stuckRate()), s.stuck(),
            Format.range(s.outcomes().stuckRate())));
        Named most = mostSolved == leastStuck ? null : named(mostSolved, ofTask);
        if (most != null) {
          initialisationNames.add(most);
        }
        answer.append(String.format(Locale.ROOT, "; most solved %s, %d (%s) vs %d (%s).",
            most == null ? "there too" : "at " + most.name(), mostSolved.solved(),
            Format.range(mostSolved.outcomes().solvedRate()), s.solved(), Format.range(s.outcomes().solvedRate())));
        initialisation.add(answer.toString());
      }
      Optional<ConfigurationSummary> reliable = sparsestSolvedBy(ofTask, 0.95, epsilon);
      Optional<ConfigurationSummary> pick = reliable.or(() -> sparsestSolvedBy(ofTask, 0.5, epsilon));
      pick.ifPresent(best -> {
        Named name = named(best, ofTask);
        sparsestNames.add(name);
        String atMinimum = best.structure().minimumEdges() > 0 ? String.format(Locale.ROOT, "; %d at the minimum of"
            + " %d", best.structure().atMinimum(), best.structure().minimumEdges()) : "";
        sparsest.add(String.format(Locale.ROOT, "%s%s %s, %s: %d of %d solve, median %s of %d edges%s.",
            reliable.isEmpty() ? "None trains reliably (95 %); solved by half: " : "", capitalised(taskName),
            best.architecture(), name.name(), best.solved(), best.trials(),
            Format.measured(best.activeEdges().median()), best.edges(), atMinimum));
        sparsestFigures.add(String.format(Locale.ROOT, "%s %s of %d edges", taskName,
            Format.measured(best.activeEdges().median()), best.edges()));
      });
    }
    if (!paperOnPage) {
      return cards;
    }
    if (!why.isEmpty()) {
      cards.add(card("Why the paper's figures?", String.join(" · ", whyFigures), why, whyNames));
    }
    cards.add(card("What does L1 cost at the paper's setting?", String.join(" · ", costFigures), cost, costNames));
    if (!sparsest.isEmpty()) {
      cards.add(card("The sparsest structure that trains reliably", String.join(" · ", sparsestFigures), sparsest,
          sparsestNames));
    }
    if (!precision.isEmpty()) {
      cards.add(card("Does float32 change it?", String.join(" · ", precisionFigures), precision, precisionNames));
    }
    if (!initialisation.isEmpty()) {
      cards.add(card("Does the initialisation change it?", String.join(" · ", initialisationFigures), initialisation,
          initialisationNames));
    }
    if (!smallest.isEmpty()) {
      cards.add(card("Does it find the smallest structure?", String.join(" · ", smallestFigures), smallest,
          smallestNames));
    }
    return cards;
  }

  /**
   * Of the configurations at ε whose solved structures were reduced until they break, the one with the most seeds at
   * the known minimum after the reduction; of equals, the fewer median epochs.
   */
  static Optional<ConfigurationSummary> mostAtMinimumReduced(List<ConfigurationSummary> ofTask, double epsilon) {
    return ofTask.stream().filter(s -> s.epsilon() == epsilon && s.structure().reducedDistance() != null)
        .max(Comparator.comparingLong((ConfigurationSummary s) -> s.structure().reducedAtMinimum())
            .thenComparing(s -> -s.structure().totalEpochs()));
  }

  /**
   * The configuration at ε that at least share of its seeds solve with the fewest median active edges; of equals, the
   * one with most seeds at the known minimum, then the most often solved.
   */
  static Optional<ConfigurationSummary> sparsestSolvedBy(List<ConfigurationSummary> ofTask, double share,
      double epsilon) {
    return ofTask.stream().filter(s -> s.epsilon() == epsilon && s.trials() > 0 && s.solvedShare() >= share
            && !Double.isNaN(s.activeEdges().median()))
        .min(Comparator.comparingDouble((ConfigurationSummary s) -> s.activeEdges().median())
            .thenComparingLong(s -> -s.structure().atMinimum())
            .thenComparingDouble(s -> -s.solvedShare()));
  }

  /** The configuration under the cited repository's 0/1 rounding with the most seeds at 3 corners, and the why. */
  record Ceiling(ConfigurationSummary configuration, String sentence) {}

  /**
   * XOR under the cited repository's 0/1 rounding, when no seed gets all 4 corners: the configuration with the most
   * seeds at the monotone ceiling of 3 corners.
   */
  private static Optional<Ceiling> roundBinaryCeiling(List<ConfigurationSummary> ofTask, double epsilon) {
    List<ConfigurationSummary> rounded = ofTask.stream()
        .filter(s -> dev.structsweep.net.L1Rule.ROUND_BINARY.key().equals(s.l1()) && s.corners() != null
            && s.epsilon() == epsilon && s.trials() > 0).toList();
    if (rounded.isEmpty() || rounded.stream().anyMatch(s -> s.corners()[4] > 0)) {
      return Optional.empty();
    }
    ConfigurationSummary most = rounded.stream().max(Comparator.comparingLong(s -> s.corners()[3])).orElseThrow();
    return Optional.of(new Ceiling(most, String.format(Locale.ROOT, "XOR's 74.5 %% is the cited code's ceiling: its 0/1"
        + " weights without biases are monotone, so at most 3 of 4 corners; %d of %d seeds (%s) sit there.", most.corners()[3], most.trials(), named(most, ofTask).name())));
  }

  /** One card per task and architecture, at ε. */
  static List<Card> ofArchitectures(Map<String, List<ConfigurationSummary>> byTask, double epsilon) {
    List<Card> cards = new ArrayList<>();
    for (Map.Entry<String, List<ConfigurationSummary>> entry : xorFirst(byTask)) {
      List<ConfigurationSummary> ofTask = entry.getValue();
      Map<String, List<ConfigurationSummary>> byArchitecture = new LinkedHashMap<>();
      ofTask.stream().filter(s -> s.epsilon() == epsilon && s.trials() > 0)
          .sorted(Comparator.comparingInt((ConfigurationSummary s) -> s.architecture().length())
              .thenComparing(ConfigurationSummary::architecture))
          .forEach(s -> byArchitecture.computeIfAbsent(s.architecture(), k -> new ArrayList<>()).add(s));
      byArchitecture.forEach((architecture, group) -> cards.add(architectureCard(entry.getKey(), architecture, group,
          ofTask)));
    }
    return cards;
  }

  private static Card architectureCard(String task, String architecture, List<ConfigurationSummary> group,
      List<ConfigurationSummary> ofTask) {
    String title = capitalised(taskName(task)) + " " + architecture;
    Optional<ConfigurationSummary> paper = PaperClaims.configuration(task, group);
    // The pair to answer with: the paper's setting against λ = 0 when both are here; else the λ > 0 configuration
    // that keeps fewest edges while solving as often as without L1; else the most often solved beside its λ = 0.
    ConfigurationSummary with = null;
    ConfigurationSummary without = null;
    if (paper.isPresent() && Highlights.withoutL1(paper.get(), group).isPresent()) {
      with = paper.get();
      without = Highlights.withoutL1(with, group).get();
    } else {
      for (ConfigurationSummary s : group) {
        Optional<ConfigurationSummary> base = s.lambda() > 0 ? Highlights.withoutL1(s, group) : Optional.empty();
        if (base.isEmpty() || Double.isNaN(s.activeEdges().median())) {
          continue;
        }
        if (with == null || better(s, base.get(), with, without)) {
          with = s;
          without = base.get();
        }
      }
    }
    List<Named> names = new ArrayList<>();
    String answer;
    String figures;
    if (with != null) {
      Named withName = named(with, ofTask);
      names.add(withName);
      names.add(named(without, ofTask));
      figures = String.format(Locale.ROOT, "%s of %d edges · solved %s vs %s · stuck %s vs %s",
          Format.measured(with.activeEdges().median()), with.edges(), Format.percent(with.solvedShare()),
          Format.percent(without.solvedShare()), Format.percent(with.outcomes().stuckRate().estimate()),
          Format.percent(without.outcomes().stuckRate().estimate()));
      answer = String.format(Locale.ROOT, "%s: L1 leaves a median %s of %d edges (q1–q3 %s–%s). Solved: %d of %d"
              + " (%s) against %d of %d (%s) without L1. Stuck: %s (%s) against %s (%s).",
          capitalised(withName.name()), Format.measured(with.activeEdges().median()), with.edges(),
          Format.measured(with.activeEdges().q1()), Format.measured(with.activeEdges().q3()), with.solved(),
          with.trials(), Format.range(with.outcomes().solvedRate()), without.solved(), without.trials(),
          Format.range(without.outcomes().solvedRate()), Format.percent(with.outcomes().stuckRate().estimate()),
          Format.range(with.outcomes().stuckRate()), Format.percent(without.outcomes().stuckRate().estimate()),
          Format.range(without.outcomes().stuckRate()));
    } else {
      ConfigurationSummary pick = paper.orElseGet(() -> group.stream()
          .max(Comparator.comparingDouble(ConfigurationSummary::solvedShare)
              .thenComparingDouble(s -> -s.activeEdges().median())).orElseThrow());
      Named name = named(pick, ofTask);
      names.add(name);
      boolean anyL1 = group.stream().anyMatch(s -> s.lambda() > 0);
      String completes = !anyL1 ? " No λ > 0 here: a λ list beside 0 would show what L1 removes."
          : " No λ = 0 with the same settings here: adding 0 to its λ list would price L1.";
      figures = String.format(Locale.ROOT, "%s of %d edges · solved %s · stuck %s",
          Format.measured(pick.activeEdges().median()), pick.edges(), Format.percent(pick.solvedShare()),
          Format.percent(pick.outcomes().stuckRate().estimate()));
      answer = String.format(Locale.ROOT, "%s: a median %s of %d edges remain (q1–q3 %s–%s). Solved: %d of %d"
              + " (%s). Stuck: %s (%s).%s",
          capitalised(name.name()), Format.measured(pick.activeEdges().median()), pick.edges(),
          Format.measured(pick.activeEdges().q1()), Format.measured(pick.activeEdges().q3()), pick.solved(),
          pick.trials(), Format.range(pick.outcomes().solvedRate()),
          Format.percent(pick.outcomes().stuckRate().estimate()), Format.range(pick.outcomes().stuckRate()),
          completes);
    }
    return new Card(title, figures, answer, names);
  }

  /** Whether (s, its base) answers better than (best, its base): solved as often, then fewer edges. */
  private static boolean better(ConfigurationSummary s, ConfigurationSummary base, ConfigurationSummary best,
      ConfigurationSummary bestBase) {
    boolean keeps = s.solved() > 0 && s.solvedShare() >= base.outcomes().solvedRate().low();
    boolean bestKeeps = best.solved() > 0 && best.solvedShare() >= bestBase.outcomes().solvedRate().low();
    if (keeps != bestKeeps) {
      return keeps;
    }
    if (keeps) {
      return s.activeEdges().median() < best.activeEdges().median()
          || (s.activeEdges().median() == best.activeEdges().median() && s.solvedShare() > best.solvedShare());
    }
    return s.solvedShare() > best.solvedShare();
  }

  private static Card card(String title, String figures, List<String> sentences, List<Named> names) {
    return new Card(title, figures, String.join(" ", sentences), names);
  }

  /**
   * A configuration named by the settings that differ among its task's configurations on the page, but the
   * architecture, which its card's title says: "tanh, λ=0.002, ramp 1000, η=0.03". The paper's own setting is
   * "the paper's setting" when nothing else tells it apart.
   */
  static Named named(ConfigurationSummary s, List<ConfigurationSummary> ofTask) {
    TaskKind task = TaskKind.find(s.task()).orElse(null);
    Set<Setting<?>> architecture = Set.of(Settings.TASK, Settings.HIDDEN, Settings.TOPOLOGY);
    List<String> parts = new ArrayList<>();
    for (Setting<?> setting : Settings.CONFIGURATION) {
      if (architecture.contains(setting)) {
        continue;
      }
      Object value = s.setting(setting);
      boolean varies = ofTask.stream().anyMatch(o -> o.architecture().equals(s.architecture())
          && !Objects.deepEquals(o.setting(setting), value));
      if (varies) {
        String text = setting == Settings.ROUND_EVERY ? "rounded every " + Settings.text(value)
            : setting == Settings.INIT_DISTRIBUTION ? Settings.text(value) + " init" : setting.label(value, task);
        if (text.isEmpty() && setting == Settings.INIT_SCALE) {
          text = "init×" + Settings.text(value).replaceAll("\\.0$", ""); // PyTorch's bound, which labels leave out
        }
        parts.add(text.isEmpty() ? setting.key() + " " + Settings.text(value) : text.replace('=', ' '));
      }
    }
    boolean paper = PaperClaims.configuration(s.task(), List.of(s)).isPresent();
    String name = parts.isEmpty() ? (paper ? "the paper's setting" : "its one setting")
        : String.join(", ", parts) + (paper ? " (the paper's setting)" : "");
    return new Named(name, s.label());
  }

  private static String capitalised(String text) {
    // Latin letters only: a Greek η or λ stays what it names.
    return text.isEmpty() || text.charAt(0) > 'z' ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  /** The tasks, XOR first: the paper's headline figure is its XOR run's. */
  private static List<Map.Entry<String, List<ConfigurationSummary>>> xorFirst(
      Map<String, List<ConfigurationSummary>> byTask) {
    List<Map.Entry<String, List<ConfigurationSummary>>> tasks = new ArrayList<>(byTask.entrySet());
    tasks.sort(Comparator.comparing((Map.Entry<String, List<ConfigurationSummary>> entry) ->
        !"XOR".equals(taskName(entry.getKey()))).thenComparing(Map.Entry::getKey));
    return tasks;
  }

  /** "XOR", "addition". */
  static String taskName(String task) {
    return TaskKind.find(task).orElse(null) == TaskKind.XOR ? "XOR" : task;
  }

  /** The words of a text, as a reader counts them. */
  static int words(String text) {
    String trimmed = text.strip();
    return trimmed.isEmpty() ? 0 : trimmed.split("\\s+").length;
  }
}
