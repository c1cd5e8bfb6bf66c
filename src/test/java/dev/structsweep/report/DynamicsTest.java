package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamicsTest {
  private static final double[] NONE = {Double.NaN, Double.NaN, Double.NaN};

  @Test
  void solvedTrumpsTheOutcomeAndEveryUnsolvedButStuckIsOther() {
    assertEquals("solved", Dynamics.outcomeClass(true, "stuck"));
    assertEquals("stuck", Dynamics.outcomeClass(false, "stuck"));
    assertEquals("other", Dynamics.outcomeClass(false, "improving"));
    assertEquals("other", Dynamics.outcomeClass(false, "diverged"));
    assertEquals("other", Dynamics.outcomeClass(false, null));
  }

  @Test
  void eachClassKeepsItsOwnQuartilesOnTheSharedEpochs() {
    List<Dynamics.ClassPoint> points = List.of(
        point("stuck", 20, 0.6), point("solved", 0, 0.7), point("solved", 20, 0.1), point("stuck", 0, 0.7),
        point("other", 10, 0.5));
    Dynamics.Curve curve = Dynamics.assemble(null, points, Map.of("solved", 3, "stuck", 2, "other", 1)).orElseThrow();
    assertArrayEquals(new int[] {0, 10, 20}, curve.epochs(), "the union of the sampled epochs, in order");
    assertEquals(List.of("solved", "stuck", "other"), curve.classes().stream().map(Dynamics.ClassCurve::outcome).toList(),
        "solved, stuck, other, in the order the page draws them");
    Dynamics.ClassCurve solved = curve.classes().get(0);
    assertEquals(3, solved.seeds());
    assertArrayEquals(new double[] {0.7, Double.NaN, 0.1}, solved.quartiles().loss()[1], 1e-12,
        "the solved median, and nothing where no solved seed was sampled");
    assertArrayEquals(new double[] {0.7, Double.NaN, 0.6}, curve.classes().get(1).quartiles().loss()[1], 1e-12,
        "the stuck median apart from the solved one");
    assertEquals(1, curve.classes().get(2).seeds());
  }

  @Test
  void aClassWithoutPointsIsLeftOutAndOneEpochIsNoCurve() {
    Dynamics.Curve curve = Dynamics.assemble(null, List.of(point("solved", 0, 1), point("solved", 5, 0.5)),
        Map.of("solved", 4)).orElseThrow();
    assertEquals(1, curve.classes().size(), "no stuck or other curve without their seeds");
    assertTrue(Dynamics.assemble(null, List.of(point("solved", 0, 1)), Map.of("solved", 1)).isEmpty(),
        "a single epoch is no curve");
  }

  private static Dynamics.ClassPoint point(String outcome, int epoch, double median) {
    double[] q = {median * 0.9, median, median * 1.1};
    return new Dynamics.ClassPoint(outcome, epoch, q, q, NONE);
  }
}
