package dev.structsweep.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which setting matters: a functional ANOVA of one measure over a full grid. With μ the mean of y over every
 * cell, the main effect of axis a at value u is f_a(u) = mean(y | a = u) − μ, and the pair effect of a and b is
 * f_ab(u, v) = mean(y | a = u, b = v) − f_a(u) − f_b(v) − μ. On a full grid (every combination once) these terms
 * are orthogonal, so the variance of y splits exactly into their variances, the rest being interactions of three
 * axes or more; each share is a term's variance over y's.
 */
final class Effects {
  private Effects() {}

  /** A term: one axis or a pair, by their indices into the axis names, and its share of the variance. */
  record Term(List<String> axes, double share) {}

  /** Main effects and pairs, largest first, and what is left to interactions of three or more axes. */
  record Decomposition(List<Term> terms, double rest) {}

  /**
   * The decomposition of y over the cells, where cells[c][a] is the index of cell c's value on axis a (0 to
   * sizes[a] − 1). Empty unless the cells are a full grid of finite values with some variance, over at least
   * two axes that take two values or more.
   */
  static Optional<Decomposition> of(List<String> names, int[] sizes, int[][] cells, double[] y) {
    int axes = sizes.length;
    long full = 1;
    for (int size : sizes) {
      full *= size;
    }
    if (axes < 2 || cells.length != full || Arrays.stream(sizes).anyMatch(size -> size < 2)
        || Arrays.stream(y).anyMatch(value -> !Double.isFinite(value))) {
      return Optional.empty();
    }
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int[] cell : cells) {
      if (!seen.add(Arrays.toString(cell))) {
        return Optional.empty();
      }
    }
    double mean = Arrays.stream(y).average().orElse(Double.NaN);
    double total = Arrays.stream(y).map(value -> (value - mean) * (value - mean)).sum() / y.length;
    if (!(total > 1e-15 * Math.max(1, mean * mean))) {
      return Optional.empty();
    }
    double[][] main = new double[axes][];
    List<Term> terms = new ArrayList<>();
    for (int a = 0; a < axes; a++) {
      main[a] = marginal(cells, y, a, sizes[a]);
      double variance = 0;
      for (int u = 0; u < sizes[a]; u++) {
        main[a][u] -= mean;
        variance += main[a][u] * main[a][u];
      }
      terms.add(new Term(List.of(names.get(a)), variance / sizes[a] / total));
    }
    for (int a = 0; a < axes; a++) {
      for (int b = a + 1; b < axes; b++) {
        Map<Long, double[]> sums = new HashMap<>();
        for (int c = 0; c < cells.length; c++) {
          double[] sum = sums.computeIfAbsent((long) cells[c][a] * sizes[b] + cells[c][b], key -> new double[2]);
          sum[0] += y[c];
          sum[1]++;
        }
        double variance = 0;
        for (Map.Entry<Long, double[]> entry : sums.entrySet()) {
          int u = (int) (entry.getKey() / sizes[b]);
          int v = (int) (entry.getKey() % sizes[b]);
          double effect = entry.getValue()[0] / entry.getValue()[1] - main[a][u] - main[b][v] - mean;
          variance += effect * effect;
        }
        terms.add(new Term(List.of(names.get(a), names.get(b)), variance / sums.size() / total));
      }
    }
    double explained = terms.stream().mapToDouble(Term::share).sum();
    terms.sort(Comparator.comparingDouble(Term::share).reversed());
    return Optional.of(new Decomposition(List.copyOf(terms), Math.max(0, 1 - explained)));
  }

  /** mean(y | axis = u) for every u. */
  private static double[] marginal(int[][] cells, double[] y, int axis, int size) {
    double[] sum = new double[size];
    int[] count = new int[size];
    for (int c = 0; c < cells.length; c++) {
      sum[cells[c][axis]] += y[c];
      count[cells[c][axis]]++;
    }
    for (int u = 0; u < size; u++) {
      sum[u] /= count[u];
    }
    return sum;
  }
}
