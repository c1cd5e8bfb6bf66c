package dev.structsweep.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn by XChart into PNG files. */
final class Charts {
  private static final int WIDTH = 760;
  private static final int HEIGHT = 460;
  private static final Color POSITIVE = new Color(0x1f77b4);
  private static final Color NEGATIVE = new Color(0xd62728);

  private Charts() {}

  static void save(Chart<?, ?> chart, Path file) throws IOException {
    ChartEncoder.saveChart(chart, file.toString(), "png");
  }

  /** Median sparsity against the median pruned metric, one point per configuration, with the Pareto front. */
  static XYChart tradeoff(String task, String metric, List<ConfigurationSummary> summaries) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(task + ": sparsity against pruned test " + metric + " (median over seeds, bars: quartiles)")
        .xAxisTitle("sparsity (share of edges pruned)").yAxisTitle("pruned test " + metric).build();
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    List<Double> errors = new ArrayList<>();
    List<Statistics.Point<ConfigurationSummary>> points = new ArrayList<>();
    for (ConfigurationSummary summary : summaries) {
      if (Double.isNaN(summary.metricMedian()) || Double.isNaN(summary.sparsityMedian())) {
        continue;
      }
      xs.add(summary.sparsityMedian());
      ys.add(summary.metricMedian());
      errors.add((summary.metricQuartiles()[2] - summary.metricQuartiles()[0]) / 2);
      points.add(new Statistics.Point<>(summary.sparsityMedian(), summary.metricMedian(), summary));
    }
    if (xs.isEmpty()) {
      xs.add(0.0);
      ys.add(0.0);
      errors.add(0.0);
    }
    XYSeries configurations = chart.addSeries("configurations", xs, ys, errors);
    configurations.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    configurations.setMarker(SeriesMarkers.CIRCLE);
    List<Statistics.Point<ConfigurationSummary>> front = Statistics.paretoFront(points);
    if (!front.isEmpty()) {
      XYSeries pareto = chart.addSeries("Pareto front", front.stream().map(Statistics.Point::x).toList(),
          front.stream().map(Statistics.Point::y).toList());
      pareto.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      pareto.setMarker(SeriesMarkers.DIAMOND);
      pareto.setLineColor(NEGATIVE);
      pareto.setMarkerColor(NEGATIVE);
    }
    return chart;
  }

  /** The local-minimum rate over λ × learning rate, pooled over the other axes' configurations. */
  static HeatMapChart localMinimumHeatmap(String title, List<ConfigurationSummary> summaries) {
    TreeSet<Double> lambdas = new TreeSet<>();
    TreeSet<Double> rates = new TreeSet<>();
    Map<String, long[]> counts = new TreeMap<>();
    for (ConfigurationSummary summary : summaries) {
      lambdas.add(summary.lambda());
      rates.add(summary.learningRate());
      long[] count = counts.computeIfAbsent(summary.lambda() + "|" + summary.learningRate(), key -> new long[2]);
      count[0] += summary.trials() - summary.solved() - summary.diverged();
      count[1] += summary.trials() - summary.diverged();
    }
    List<String> xs = lambdas.stream().map(Format::number).toList();
    List<String> ys = rates.stream().map(Format::number).toList();
    List<Number[]> cells = new ArrayList<>();
    List<Double> lambdaList = new ArrayList<>(lambdas);
    List<Double> rateList = new ArrayList<>(rates);
    for (int i = 0; i < lambdaList.size(); i++) {
      for (int j = 0; j < rateList.size(); j++) {
        long[] count = counts.get(lambdaList.get(i) + "|" + rateList.get(j));
        if (count != null && count[1] > 0) {
          cells.add(new Number[] {i, j, Math.round(1000.0 * count[0] / count[1]) / 10.0});
        }
      }
    }
    HeatMapChart chart = new HeatMapChartBuilder().width(WIDTH).height(HEIGHT).title(title)
        .xAxisTitle("λ").yAxisTitle("learning rate").build();
    chart.getStyler().setShowValue(true);
    chart.getStyler().setMin(0);
    chart.getStyler().setMax(100);
    chart.getStyler().setRangeColors(new Color[] {new Color(0xf7fbff), new Color(0x6baed6), new Color(0x08306b)});
    chart.addSeries("local-minimum rate (%)", xs, ys, cells);
    return chart;
  }

  /** Median active edges against λ, one line per L1 rule (median over the other axes' configurations). */
  static XYChart activeEdges(String task, List<ConfigurationSummary> summaries) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .title(task + ": active edges against λ, per L1 rule").xAxisTitle("λ").yAxisTitle("active edges (median)")
        .build();
    Map<String, TreeMap<Double, List<Double>>> byRule = new TreeMap<>();
    for (ConfigurationSummary summary : summaries) {
      if (!Double.isNaN(summary.activeEdgeQuartiles()[1])) {
        byRule.computeIfAbsent(summary.l1(), rule -> new TreeMap<>())
            .computeIfAbsent(summary.lambda(), lambda -> new ArrayList<>()).add(summary.activeEdgeQuartiles()[1]);
      }
    }
    if (byRule.isEmpty()) {
      chart.addSeries("no data", new double[] {0}, new double[] {0});
    }
    for (Map.Entry<String, TreeMap<Double, List<Double>>> rule : byRule.entrySet()) {
      List<Double> xs = new ArrayList<>(rule.getValue().keySet());
      List<Double> ys = rule.getValue().values().stream().map(Charts::median).toList();
      XYSeries series = chart.addSeries(rule.getKey(), xs, ys);
      series.setMarker(SeriesMarkers.CIRCLE);
      series.setLineStyle(SeriesLines.SOLID);
    }
    return chart;
  }

  /** A training curve: median and quartiles over seeds, against the epoch. */
  static XYChart dynamics(String title, String yTitle, double[] epochs, double[][] quartiles) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch")
        .yAxisTitle(yTitle).build();
    String[] names = {"lower quartile", "median", "upper quartile"};
    for (int q = 0; q < 3; q++) {
      XYSeries series = chart.addSeries(names[q], epochs, quartiles[q]);
      series.setMarker(SeriesMarkers.NONE);
      series.setLineColor(q == 1 ? POSITIVE : new Color(0x9ecae1));
      if (q != 1) {
        series.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f));
      }
    }
    return chart;
  }

  /**
   * A network drawn as a graph: nodes as markers, layer by layer from left to right, and every surviving edge
   * (|w| ≥ ε) as a line, blue for positive weights and red for negative, thicker for larger |w|.
   */
  static XYChart network(String title, int[] layers, double[] weights, double epsilon) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setAxisTicksVisible(false);
    chart.getStyler().setPlotGridLinesVisible(false);
    double max = 1e-12;
    for (double w : weights) {
      max = Math.max(max, Math.abs(w));
    }
    int at = 0;
    int edge = 0;
    for (int k = 0; k + 1 < layers.length; k++) {
      for (int i = 0; i < layers[k + 1]; i++) {
        for (int j = 0; j < layers[k]; j++) {
          double w = weights[at++];
          if (Math.abs(w) < epsilon) {
            continue;
          }
          XYSeries line = chart.addSeries("edge " + edge++, new double[] {k, k + 1},
              new double[] {position(j, layers[k]), position(i, layers[k + 1])});
          line.setMarker(SeriesMarkers.NONE);
          line.setLineStyle(SeriesLines.SOLID);
          line.setLineColor(w > 0 ? POSITIVE : NEGATIVE);
          line.setLineWidth((float) (1 + 5 * Math.abs(w) / max));
        }
      }
    }
    for (int k = 0; k < layers.length; k++) {
      double[] xs = new double[layers[k]];
      double[] ys = new double[layers[k]];
      for (int n = 0; n < layers[k]; n++) {
        xs[n] = k;
        ys[n] = position(n, layers[k]);
      }
      XYSeries nodes = chart.addSeries("layer " + k, xs, ys);
      nodes.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      nodes.setMarker(SeriesMarkers.CIRCLE);
      nodes.setMarkerColor(Color.DARK_GRAY);
    }
    return chart;
  }

  private static double position(int index, int count) {
    return (index + 1.0) / (count + 1.0);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
