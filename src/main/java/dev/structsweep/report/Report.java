package dev.structsweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.structsweep.store.ChunkAudit;
import dev.structsweep.store.ResultsDirectory;
import dev.structsweep.store.ResultsLock;
import dev.structsweep.sweep.SweepSpec;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds {@code reports/NAME/} from a sweep's results directory: index.html with its charts, summary.csv and
 * summary.md. Everything is written into a temporary directory beside the target and moved into place at the
 * end, so a failed report leaves the previous one (or nothing) behind, never half of one.
 */
public final class Report {
  private static final int MAX_DYNAMICS = 4;

  private Report() {}

  /** What was written. */
  public record Written(Path directory, int configurations, long trials) {}

  /** Writes the report of results to out, which must be absent, empty or an earlier report (see ReportTarget). */
  public static Written write(SparkSession spark, String results, Path out) throws IOException {
    return write(spark, results,
        ReportTarget.check("--out", out, results, spark.sparkContext().hadoopConfiguration()));
  }

  /** Writes the report of results to a target already checked, checking it once more before replacing it. */
  public static Written write(SparkSession spark, String results, ReportTarget target) throws IOException {
    return write(spark, List.of(results), target);
  }

  /**
   * Writes one report of several sweeps' results, side by side: each is audited as on its own, their rows are read
   * together, and no training may be in two of them (each is counted once). They must have been classified with
   * the same thresholds.
   */
  public static Written write(SparkSession spark, List<String> results, ReportTarget target) throws IOException {
    System.setProperty("java.awt.headless", "true");
    List<String> paths = new ArrayList<>();
    List<String> sweeps = new ArrayList<>();
    List<String> specHashes = new ArrayList<>();
    java.util.Set<String> statuses = new java.util.LinkedHashSet<>();
    java.util.Set<String> versions = new java.util.LinkedHashSet<>();
    java.util.Set<String> commits = new java.util.LinkedHashSet<>();
    List<String> stillRunning = new ArrayList<>();
    long committedCount = 0;
    long chunkCount = 0;
    List<ResultsDirectory> directories = new ArrayList<>();
    for (String result : results) {
      ResultsDirectory directory = new ResultsDirectory(result, spark.sparkContext().hadoopConfiguration());
      directories.add(directory);
      BitSet committed = directory.committedChunks();
      if (committed.isEmpty()) {
        throw new IllegalArgumentException("results " + result + " hold no committed chunk: nothing to report");
      }
      JsonNode manifest = readManifest(directory);
      // sweep.conf is the truth the chunks are audited against; the manifest, a cache, adds the runs' history.
      SweepSpec recorded = directory.recordedSpec();
      long expectedChunks = recorded.chunks();
      ChunkAudit.refuseStrays(directory, expectedChunks);
      ChunkAudit.audit(spark, directory, ChunkAudit.Expected.of(recorded), committed);
      sweeps.add(manifest.path("sweep").asText("sweep"));
      specHashes.add(recorded.specHash());
      Optional<ResultsLock.Holder> running = ResultsLock.liveHolder(directory);
      statuses.add(running.isPresent() ? "running" : manifest.path("status").asText(""));
      String which = results.size() == 1 ? "these results" : result;
      running.ifPresent(holder -> stillRunning.add("A sweep is still writing " + which + " ("
          + holder.describe(java.time.Instant.now()) + "): this report covers the " + committed.cardinality()
          + " chunks committed when it was made."));
      versions.add(manifest.path("versions").path("structsweep").asText(""));
      commits.add(manifest.path("gitCommit").asText("unknown"));
      committedCount += committed.cardinality();
      chunkCount += expectedChunks;
      for (int chunk = committed.nextSetBit(0); chunk >= 0; chunk = committed.nextSetBit(chunk + 1)) {
        paths.add(directory.chunk(chunk).toString());
      }
    }
    String sweep = String.join(" + ", sweeps);
    Dataset<Row> prepared = Summaries.prepare(spark.read().option("mergeSchema", "true")
        .parquet(paths.toArray(String[]::new)));
    if (results.size() > 1) {
      refuseShared(prepared, results);
    }
    List<ConfigurationSummary> summaries = Summaries.summarise(prepared);
    java.util.Set<ConfigurationSummary> front = paretoFronts(summaries);
    Findings.Thresholds thresholds = thresholds(directories.get(0), summaries);
    for (int r = 1; r < directories.size(); r++) {
      Findings.Thresholds other = thresholds(directories.get(r), summaries);
      if (other.accuracy() != thresholds.accuracy() || other.r2() != thresholds.r2()
          || other.stuckTolerance() != thresholds.stuckTolerance()) {
        throw new IllegalArgumentException("results " + results.get(r) + " were classified with other thresholds than "
            + results.get(0) + " (solved.accuracy, solved.r2 or stuck.tolerance): a report sets results side by side"
            + " only when they share them");
      }
    }

    Path out = target.directory();
    Path parent = out.getParent();
    Files.createDirectories(parent);
    Path staging = newDirectory(parent, "." + out.getFileName() + ".");
    // A signal ends the JVM without running the finally below: the half-written report goes with it all the same.
    Thread removeAtExit = new Thread(() -> deleteQuietly(staging), "structsweep-report-staging");
    Runtime.getRuntime().addShutdownHook(removeAtExit);
    try {
      Files.writeString(staging.resolve(ReportTarget.MARKER), ReportTarget.marker(sweep));
      Map<String, Object> page = new LinkedHashMap<>();
      page.put("sweep", sweep);
      page.put("specHash", String.join(", ", specHashes));
      page.put("status", String.join(", ", statuses));
      if (!stillRunning.isEmpty()) {
        page.put("stillRunning", String.join(" ", stillRunning));
      }
      page.put("chunks", committedCount + " of " + chunkCount);
      // Every training has one row per ε of the sweep, so the trainings are the trials at any one ε.
      double smallestEpsilon = summaries.stream().mapToDouble(ConfigurationSummary::epsilon).min().orElse(0);
      long trials = summaries.stream().filter(s -> s.epsilon() == smallestEpsilon)
          .mapToLong(ConfigurationSummary::trials).sum();
      long epsilons = summaries.stream().mapToDouble(ConfigurationSummary::epsilon).distinct().count();
      page.put("trials", String.format(java.util.Locale.ROOT, "%,d", trials));
      long configurations = summaries.size() / Math.max(1, epsilons);
      page.put("configurations", String.format(java.util.Locale.ROOT, "%,d", configurations)
          + (configurations == 1 ? " configuration" : " configurations"));
      page.put("epsilons", epsilons);
      page.put("version", String.join(", ", versions));
      page.put("gitCommit", String.join(", ", commits));
      page.put("definitions", definitions(summaries, thresholds));

      Map<String, List<ConfigurationSummary>> byTask = new TreeMap<>();
      for (ConfigurationSummary summary : summaries) {
        byTask.computeIfAbsent(summary.task(), task -> new ArrayList<>()).add(summary);
      }
      Map<String, Highlights> highlights = new LinkedHashMap<>();
      byTask.forEach((task, ofTask) -> highlights.put(task, Highlights.of(task, ofTask)));
      Map<ConfigurationSummary, List<String>> roles = roles(byTask, highlights);
      long rows = summaries.stream().mapToLong(ConfigurationSummary::trials).sum();
      boolean allSeeds = rows <= Seeds.ALL_ROWS;
      // With each named configuration, the seeds of its twins across λ = 0, which its ECDF is drawn beside.
      java.util.Set<ConfigurationSummary> withSeeds = new java.util.LinkedHashSet<>(roles.keySet());
      roles.keySet().forEach(s -> withSeeds.addAll(Highlights.lambdaTwins(s, summaries)));
      Map<String, List<Seeds.Seed>> seeds = Seeds.of(prepared, allSeeds ? null : List.copyOf(withSeeds));
      String seedsNote = allSeeds ? "Every configuration's seeds are in this page."
          : "This sweep has " + rows + " rows (trainings × ε), more than the page holds one by one ("
              + Seeds.ALL_ROWS + "): per-seed detail is limited to the " + roles.size() + " configurations the"
              + " headline and the panels name; summary.csv holds every configuration, and the results every seed.";

      List<Map<String, Object>> tasks = new ArrayList<>();
      List<ConfigurationSummary> curves = new ArrayList<>();
      List<Networks.Drawn> networks = new ArrayList<>();
      List<ReportData.EffectsOfTask> effects = new ArrayList<>();
      for (Map.Entry<String, List<ConfigurationSummary>> entry : byTask.entrySet()) {
        String task = entry.getKey();
        List<ConfigurationSummary> ofTask = entry.getValue();
        tasks.add(Map.of("task", task, "sentences", Findings.of(task, thresholds, ofTask, highlights.get(task), seeds)));
        roles.keySet().stream().filter(s -> s.task().equals(task))
            .filter(s -> curves.stream().noneMatch(c -> c.sameTraining(s))).limit(MAX_DYNAMICS).forEach(curves::add);
        // Each architecture's own: its sparsest solved by half, else its most often solved.
        for (ConfigurationSummary pick : Highlights.ofPanels(ofTask)) {
          Networks.of(prepared, pick).ifPresent(networks::add);
        }
        effects.addAll(effects(task, ofTask));
      }
      page.put("tasks", tasks);
      double headline = AnswerCards.headlineEpsilon(summaries);
      List<Map<String, Object>> cards = new ArrayList<>();
      AnswerCards.questions(byTask, highlights, seeds, headline).forEach(card -> cards.add(card.toMap()));
      AnswerCards.ofArchitectures(byTask, headline).forEach(card -> cards.add(card.toMap()));
      page.put("cards", cards);
      page.put("headlineEpsilon", Format.number(headline));
      ReportData.Input data = new ReportData.Input(sweep, thresholds, summaries, front, roles, seeds,
          allSeeds ? "all" : "highlighted", seedsNote, effects, Dynamics.of(prepared, curves), networks,
          headline);
      page.put("data", ReportData.json(data));
      page.put("d3", resource(D3));
      page.put("script", resource("/report/report.js"));
      page.put("style", resource("/report/report.css"));

      SummaryTables.writeCsv(summaries, front, staging.resolve("summary.csv"));
      Files.writeString(staging.resolve("summary.md"), SummaryTables.markdown(sweep, summaries, front,
          definitions(summaries, thresholds)));
      Template template;
      try (Reader reader = new InputStreamReader(
          Report.class.getResourceAsStream("/report/index.html.mustache"), StandardCharsets.UTF_8)) {
        template = Mustache.compiler().escapeHTML(true).defaultValue("").compile(reader);
      }
      try (Writer writer = Files.newBufferedWriter(staging.resolve("index.html"))) {
        template.execute(page, writer);
      }
      target.checkReplaceable();
      replace(staging, out);
      return new Written(target.requested(), summaries.size(), trials);
    } finally {
      deleteRecursively(staging);
      try {
        Runtime.getRuntime().removeShutdownHook(removeAtExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it finds the staging directory gone.
      }
    }
  }

  private static void deleteQuietly(Path staging) {
    try {
      deleteRecursively(staging);
    } catch (IOException | RuntimeException e) {
      // Left behind, hidden by its leading dot, as when the JVM is killed.
    }
  }

  /**
   * Several sweeps' rows are counted together only when no training (trial key) is in two of them, and when no
   * configuration (its axes and ε) comes with two values of a setting that is not an axis (the data sizes, noise,
   * retraining, …): the page keys configurations by their axes, and would pool them.
   */
  private static void refuseShared(Dataset<Row> prepared, List<String> results) {
    List<org.apache.spark.sql.Column> keys = java.util.Arrays.stream(Summaries.CONFIGURATION)
        .map(org.apache.spark.sql.functions::col).toList();
    List<dev.structsweep.sweep.Setting<?>> others = dev.structsweep.sweep.Settings.COLUMNS.stream()
        .filter(setting -> !setting.isAxis()).toList();
    List<org.apache.spark.sql.Column> distinct = others.stream()
        .map(setting -> org.apache.spark.sql.functions.countDistinct(org.apache.spark.sql.functions.col(
            setting.column())).alias(setting.column())).toList();
    org.apache.spark.sql.Column any = org.apache.spark.sql.functions.lit(false);
    for (dev.structsweep.sweep.Setting<?> setting : others) {
      any = any.or(org.apache.spark.sql.functions.col(setting.column()).gt(1));
    }
    List<Row> mixed = prepared.groupBy(keys.toArray(org.apache.spark.sql.Column[]::new))
        .agg(distinct.get(0), distinct.subList(1, distinct.size()).toArray(org.apache.spark.sql.Column[]::new))
        .where(any).limit(1).collectAsList();
    if (!mixed.isEmpty()) {
      Row row = mixed.get(0);
      String setting = others.stream().filter(s -> row.getLong(row.fieldIndex(s.column())) > 1)
          .map(dev.structsweep.sweep.Setting::key).findFirst().orElse("a setting");
      throw new IllegalArgumentException("results " + String.join(", ", results) + " hold one configuration with"
          + " two values of " + setting + ": a report keys configurations by their axes and would pool them; report"
          + " these results apart");
    }
    List<Row> shared = prepared.groupBy("trial_key", EPSILON_COLUMN).count()
        .where(org.apache.spark.sql.functions.col("count").gt(1)).limit(1).collectAsList();
    if (!shared.isEmpty()) {
      throw new IllegalArgumentException("results " + String.join(", ", results) + " hold the same training (trial key "
          + shared.get(0).getString(0) + ") more than once: a report counts each training once, so give each"
          + " configuration's results once");
    }
  }

  private static final String EPSILON_COLUMN = dev.structsweep.store.ResultColumn.EPSILON.column();

  /**
   * The configurations the page names, each with its roles, in a fixed order (so that the same results give the
   * same page): per task those its headline speaks of, then each architecture's own pick.
   */
  static Map<ConfigurationSummary, List<String>> roles(Map<String, List<ConfigurationSummary>> byTask,
      Map<String, Highlights> highlights) {
    Map<ConfigurationSummary, List<String>> roles = new LinkedHashMap<>();
    byTask.forEach((task, ofTask) -> {
      highlights.get(task).roles().forEach((s, r) -> roles.computeIfAbsent(s, k -> new ArrayList<>()).addAll(r));
      Highlights.ofPanels(ofTask).forEach(s -> roles.computeIfAbsent(s, k -> new ArrayList<>()).add(
          s.solvedShare() >= 0.5 ? "its architecture's sparsest solved by half"
              : s.solved() > 0 ? "its architecture's most often solved"
              : "its architecture's best median metric (no seed solves)"));
    });
    return roles;
  }

  /** d3, from its WebJar on the class path: inlined, so that the page needs no network. */
  private static final String D3 = "/META-INF/resources/webjars/d3/7.9.0/dist/d3.min.js";

  private static String resource(String name) throws IOException {
    try (java.io.InputStream in = Report.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** What solved, stuck and the rates mean, with this sweep's thresholds. */
  static String definitions(List<ConfigurationSummary> summaries, Findings.Thresholds thresholds) {
    List<String> solved = new ArrayList<>();
    summaries.stream().map(ConfigurationSummary::task).distinct().sorted()
        .forEach(task -> solved.add(task + " when " + thresholds.solvedText(task).replaceFirst("^solved: ", "")));
    return "Solved: " + String.join("; ", solved) + ", the network pruned at ε. Stuck (a local minimum): unsolved,"
        + " not diverged, and the loss (task loss + λΣ|w|) fell by at most " + Format.share(thresholds.stuckTolerance())
        + " over the last " + Format.share(dev.structsweep.net.TrainingResult.TAIL_SHARE) + " of the epochs; still"
        + " improving: unsolved and falling faster. Every rate is a share of all the trainings of a configuration"
        + " (one per seed), with its 95\u00a0% Wilson interval.";
  }

  /**
   * The thresholds the rows were classified with, from the sweep's own sweep.conf (the spec the rows were
   * trained from); the defaults when it cannot be read (results of another version), and the ε the history counts
   * active edges at (the sweep's first).
   */
  static Findings.Thresholds thresholds(ResultsDirectory directory, List<ConfigurationSummary> summaries) {
    dev.structsweep.sweep.Grid grid = null;
    try {
      String conf = directory.readText(directory.specFile());
      if (conf != null) {
        grid = dev.structsweep.sweep.SweepFiles.recorded(conf, directory.specFile().toString()).grid();
      }
    } catch (IOException | RuntimeException unreadable) {
      // The audit has accepted the chunks; a sweep.conf of another version still leaves the defaults.
    }
    com.typesafe.config.Config defaults = dev.structsweep.sweep.SweepFiles.reference().getConfig("sweep");
    double accuracy = grid == null ? defaults.getDouble("solved.accuracy")
        : (Double) grid.values(dev.structsweep.sweep.Settings.SOLVED_ACCURACY).get(0);
    double r2 = grid == null ? defaults.getDouble("solved.r2")
        : (Double) grid.values(dev.structsweep.sweep.Settings.SOLVED_R2).get(0);
    double tolerance = grid == null ? defaults.getDouble("stuck.tolerance")
        : (Double) grid.values(dev.structsweep.sweep.Settings.STUCK_TOLERANCE).get(0);
    double historyEpsilon = grid != null ? grid.epsilons()[0]
        : summaries.stream().mapToDouble(ConfigurationSummary::epsilon).min().orElse(Double.NaN);
    return new Findings.Thresholds(accuracy, r2, tolerance, historyEpsilon);
  }

  /** The share of the variance of the solve rate and of the median sparsity that each axis and pair explains. */
  static List<ReportData.EffectsOfTask> effects(String task, List<ConfigurationSummary> ofTask) {
    List<String> names = new ArrayList<>();
    List<java.util.function.Function<ConfigurationSummary, Object>> axes = new ArrayList<>();
    for (dev.structsweep.sweep.Setting<?> setting : dev.structsweep.sweep.Settings.CONFIGURATION) {
      if (setting != dev.structsweep.sweep.Settings.TASK) {
        names.add(setting.column());
        axes.add(s -> s.setting(setting));
      }
    }
    names.add("epsilon");
    axes.add(ConfigurationSummary::epsilon);
    List<String> varying = new ArrayList<>();
    List<List<Object>> valuesOf = new ArrayList<>();
    List<java.util.function.Function<ConfigurationSummary, Object>> varyingAxes = new ArrayList<>();
    for (int a = 0; a < axes.size(); a++) {
      List<Object> values = ReportData.distinct(ofTask.stream().map(axes.get(a)).toList());
      if (values.size() > 1) {
        varying.add(names.get(a));
        valuesOf.add(values.stream().map(dev.structsweep.sweep.Settings::text).map(Object.class::cast).toList());
        varyingAxes.add(axes.get(a));
      }
    }
    int[] sizes = valuesOf.stream().mapToInt(List::size).toArray();
    int[][] cells = new int[ofTask.size()][varying.size()];
    for (int c = 0; c < ofTask.size(); c++) {
      for (int a = 0; a < varying.size(); a++) {
        cells[c][a] = valuesOf.get(a).indexOf(dev.structsweep.sweep.Settings.text(varyingAxes.get(a).apply(ofTask.get(c))));
      }
    }
    List<ReportData.EffectsOfTask> effects = new ArrayList<>();
    Effects.of(varying, sizes, cells, ofTask.stream().mapToDouble(ConfigurationSummary::solvedShare).toArray())
        .ifPresent(d -> effects.add(new ReportData.EffectsOfTask(task, "solved rate", d)));
    Effects.of(varying, sizes, cells, ofTask.stream().mapToDouble(ConfigurationSummary::sparsityMedian).toArray())
        .ifPresent(d -> effects.add(new ReportData.EffectsOfTask(task, "sparsity", d)));
    return effects;
  }

  /**
   * The manifest, whose counts (trainings, chunk size, ε) the audit of the chunks uses; a damaged one is named,
   * with the command that rebuilds it.
   */
  static JsonNode readManifest(ResultsDirectory directory) throws IOException {
    try {
      JsonNode manifest = directory.readManifest();
      if (manifest == null) {
        throw new IllegalArgumentException(directory.root() + ": not a sweep's results directory (no manifest.json)");
      }
      return manifest;
    } catch (ResultsDirectory.DamagedManifest damaged) {
      throw new IllegalArgumentException(damaged.getMessage() + "; structsweep repair " + directory.root()
          + " rebuilds it from the committed chunks and sweep.conf");
    }
  }

  /**
   * Per task, architecture and ε (never pooled), the configurations on the Pareto front of median sparsity and
   * median metric.
   */
  static java.util.Set<ConfigurationSummary> paretoFronts(List<ConfigurationSummary> summaries) {
    java.util.Set<ConfigurationSummary> members = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Map<String, List<Statistics.Point<ConfigurationSummary>>> byPanel = new TreeMap<>();
    for (ConfigurationSummary s : summaries) {
      byPanel.computeIfAbsent(s.task() + "|" + s.architecture() + "|" + s.epsilon(), panel -> new ArrayList<>())
          .add(new Statistics.Point<>(s.sparsityMedian(), s.metricMedian(), s));
    }
    for (List<Statistics.Point<ConfigurationSummary>> points : byPanel.values()) {
      Statistics.paretoFront(points).forEach(point -> members.add(point.item()));
    }
    return members;
  }

  /**
   * A new directory in parent named prefix and a random number, made as mkdir makes one: its mode is what the umask
   * leaves, as for any directory a program creates, where Files.createTempDirectory would make it 0700.
   */
  static Path newDirectory(Path parent, String prefix) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Path directory = parent.resolve(prefix + Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current()
          .nextLong()));
      try {
        return Files.createDirectory(directory);
      } catch (java.nio.file.FileAlreadyExistsException taken) {
        if (attempt == 100) {
          throw taken;
        }
      }
    }
  }

  private static void replace(Path staging, Path out) throws IOException {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      return;
    }
    // The directory replaced (an earlier report, an empty directory) keeps the mode it was given.
    if (Files.getFileStore(out).supportsFileAttributeView(java.nio.file.attribute.PosixFileAttributeView.class)) {
      Files.setPosixFilePermissions(staging, Files.getPosixFilePermissions(out, LinkOption.NOFOLLOW_LINKS));
    }
    Path old = Files.createTempDirectory(out.getParent(), "." + out.getFileName() + ".old.");
    Path previous = old.resolve("report");
    try {
      Files.move(out, previous, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      Files.delete(old);
      throw e;
    }
    try {
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      try {
        Files.move(previous, out, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(old);
      } catch (IOException restore) {
        e.addSuppressed(restore);
      }
      throw e;
    }
    deleteRecursively(old);
  }

  static void deleteRecursively(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
