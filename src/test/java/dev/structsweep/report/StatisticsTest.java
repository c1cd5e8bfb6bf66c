package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {
  private static final double TOLERANCE = 1e-4;

  @Test
  void wilsonIntervalsMatchPublishedValues() {
    // Newcombe (1998), "Two-sided confidence intervals for the single proportion", published to 4 places.
    assertInterval(Statistics.wilson(81, 263), 81.0 / 263, 0.2553, 0.3662);
    assertInterval(Statistics.wilson(15, 148), 15.0 / 148, 0.0624, 0.1605);
    assertInterval(Statistics.wilson(0, 20), 0.0, 0.0, 0.1611);
    assertInterval(Statistics.wilson(1, 29), 1.0 / 29, 0.0061, 0.1718);
    // 0 of n and n of n: the interval touches the bound and is not empty.
    assertInterval(Statistics.wilson(0, 10), 0.0, 0.0, 0.2775);
    assertInterval(Statistics.wilson(10, 10), 1.0, 0.7225, 1.0);
    assertInterval(Statistics.wilson(5, 10), 0.5, 0.2366, 0.7634);
  }

  @Test
  void wilsonOfNothingIsUndefined() {
    Statistics.Interval none = Statistics.wilson(0, 0);
    assertTrue(Double.isNaN(none.estimate()) && Double.isNaN(none.low()) && Double.isNaN(none.high()));
    assertThrows(IllegalArgumentException.class, () -> Statistics.wilson(3, 2));
  }

  @Test
  void paretoFrontKeepsOnlyUndominatedPoints() {
    List<Statistics.Point<String>> points = List.of(
        new Statistics.Point<>(0.0, 1.0, "dense and perfect"),
        new Statistics.Point<>(0.5, 1.0, "half pruned and perfect"),
        new Statistics.Point<>(0.4, 0.9, "dominated by the one above"),
        new Statistics.Point<>(0.7, 0.8, "sparser, worse"),
        new Statistics.Point<>(0.7, 0.6, "dominated at the same sparsity"),
        new Statistics.Point<>(0.9, 0.5, "sparsest"),
        new Statistics.Point<>(0.95, Double.NaN, "undefined metric"));
    List<String> front = Statistics.paretoFront(points).stream().map(Statistics.Point::item).toList();
    assertEquals(List.of("half pruned and perfect", "sparser, worse", "sparsest"), front);
  }

  private static void assertInterval(Statistics.Interval interval, double estimate, double low, double high) {
    assertEquals(estimate, interval.estimate(), 1e-12);
    assertEquals(low, interval.low(), TOLERANCE, "low");
    assertEquals(high, interval.high(), TOLERANCE, "high");
  }

  @Test
  void ecdfStepsAtEachDistinctValueToTheShareAtOrBelowIt() {
    Statistics.Ecdf ecdf = Statistics.ecdf(new double[] {0.75, 0.5, 1.0, 0.5, Double.NaN, 0.75, 0.5, 1.0});
    // Eight seeds: one diverged (below every value), 0.5 three times, 0.75 twice, 1.0 twice.
    assertEquals(1.0 / 8, ecdf.start(), 0.0);
    assertEquals(List.of(0.5, 0.75, 1.0), java.util.Arrays.stream(ecdf.x()).boxed().toList());
    assertEquals(4.0 / 8, ecdf.share()[0], 0.0);
    assertEquals(6.0 / 8, ecdf.share()[1], 0.0);
    assertEquals(1.0, ecdf.share()[2], 0.0);
    Statistics.Ecdf diverged = Statistics.ecdf(new double[] {Double.NaN});
    assertEquals(0, diverged.x().length);
    assertEquals(1.0, diverged.start(), 0.0);
  }

  @Test
  void wilsonEndsExactlyAtTheBoundsForNoneAndAll() {
    for (int n : new int[] {1, 7, 20, 50, 200, 1000}) {
      assertEquals(0.0, Statistics.wilson(0, n).low(), 0.0, "0 of " + n);
      assertEquals(1.0, Statistics.wilson(n, n).high(), 0.0, n + " of " + n);
    }
  }

  @Test
  void pointsEqualInBothCoordinatesAreBothOnTheFront() {
    List<Statistics.Point<String>> points = List.of(new Statistics.Point<>(0.5, 1.0, "a"),
        new Statistics.Point<>(0.5, 1.0, "b"), new Statistics.Point<>(0.25, 1.0, "dominated"),
        new Statistics.Point<>(0.75, 0.5, "c"));
    assertEquals(List.of("a", "b", "c"), Statistics.paretoFront(points).stream().map(Statistics.Point::item)
        .sorted().toList());
  }

  @Test
  void aValueRanksByTheSharesStrictlyBelowAndAboveIt() {
    double[] accuracies = {0.5, 0.5, 0.5, 0.75, 0.75, 1.0, 1.0, 1.0, Double.NaN, 0.745};
    Statistics.Rank rank = Statistics.rank(0.745, accuracies);
    assertEquals(9, rank.of(), "NaN left out");
    assertEquals(3.0 / 9, rank.below(), 1e-15);
    assertEquals(5.0 / 9, rank.above(), 1e-15, "ties are neither below nor above");
    Statistics.Rank top = Statistics.rank(1.0, accuracies);
    assertEquals(0.0, top.above());
  }
}
