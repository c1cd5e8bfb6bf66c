package dev.structsweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import dev.structsweep.sweep.ChunkAudit;
import dev.structsweep.sweep.ResultsDirectory;
import dev.structsweep.sweep.ResultsLock;
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
    System.setProperty("java.awt.headless", "true");
    ResultsDirectory directory = new ResultsDirectory(results, spark.sparkContext().hadoopConfiguration());
    BitSet committed = directory.committedChunks();
    if (committed.isEmpty()) {
      throw new IllegalArgumentException("results " + results + " hold no committed chunk: nothing to report");
    }
    JsonNode manifest = readManifest(directory);
    long trainings = manifest.path("trainings").asLong();
    long expectedChunks = manifest.path("chunks").asLong();
    ChunkAudit.refuseStrays(directory, expectedChunks);
    ChunkAudit.audit(spark, directory, trainings, manifest.path("chunkSize").asInt(),
        manifest.path("epsilons").asInt(), committed);
    String sweep = manifest.path("sweep").asText("sweep");
    Optional<ResultsLock.Holder> running = ResultsLock.liveHolder(directory);
    List<String> paths = new ArrayList<>();
    for (int chunk = committed.nextSetBit(0); chunk >= 0; chunk = committed.nextSetBit(chunk + 1)) {
      paths.add(directory.chunk(chunk).toString());
    }
    // mergeSchema: chunks written before a setting was added lack its column; the union of them all is read.
    Dataset<Row> prepared = Summaries.prepare(spark.read().option("mergeSchema", "true")
        .parquet(paths.toArray(String[]::new)));
    List<ConfigurationSummary> summaries = Summaries.summarise(prepared);
    java.util.Set<ConfigurationSummary> front = paretoFronts(summaries);

    Path out = target.directory();
    Path parent = out.getParent();
    Files.createDirectories(parent);
    Path staging = Files.createTempDirectory(parent, "." + out.getFileName() + ".");
    try {
      Files.writeString(staging.resolve(ReportTarget.MARKER), ReportTarget.marker(sweep));
      Path charts = Files.createDirectories(staging.resolve("charts"));
      Map<String, Object> page = new LinkedHashMap<>();
      page.put("sweep", sweep);
      page.put("specHash", manifest.path("specHash").asText(""));
      page.put("status", running.isPresent() ? "running" : manifest.path("status").asText(""));
      running.ifPresent(holder -> page.put("stillRunning", "A sweep is still writing these results ("
          + holder.describe(java.time.Instant.now()) + "): this report covers the " + committed.cardinality()
          + " chunks committed when it was made."));
      page.put("chunks", committed.cardinality() + " of " + manifest.path("chunks").asLong());
      // Every training has one row per ε of the sweep, so the trainings are the trials at any one ε.
      double smallestEpsilon = summaries.stream().mapToDouble(ConfigurationSummary::epsilon).min().orElse(0);
      long trials = summaries.stream().filter(s -> s.epsilon() == smallestEpsilon)
          .mapToLong(ConfigurationSummary::trials).sum();
      page.put("trials", trials);
      page.put("configurations", summaries.size());
      page.put("version", manifest.path("versions").path("structsweep").asText(""));
      page.put("gitCommit", manifest.path("gitCommit").asText("unknown"));

      List<Map<String, Object>> tasks = new ArrayList<>();
      Map<String, List<ConfigurationSummary>> byTask = new TreeMap<>();
      for (ConfigurationSummary summary : summaries) {
        byTask.computeIfAbsent(summary.task(), task -> new ArrayList<>()).add(summary);
      }
      List<ConfigurationSummary> dynamicsChosen = new ArrayList<>();
      int taskIndex = 0;
      for (Map.Entry<String, List<ConfigurationSummary>> entry : byTask.entrySet()) {
        String task = entry.getKey();
        // File names come from the report's own numbering: a task is a value from the results, not a path.
        String stem = FileNames.stem(task, ++taskIndex);
        List<ConfigurationSummary> ofTask = entry.getValue();
        String metric = ofTask.get(0).metric();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("task", task);
        section.put("metric", metric);
        Optional<ConfigurationSummary> best = bestSparse(ofTask);
        section.put("best", best.map(Report::headline).orElse(null));
        Optional<ConfigurationSummary> paper = PaperClaims.configuration(task, ofTask);
        PaperClaims.PAPER.stream().filter(claim -> claim.task().key().equals(task)).findFirst().ifPresent(claim -> {
          Map<String, Object> comparison = new LinkedHashMap<>();
          comparison.put("paperMetric", claim.metricText());
          comparison.put("paperEdges", claim.edgesText());
          comparison.put("ours", paper.map(Report::headline).orElse(null));
          comparison.put("missing", paper.isEmpty());
          section.put("paper", comparison);
        });
        List<Map<String, Object>> images = new ArrayList<>();
        String tradeoff = "charts/" + stem + "-tradeoff.png";
        Charts.save(Charts.tradeoff(task, metric, ofTask), staging.resolve(tradeoff));
        images.add(image(tradeoff, task + ": sparsity against the pruned metric"));
        for (double epsilon : ofTask.stream().map(ConfigurationSummary::epsilon).distinct().sorted().limit(4).toList()) {
          String name = "charts/" + stem + "-local-minima-eps-" + Format.number(epsilon) + ".png";
          List<ConfigurationSummary> atEpsilon = ofTask.stream().filter(s -> s.epsilon() == epsilon).toList();
          Charts.save(Charts.localMinimumHeatmap(task + ": local-minimum rate (%) at ε = " + Format.number(epsilon),
              atEpsilon), staging.resolve(name));
          images.add(image(name, task + ": local-minimum rate at ε = " + Format.number(epsilon)));
        }
        String edges = "charts/" + stem + "-active-edges.png";
        double firstEpsilon = ofTask.stream().mapToDouble(ConfigurationSummary::epsilon).min().orElse(0);
        Charts.save(Charts.activeEdges(task, ofTask.stream().filter(s -> s.epsilon() == firstEpsilon).toList()),
            staging.resolve(edges));
        images.add(image(edges, task + ": active edges against λ"));
        best.ifPresent(dynamicsChosen::add);
        paper.filter(p -> best.isEmpty() || !p.sameTraining(best.get())).ifPresent(dynamicsChosen::add);
        if (best.isEmpty() && paper.isEmpty()) {
          mostSolved(ofTask).ifPresent(dynamicsChosen::add);
        }
        if (best.isPresent()) {
          Optional<Map<String, Object>> network = Networks.draw(prepared, best.get(), charts, task,
              stem + "-network.png");
          network.ifPresent(images::add);
        }
        section.put("images", images);
        tasks.add(section);
      }
      List<Map<String, Object>> dynamics = Dynamics.draw(prepared,
          dynamicsChosen.stream().limit(MAX_DYNAMICS).toList(), charts);
      page.put("tasks", tasks);
      page.put("dynamics", dynamics);
      page.put("hasDynamics", !dynamics.isEmpty());
      page.put("rows", SummaryTables.pageRows(summaries, front));

      SummaryTables.writeCsv(summaries, front, staging.resolve("summary.csv"));
      Files.writeString(staging.resolve("summary.md"), SummaryTables.markdown(sweep, summaries, front));
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
    }
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
   * The sparsest configuration that at least half of its seeds solve; ties go to the one more seeds solve.
   */
  static Optional<ConfigurationSummary> bestSparse(List<ConfigurationSummary> summaries) {
    return summaries.stream()
        .filter(s -> s.trials() > 0 && 2 * s.solved() >= s.trials() && !Double.isNaN(s.sparsityMedian()))
        .max(Comparator.comparingDouble(ConfigurationSummary::sparsityMedian)
            .thenComparingDouble(s -> (double) s.solved() / s.trials()));
  }

  /** Per task, the configurations (at their ε) on the Pareto front of median sparsity and median metric. */
  static java.util.Set<ConfigurationSummary> paretoFronts(List<ConfigurationSummary> summaries) {
    java.util.Set<ConfigurationSummary> members = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    Map<String, List<Statistics.Point<ConfigurationSummary>>> byTask = new TreeMap<>();
    for (ConfigurationSummary s : summaries) {
      byTask.computeIfAbsent(s.task(), task -> new ArrayList<>())
          .add(new Statistics.Point<>(s.sparsityMedian(), s.metricMedian(), s));
    }
    for (List<Statistics.Point<ConfigurationSummary>> points : byTask.values()) {
      Statistics.paretoFront(points).forEach(point -> members.add(point.item()));
    }
    return members;
  }

  /** The configuration the largest share of seeds solve: the curves to show when no other is chosen. */
  static Optional<ConfigurationSummary> mostSolved(List<ConfigurationSummary> summaries) {
    return summaries.stream().filter(s -> s.trials() > 0)
        .max(Comparator.comparingDouble(s -> (double) s.solved() / s.trials()));
  }

  private static Map<String, Object> headline(ConfigurationSummary s) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("label", s.label());
    line.put("epsilon", Format.number(s.epsilon()));
    line.put("metric", Format.measured(s.metricMedian()));
    line.put("metricName", s.metric());
    line.put("activeEdges", Format.measured(s.activeEdgeQuartiles()[1]));
    line.put("edges", s.edges());
    line.put("sparsity", Format.percent(s.sparsityMedian()));
    line.put("solved", s.solved() + " of " + s.trials());
    line.put("localMinimum", Format.percent(s.localMinimum().estimate()) + " (95 % CI "
        + Format.percent(s.localMinimum().low()) + " – " + Format.percent(s.localMinimum().high()) + ")");
    return line;
  }

  private static Map<String, Object> image(String file, String caption) {
    Map<String, Object> image = new LinkedHashMap<>();
    image.put("file", file);
    image.put("caption", caption);
    return image;
  }

  private static void replace(Path staging, Path out) throws IOException {
    if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      Files.move(staging, out, StandardCopyOption.ATOMIC_MOVE);
      return;
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
