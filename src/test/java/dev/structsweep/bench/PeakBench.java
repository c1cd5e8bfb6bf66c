package dev.structsweep.bench;

import java.util.Arrays;
import java.util.Locale;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The FP64 peak of one core as this JVM reaches it: twelve independent chains of vector fused multiply-adds
 * (2 FLOPs per lane), and of a multiply then an add (Java's rounding, the kernel's), held in registers with no memory
 * traffic, -Drounds=N rounds of 10⁸ FLOPs each in one JVM; GFLOP/s, the median and the best round.
 * Run: {@code mvn -B -q -Pbench test-compile exec:exec -Dbench.main=dev.structsweep.bench.PeakBench}.
 */
public final class PeakBench {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int W = SPECIES.length();

  public static void main(String[] args) {
    int rounds = Integer.getInteger("rounds", 15);
    long iterations = 100_000_000L / (12 * 2 * W);
    double[] fused = new double[rounds];
    double[] separate = new double[rounds];
    double sink = 0;
    for (int r = -3; r < rounds; r++) {
      long start = System.nanoTime();
      sink += fused(iterations);
      double f = 12.0 * 2 * W * iterations / (System.nanoTime() - start);
      start = System.nanoTime();
      sink += separate(iterations);
      double s = 12.0 * 2 * W * iterations / (System.nanoTime() - start);
      if (r >= 0) {
        fused[r] = f;
        separate[r] = s;
      }
    }
    Arrays.sort(fused);
    Arrays.sort(separate);
    System.out.printf(Locale.ROOT, "java %s, %d lanes of FP64 per vector%n", System.getProperty("java.version"), W);
    System.out.printf(Locale.ROOT, "fused multiply-add: %.1f GFLOP/s median, %.1f best%n", fused[rounds / 2],
        fused[rounds - 1]);
    System.out.printf(Locale.ROOT, "multiply then add:  %.1f GFLOP/s median, %.1f best%n", separate[rounds / 2],
        separate[rounds - 1]);
    System.out.println("(checksum " + sink + ")");
  }

  private static double fused(long iterations) {
    DoubleVector a = DoubleVector.broadcast(SPECIES, 0.999999);
    DoubleVector b = DoubleVector.broadcast(SPECIES, 1e-9);
    DoubleVector c0 = DoubleVector.broadcast(SPECIES, 1.0);
    DoubleVector c1 = c0.add(1);
    DoubleVector c2 = c0.add(2);
    DoubleVector c3 = c0.add(3);
    DoubleVector c4 = c0.add(4);
    DoubleVector c5 = c0.add(5);
    DoubleVector c6 = c0.add(6);
    DoubleVector c7 = c0.add(7);
    DoubleVector c8 = c0.add(8);
    DoubleVector c9 = c0.add(9);
    DoubleVector c10 = c0.add(10);
    DoubleVector c11 = c0.add(11);
    for (long i = 0; i < iterations; i++) {
      c0 = c0.fma(a, b);
      c1 = c1.fma(a, b);
      c2 = c2.fma(a, b);
      c3 = c3.fma(a, b);
      c4 = c4.fma(a, b);
      c5 = c5.fma(a, b);
      c6 = c6.fma(a, b);
      c7 = c7.fma(a, b);
      c8 = c8.fma(a, b);
      c9 = c9.fma(a, b);
      c10 = c10.fma(a, b);
      c11 = c11.fma(a, b);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }

  private static double separate(long iterations) {
    DoubleVector a = DoubleVector.broadcast(SPECIES, 0.999999);
    DoubleVector b = DoubleVector.broadcast(SPECIES, 1e-9);
    DoubleVector c0 = DoubleVector.broadcast(SPECIES, 1.0);
    DoubleVector c1 = c0.add(1);
    DoubleVector c2 = c0.add(2);
    DoubleVector c3 = c0.add(3);
    DoubleVector c4 = c0.add(4);
    DoubleVector c5 = c0.add(5);
    DoubleVector c6 = c0.add(6);
    DoubleVector c7 = c0.add(7);
    DoubleVector c8 = c0.add(8);
    DoubleVector c9 = c0.add(9);
    DoubleVector c10 = c0.add(10);
    DoubleVector c11 = c0.add(11);
    for (long i = 0; i < iterations; i++) {
      c0 = c0.mul(a).add(b);
      c1 = c1.mul(a).add(b);
      c2 = c2.mul(a).add(b);
      c3 = c3.mul(a).add(b);
      c4 = c4.mul(a).add(b);
      c5 = c5.mul(a).add(b);
      c6 = c6.mul(a).add(b);
      c7 = c7.mul(a).add(b);
      c8 = c8.mul(a).add(b);
      c9 = c9.mul(a).add(b);
      c10 = c10.mul(a).add(b);
      c11 = c11.mul(a).add(b);
    }
    return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
  }
}
