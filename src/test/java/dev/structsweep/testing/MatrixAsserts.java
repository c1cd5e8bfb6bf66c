package dev.structsweep.testing;

import static org.junit.jupiter.api.Assertions.fail;

import org.ejml.data.DMatrixRMaj;

/** Matrix comparisons that name the element that differs and never accept NaN. */
public final class MatrixAsserts {
  private MatrixAsserts() {}

  public static void assertIdentical(DMatrixRMaj expected, DMatrixRMaj actual) {
    assertClose(expected, actual, 0.0);
  }

  /** |expected − actual| ≤ tolerance · max(1, |expected|) at every (i, j). */
  public static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, double tolerance) {
    if (expected.numRows != actual.numRows || expected.numCols != actual.numCols) {
      fail("Must be same shape. " + expected.numRows + "x" + expected.numCols + " vs "
          + actual.numRows + "x" + actual.numCols);
    }
    for (int i = 0; i < expected.numRows; i++) {
      for (int j = 0; j < expected.numCols; j++) {
        double e = expected.get(i, j);
        double a = actual.get(i, j);
        if (Double.isNaN(e) || Double.isNaN(a) || Math.abs(e - a) > tolerance * Math.max(1, Math.abs(e))) {
          fail("(" + i + ", " + j + ") differs: expected " + e + " but was " + a);
        }
      }
    }
  }
}
