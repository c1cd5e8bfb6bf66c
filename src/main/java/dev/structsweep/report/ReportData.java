package dev.structsweep.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.TaskKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The data the page draws from, as one JSON object inlined in index.html (its schema is in docs/reports.md
 * section): the axes, every configuration with its outcome counts, rates and spreads, the seeds of the
 * configurations the page may show one by one, the effects of each axis, training curves and surviving networks.
 * Strings from the results stay strings: the page writes them as text, and the JSON escapes {@code <}, {@code >}
 * and {@code &} so that nothing in it can close the script element that holds it.
 */
final class ReportData {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ReportData() {}

  /**
   * Everything the page needs; seedsScope: "all" or "highlighted"; headlineEpsilon: the ε the answers speak of
   * and the charts open at ({@link AnswerCards#headlineEpsilon}).
   */
  record Input(String sweep, Findings.Thresholds thresholds, List<ConfigurationSummary> summaries,
      Set<ConfigurationSummary> front, Map<ConfigurationSummary, List<String>> roles,
      Map<String, List<Seeds.Seed>> seeds, String seedsScope, String seedsNote, List<EffectsOfTask> effects,
      List<Dynamics.Curve> dynamics, List<Networks.Drawn> networks, double headlineEpsilon) {}

  /** One measure's decomposition over one task's grid. */
  record EffectsOfTask(String task, String measure, Effects.Decomposition decomposition) {}

  static String json(Input input) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", "structsweep-report-data/1");
    root.put("sweep", input.sweep());
    ObjectNode definitions = root.putObject("definitions");
    definitions.put("stuckTolerance", input.thresholds().stuckTolerance());
    definitions.put("tailShare", dev.structsweep.net.TrainingResult.TAIL_SHARE);
    ArrayNode tasks = root.putArray("tasks");
    input.summaries().stream().map(ConfigurationSummary::task).distinct().sorted().forEach(task -> {
      ObjectNode node = tasks.addObject();
      TaskKind kind = TaskKind.find(task).orElse(null);
      node.put("task", task);
      String metric = kind == null ? "metric" : kind.primaryMetric();
      node.put("metric", metric);
      node.put("metricLabel", "pruned test " + (metric.equals("r2") ? "R²" : metric));
      node.put("solvedAt", kind == TaskKind.ADDITION ? input.thresholds().r2() : input.thresholds().accuracy());
      node.put("solvedText", input.thresholds().solvedText(task).replaceFirst("^solved: ", ""));
      node.put("corners", kind == TaskKind.XOR);
    });
    ArrayNode axes = root.putArray("axes");
    for (Setting<?> setting : Settings.CONFIGURATION) {
      ObjectNode axis = axes.addObject();
      axis.put("name", setting.column());
      axis.put("label", setting.heading());
      int index = Settings.CONFIGURATION.indexOf(setting);
      List<Object> values = distinct(input.summaries().stream().map(s -> s.settings().get(index)).toList());
      ArrayNode list = axis.putArray("values");
      values.forEach(value -> add(list, value));
      axis.put("numeric", values.stream().allMatch(value -> value instanceof Number));
    }
    ObjectNode epsilonAxis = axes.addObject();
    epsilonAxis.put("name", "epsilon");
    epsilonAxis.put("label", "ε");
    ArrayNode epsilons = epsilonAxis.putArray("values");
    input.summaries().stream().mapToDouble(ConfigurationSummary::epsilon).distinct().sorted().forEach(epsilons::add);
    epsilonAxis.put("numeric", true);
    root.put("defaultEpsilon", input.headlineEpsilon());

    Map<ConfigurationSummary, Integer> ids = new IdentityHashMap<>();
    Map<String, Integer> trainings = new LinkedHashMap<>();
    ArrayNode configurations = root.putArray("configurations");
    for (ConfigurationSummary s : input.summaries()) {
      int id = ids.size();
      ids.put(s, id);
      ObjectNode node = configurations.addObject();
      node.put("id", id);
      node.put("training", trainings.computeIfAbsent(ConfigurationSummary.key(s.settings(), 0), k -> trainings.size()));
      node.put("task", s.task());
      node.put("architecture", s.architecture());
      ObjectNode values = node.putObject("values");
      for (int i = 0; i < Settings.CONFIGURATION.size(); i++) {
        Object value = s.settings().get(i);
        add(values, Settings.CONFIGURATION.get(i).column(), value);
      }
      number(values, "epsilon", s.epsilon());
      node.put("label", s.label());
      node.put("edges", s.edges());
      node.put("trials", s.trials());
      ConfigurationSummary.Outcomes o = s.outcomes();
      ObjectNode outcomes = node.putObject("outcomes");
      outcomes.put("solved", o.solved());
      outcomes.put("stuck", o.stuck());
      outcomes.put("improving", o.improving());
      outcomes.put("diverged", o.diverged());
      outcomes.put("unclassified", o.unclassified());
      ObjectNode rates = node.putObject("rates");
      interval(rates.putObject("solved"), o.solvedRate());
      interval(rates.putObject("stuck"), o.stuckRate());
      interval(rates.putObject("improving"), o.improvingRate());
      interval(rates.putObject("diverged"), o.divergedRate());
      spread(node.putObject("metric"), s.metricSpread());
      spread(node.putObject("activeEdges"), s.activeEdges());
      spread(node.putObject("sparsity"), s.sparsity());
      ObjectNode dead = node.putObject("deadUnits");
      number(dead, "median", s.deadUnitsMedian());
      dead.put("of", s.hiddenUnits());
      if (s.corners() == null) {
        node.putNull("corners");
      } else {
        counts(node.putArray("corners"), s.corners());
      }
      node.put("pareto", input.front().contains(s));
      ConfigurationSummary.Structure structure = s.structure();
      ObjectNode structureNode = node.putObject("structure");
      if (structure.minimumEdges() > 0) {
        structureNode.put("minimumEdges", structure.minimumEdges());
        structureNode.put("atMinimum", structure.atMinimum());
        if (structure.distance() != null) {
          counts(structureNode.putArray("distance"), structure.distance());
        }
        if (structure.reducedDistance() != null) {
          counts(structureNode.putArray("reducedDistance"), structure.reducedDistance());
          interval(structureNode.putObject("reducedAtMinimum"),
              Statistics.wilson(structure.reducedAtMinimum(), s.trials()));
        }
      }
      if (!Double.isNaN(structure.totalEpochs())) {
        structureNode.put("totalEpochs", structure.totalEpochs());
      }
      structureNode.put("exactZeros", structure.exactZeros());
      structureNode.put("kept", structure.kept());
      structureNode.put("retrained", structure.retrained());
      if (structure.retrained() > 0) {
        interval(structureNode.putObject("fineTuned"), Statistics.wilson(structure.fineTuned(), structure.retrained()));
        structureNode.put("fineTunedSolved", structure.fineTuned());
        spread(structureNode.putObject("fineTunedMetric"), structure.fineTunedMetric());
        interval(structureNode.putObject("ticket"), Statistics.wilson(structure.ticket(), structure.retrained()));
        structureNode.put("ticketSolved", structure.ticket());
        spread(structureNode.putObject("ticketMetric"), structure.ticketMetric());
      }
      List<String> roles = input.roles().get(s);
      if (roles == null) {
        node.putNull("highlight");
      } else {
        node.put("highlight", roles.get(0));
      }
    }

    ArrayNode seedColumns = root.putArray("seedColumns");
    List.of("seed", "metric", "activeEdges", "sparsity", "outcome", "corners", "lossTailChange")
        .forEach(seedColumns::add);
    boolean retrained = input.summaries().stream().anyMatch(s -> s.structure().retrained() > 0);
    if (retrained) {
      seedColumns.add("fineTuned");
      seedColumns.add("ticket");
    }
    boolean reduced = input.summaries().stream().anyMatch(s -> s.structure().reducedDistance() != null);
    if (reduced) {
      seedColumns.add("reducedEdges");
    }
    ObjectNode seeds = root.putObject("seeds");
    for (ConfigurationSummary s : input.summaries()) {
      List<Seeds.Seed> trials = input.seeds().get(s.key());
      if (trials == null) {
        continue;
      }
      ArrayNode list = seeds.putArray(Integer.toString(ids.get(s)));
      for (Seeds.Seed seed : trials) {
        ArrayNode row = list.addArray();
        row.add(seed.seed());
        number(row, seed.metric());
        row.add(seed.activeEdges());
        number(row, seed.sparsity());
        if (seed.outcome() == null) {
          row.addNull();
        } else {
          row.add(seed.outcome());
        }
        if (seed.corners() == null) {
          row.addNull();
        } else {
          row.add(seed.corners());
        }
        number(row, seed.lossTailChange());
        if (retrained) {
          number(row, seed.fineTuned());
          number(row, seed.ticket());
        }
        if (reduced) {
          if (seed.reducedEdges() == null) {
            row.addNull();
          } else {
            row.add(seed.reducedEdges());
          }
        }
      }
    }
    // The ECDF of the pruned metric over each configuration's seeds, diverged seeds below every value.
    ObjectNode ecdfs = root.putObject("ecdf");
    for (ConfigurationSummary s : input.summaries()) {
      List<Seeds.Seed> trials = input.seeds().get(s.key());
      if (trials != null) {
        Statistics.Ecdf ecdf = Statistics.ecdf(trials.stream().mapToDouble(Seeds.Seed::metric).toArray());
        ObjectNode node = ecdfs.putObject(Integer.toString(ids.get(s)));
        number(node, "start", ecdf.start());
        ArrayNode points = node.putArray("points");
        for (int i = 0; i < ecdf.x().length; i++) {
          ArrayNode point = points.addArray();
          number(point, ecdf.x()[i]);
          number(point, ecdf.share()[i]);
        }
      }
    }
    root.put("seedsScope", input.seedsScope());
    root.put("seedsNote", input.seedsNote());

    ArrayNode effects = root.putArray("effects");
    for (EffectsOfTask e : input.effects()) {
      ObjectNode node = effects.addObject();
      node.put("task", e.task());
      node.put("measure", e.measure());
      ArrayNode terms = node.putArray("terms");
      for (Effects.Term term : e.decomposition().terms()) {
        ObjectNode t = terms.addObject();
        ArrayNode names = t.putArray("axes");
        term.axes().forEach(names::add);
        number(t, "share", term.share());
      }
      number(node, "rest", e.decomposition().rest());
    }

    // The paper's single runs, where the page has their setting: marked beside the seeds' spread.
    ArrayNode claims = root.putArray("paperClaims");
    for (PaperClaims.PaperClaim claim : PaperClaims.PAPER) {
      List<ConfigurationSummary> matching = PaperClaims.matching(claim, input.summaries());
      if (matching.isEmpty()) {
        continue;
      }
      ObjectNode node = claims.addObject();
      node.put("task", claim.task().key());
      number(node, "epsilon", claim.epsilon());
      number(node, "metric", claim.metric());
      node.put("activeEdges", claim.activeEdges());
      node.put("text", claim.metricText() + ", " + claim.edgesActive());
      ArrayNode ofClaim = node.putArray("configurations");
      matching.forEach(s -> ofClaim.add(ids.get(s)));
    }

    ArrayNode dynamics = root.putArray("dynamics");
    for (Dynamics.Curve curve : input.dynamics()) {
      ObjectNode node = dynamics.addObject();
      node.put("configuration", ids.get(curve.configuration()));
      node.put("label", curve.configuration().label());
      number(node, "historyEpsilon", input.thresholds().historyEpsilon());
      ArrayNode epochs = node.putArray("epochs");
      for (int epoch : curve.epochs()) {
        epochs.add(epoch);
      }
      ArrayNode classes = node.putArray("classes");
      for (Dynamics.ClassCurve ofClass : curve.classes()) {
        ObjectNode c = classes.addObject();
        c.put("outcome", ofClass.outcome());
        c.put("seeds", ofClass.seeds());
        quartiles(c.putObject("loss"), ofClass.quartiles().loss());
        quartiles(c.putObject("taskLoss"), ofClass.quartiles().taskLoss());
        quartiles(c.putObject("activeEdges"), ofClass.quartiles().activeEdges());
      }
    }

    ArrayNode networks = root.putArray("networks");
    for (Networks.Drawn drawn : input.networks()) {
      ObjectNode node = networks.addObject();
      node.put("configuration", ids.get(drawn.configuration()));
      node.put("label", drawn.configuration().label());
      node.put("seed", drawn.seed());
      node.put("epsilon", drawn.configuration().epsilon());
      ArrayNode layers = node.putArray("layers");
      for (int size : drawn.layers()) {
        layers.add(size);
      }
      ArrayNode weights = node.putArray("weights");
      for (double[][] layer : drawn.weights()) {
        ArrayNode rows = weights.addArray();
        for (double[] row : layer) {
          ArrayNode cells = rows.addArray();
          for (double w : row) {
            cells.add(w);
          }
        }
      }
      ArrayNode sources = node.putArray("sourceLayers");
      for (int[] layer : drawn.sourceLayers()) {
        ArrayNode cells = sources.addArray();
        for (int source : layer) {
          cells.add(source);
        }
      }
      node.put("idle", drawn.idle());
      node.put("idleActive", drawn.idleActive());
    }
    return scriptSafe(root.toString());
  }

  /** The JSON with every character that could end or open markup inside a script element escaped. */
  static String scriptSafe(String json) {
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029");
  }

  /** The distinct values in their natural order (numbers by value, texts and layer sizes by their text). */
  static List<Object> distinct(List<Object> values) {
    Map<String, Object> byText = new LinkedHashMap<>();
    for (Object value : values) {
      byText.putIfAbsent(Settings.text(value), value);
    }
    List<Object> list = new ArrayList<>(byText.values());
    list.sort(Comparator.comparing((Object value) -> value instanceof Number number ? number.doubleValue() : 0.0)
        .thenComparing(value -> value instanceof int[] sizes ? sizes.length : 0)
        .thenComparing(value -> Settings.text(value)));
    return list;
  }

  private static void add(ArrayNode list, Object value) {
    if (value instanceof Number number) {
      number(list, number.doubleValue());
    } else if (value instanceof Boolean flag) {
      list.add(flag);
    } else {
      list.add(Settings.text(value));
    }
  }

  private static void add(ObjectNode node, String key, Object value) {
    if (value instanceof Number number) {
      number(node, key, number.doubleValue());
    } else if (value instanceof Boolean flag) {
      node.put(key, flag);
    } else {
      node.put(key, Settings.text(value));
    }
  }

  private static void interval(ObjectNode node, Statistics.Interval interval) {
    number(node, "p", interval.estimate());
    number(node, "low", interval.low());
    number(node, "high", interval.high());
  }

  private static void spread(ObjectNode node, ConfigurationSummary.Spread spread) {
    number(node, "min", spread.min());
    number(node, "q1", spread.q1());
    number(node, "median", spread.median());
    number(node, "q3", spread.q3());
    number(node, "max", spread.max());
  }

  private static void quartiles(ObjectNode node, double[][] q) {
    String[] names = {"q1", "median", "q3"};
    for (int i = 0; i < 3; i++) {
      ArrayNode list = node.putArray(names[i]);
      for (double value : q[i]) {
        number(list, value);
      }
    }
  }

  /** A measured number to 6 significant digits (the page shows 4); NaN and ∞ as null. */
  private static void number(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, round(value));
    } else {
      node.putNull(key);
    }
  }

  private static void number(ArrayNode list, double value) {
    if (Double.isFinite(value)) {
      list.add(round(value));
    } else {
      list.addNull();
    }
  }

  private static double round(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return value;
    }
    return Double.parseDouble(String.format(Locale.ROOT, "%.6g", value));
  }

  private static void counts(ArrayNode into, long[] counts) {
    for (long count : counts) {
      into.add(count);
    }
  }
}
