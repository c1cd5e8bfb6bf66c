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
    return new Interval(p, Math.max(0, centre - half), Math.min(1, centre + half));
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
    for (Point<T> point : sorted) {
      if (point.y() > bestY) {
        front.add(0, point);
        bestY = point.y();
      }
    }
    return front;
  }
}
