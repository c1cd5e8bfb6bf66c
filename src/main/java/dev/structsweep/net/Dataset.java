package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;

/**
 * Samples as rows: inputs {@code n × in}, targets {@code n × out}. The trainer transposes them once into
 * its column-per-sample workspaces.
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
}
