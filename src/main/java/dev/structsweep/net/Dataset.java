package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Samples as rows: inputs {@code n × in}, targets {@code n × out}. The forward pass reads them as columns, one
 * per sample ({@link #columns()}), transposed once per data set.
 */
public record Dataset(DMatrixRMaj inputs, DMatrixRMaj targets) {
  public Dataset {
    if (inputs.numRows != targets.numRows) {
      throw new IllegalArgumentException("Inputs and targets must have one row per sample. "
          + inputs.numRows + "x" + inputs.numCols + " vs " + targets.numRows + "x" + targets.numCols);
    }
  }

  public int size() {
    return inputs.numRows;
  }

  /** The same samples as columns: inputs {@code in × n}, targets {@code out × n}. A new copy. */
  public Columns columns() {
    return new Columns(CommonOps_DDRM.transpose(inputs, null), CommonOps_DDRM.transpose(targets, null));
  }

  /** Samples as columns, the layout of the forward and backward passes. Read, never modified, by its users. */
  public record Columns(DMatrixRMaj inputs, DMatrixRMaj targets) {
    public int size() {
      return inputs.numCols;
    }
  }
}
