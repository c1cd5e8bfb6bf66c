package dev.structsweep.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Interval estimates and the Pareto front: small pure functions the report is built on. */
public final class Statistics {
  /** The 97.5 % quantile of the standard normal: a 95 % two-sided interval. */
  public static final double Z95 = 1.959963984540054;

  private Statistics() {}

  /** A proportion with its interval; NaN throughout when n = 0. */
  public record Interval(double estimate, double low, double high) {}

  /**
   * Wilson score interval for k successes in n trials: (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n).
   * Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and is not empty at 0 of n or n of n.
   */
  public static Interval wilson(long k, long n) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("successes must be in [0, n], found " + k + " of " + n);
    }
    if (n == 0) {
      return new Interval(Double.NaN, Double.NaN, Double.NaN);
    }
    double p = (double) k / n;
    double z2 = Z95 * Z95;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2.0 * n)) / denominator;
    double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
    // At 0 of n and n of n the interval ends exactly at the bound (in floating point it misses by ~1e-18).
    return new Interval(p, k == 0 ? 0 : Math.max(0, centre - half), k == n ? 1 : Math.min(1, centre + half));
  }

  /** A point to be maximised in both coordinates. */
  public record Point<T>(double x, double y, T item) {}

  /**
   * The points not dominated by another (another is at least as good in both coordinates and better in one),
   * in increasing x. Points with a NaN coordinate are never on the front.
   */
  public static <T> List<Point<T>> paretoFront(List<Point<T>> points) {
    List<Point<T>> sorted = new ArrayList<>();
    for (Point<T> point : points) {
      if (!Double.isNaN(point.x()) && !Double.isNaN(point.y())) {
        sorted.add(point);
      }
    }
    // Highest x first; among equal x, highest y first. Walk keeping the best y seen: a point is on the front
    // when its y beats every point with a larger (or equal, earlier) x.
    sorted.sort(Comparator.<Point<T>>comparingDouble(Point::x).reversed()
        .thenComparing(Comparator.<Point<T>>comparingDouble(Point::y).reversed()));
    List<Point<T>> front = new ArrayList<>();
    double bestY = Double.NEGATIVE_INFINITY;
    Point<T> last = null;
    for (Point<T> point : sorted) {
      // A point equal in both coordinates to one on the front is not dominated by it: both are on the front.
      if (point.y() > bestY || (last != null && point.x() == last.x() && point.y() == last.y())) {
        front.add(0, point);
        bestY = point.y();
        last = point;
      }
    }
    return front;
  }

  /**
   * The empirical distribution function of values: start, the share of values that are not numbers (diverged seeds,
   * which count as below every value), then at each distinct value x the share of values ≤ x.
   */
  public record Ecdf(double start, double[] x, double[] share) {}

  public static Ecdf ecdf(double[] values) {
    double[] sorted = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
    int missing = values.length - sorted.length;
    List<Double> xs = new ArrayList<>();
    List<Double> shares = new ArrayList<>();
    for (int i = 0; i < sorted.length; i++) {
      if (i + 1 == sorted.length || sorted[i + 1] != sorted[i]) {
        xs.add(sorted[i]);
        shares.add((missing + i + 1) / (double) values.length);
      }
    }
    return new Ecdf(values.length == 0 ? Double.NaN : missing / (double) values.length,
        xs.stream().mapToDouble(Double::doubleValue).toArray(), shares.stream().mapToDouble(Double::doubleValue).toArray());
  }

  /** Where x falls among values: the shares strictly below and strictly above it (ties are in neither). */
  public record Rank(double below, double above, int of) {}

  public static Rank rank(double x, double[] values) {
    int below = 0;
    int above = 0;
    int of = 0;
    for (double value : values) {
      if (Double.isFinite(value)) {
        of++;
        below += value < x ? 1 : 0;
        above += value > x ? 1 : 0;
      }
    }
    return of == 0 ? new Rank(Double.NaN, Double.NaN, 0) : new Rank((double) below / of, (double) above / of, of);
  }
}
