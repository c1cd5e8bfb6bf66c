package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EffectsTest {
  private static final double EXACT = 1e-12;

  /** Every cell of a grid of the given sizes, the first axis slowest. */
  private static int[][] grid(int... sizes) {
    List<int[]> cells = new ArrayList<>();
    int total = 1;
    for (int size : sizes) {
      total *= size;
    }
    for (int c = 0; c < total; c++) {
      int[] cell = new int[sizes.length];
      int rest = c;
      for (int a = sizes.length - 1; a >= 0; a--) {
        cell[a] = rest % sizes[a];
        rest /= sizes[a];
      }
      cells.add(cell);
    }
    return cells.toArray(int[][]::new);
  }

  private static Map<String, Double> shares(Effects.Decomposition d) {
    return d.terms().stream().collect(Collectors.toMap(t -> String.join("×", t.axes()), Effects.Term::share));
  }

  @Test
  void additiveEffectsSplitTheVarianceByTheirSquares() {
    // y = 2·[a = 1] + [b = 1] on a 2 × 2 grid: f_a = ±1, f_b = ±0.5, no interaction; Var y = 1 + 0.25.
    int[][] cells = grid(2, 2);
    double[] y = new double[cells.length];
    for (int c = 0; c < cells.length; c++) {
      y[c] = 2 * cells[c][0] + cells[c][1];
    }
    Effects.Decomposition d = Effects.of(List.of("a", "b"), new int[] {2, 2}, cells, y).orElseThrow();
    Map<String, Double> shares = shares(d);
    assertEquals(0.8, shares.get("a"), EXACT);
    assertEquals(0.2, shares.get("b"), EXACT);
    assertEquals(0.0, shares.get("a×b"), EXACT);
    assertEquals(0.0, d.rest(), EXACT);
    assertEquals("a", d.terms().get(0).axes().get(0), "largest first");
  }

  @Test
  void aPureInteractionIsThePairsAlone() {
    // y = a XOR b: both marginals are flat, all the variance is the pair's.
    int[][] cells = grid(2, 2);
    double[] y = new double[cells.length];
    for (int c = 0; c < cells.length; c++) {
      y[c] = cells[c][0] ^ cells[c][1];
    }
    Map<String, Double> shares = shares(Effects.of(List.of("a", "b"), new int[] {2, 2}, cells, y).orElseThrow());
    assertEquals(0.0, shares.get("a"), EXACT);
    assertEquals(0.0, shares.get("b"), EXACT);
    assertEquals(1.0, shares.get("a×b"), EXACT);
  }

  @Test
  void threeAxesLeaveTheirThreeWayInteractionAsTheRest() {
    // y = a + x where x = (−1)^(a+b+c) is a pure three-way interaction on a 2 × 3 × 2 grid... with b of size 3
    // the sign pattern is still orthogonal to every main effect and pair. Var(a) = 0.25, Var(x) = 1.
    int[] sizes = {2, 3, 2};
    int[][] cells = grid(sizes);
    double[] y = new double[cells.length];
    for (int c = 0; c < cells.length; c++) {
      int b = cells[c][1];
      double threeWay = b == 2 ? 0 : ((cells[c][0] + b + cells[c][2]) % 2 == 0 ? 1 : -1);
      y[c] = cells[c][0] + threeWay;
    }
    double mean = java.util.Arrays.stream(y).average().orElseThrow();
    double total = java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).average().orElseThrow();
    Effects.Decomposition d = Effects.of(List.of("a", "b", "c"), sizes, cells, y).orElseThrow();
    Map<String, Double> shares = shares(d);
    double explained = shares.values().stream().mapToDouble(Double::doubleValue).sum();
    assertEquals(1.0, explained + d.rest(), EXACT, "the shares and the rest make the whole");
    assertEquals(0.25 / total, shares.get("a"), EXACT, "a's main effect is exactly its ±0.5 steps");
    assertTrue(d.rest() > 0.1, "the three-way pattern is left to the rest: " + d.rest());
  }

  @Test
  void onlyAFullGridOfFiniteValuesWithSomeVarianceIsDecomposed() {
    int[][] cells = grid(2, 2);
    assertTrue(Effects.of(List.of("a", "b"), new int[] {2, 2}, cells, new double[] {1, 1, 1, 1}).isEmpty(),
        "no variance");
    assertTrue(Effects.of(List.of("a", "b"), new int[] {2, 2}, java.util.Arrays.copyOf(cells, 3),
        new double[] {1, 2, 3}).isEmpty(), "a cell missing");
    assertTrue(Effects.of(List.of("a", "b"), new int[] {2, 2}, cells, new double[] {1, 2, Double.NaN, 4}).isEmpty(),
        "an undefined value");
    assertTrue(Effects.of(List.of("a"), new int[] {4}, grid(4), new double[] {1, 2, 3, 4}).isEmpty(),
        "one axis: nothing to rank");
    int[][] twice = {{0, 0}, {0, 1}, {1, 0}, {1, 0}};
    assertTrue(Effects.of(List.of("a", "b"), new int[] {2, 2}, twice, new double[] {1, 2, 3, 4}).isEmpty(),
        "a cell twice");
  }
}
