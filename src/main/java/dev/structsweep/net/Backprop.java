package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * Forward and backward passes over a batch held column per sample ({@code features × batch}), with every
 * workspace declared once for the largest batch and reused: a step allocates nothing.
 *
 * <p>Layer k computes z_k = W_k a_{k−1} + b_k 1ᵀ and a_k = f(z_k); the output layer stays linear (z is the
 * logit or the regression value). Backward: δ_last = ∂loss/∂z, ∂W_k = δ_k a_{k−1}ᵀ, ∂b_k = δ_k 1,
 * δ_{k−1} = (W_kᵀ δ_k) ⊙ f'(z_{k−1}).
 */
public final class Backprop {
  private final Topology topology;
  private final DMatrixRMaj[] preActivations;
  private final DMatrixRMaj[] activations;
  private final DMatrixRMaj[] deltas;
  private final DMatrixRMaj[] weightGradients;
  private final DMatrixRMaj[] biasGradients;

  /** Workspaces for batches of up to batchCapacity samples (larger ones grow them once). */
  public Backprop(Topology topology, int batchCapacity) {
    this.topology = topology;
    int layers = topology.weightLayers();
    preActivations = new DMatrixRMaj[layers];
    activations = new DMatrixRMaj[layers];
    deltas = new DMatrixRMaj[layers];
    weightGradients = new DMatrixRMaj[layers];
    biasGradients = new DMatrixRMaj[layers];
    for (int k = 0; k < layers; k++) {
      int size = topology.size(k + 1);
      preActivations[k] = new DMatrixRMaj(size, batchCapacity);
      // The output layer is linear: its activation is its pre-activation.
      activations[k] = k == layers - 1 ? preActivations[k] : new DMatrixRMaj(size, batchCapacity);
      deltas[k] = new DMatrixRMaj(size, batchCapacity);
      weightGradients[k] = new DMatrixRMaj(size, topology.size(k));
      biasGradients[k] = new DMatrixRMaj(size, 1);
    }
  }

  /**
   * Runs the network on input ({@code inputs × batch}) and returns its linear output
   * ({@code outputs × batch}), a live workspace valid until the next call. input: Not modified.
   */
  public DMatrixRMaj forward(Network network, DMatrixRMaj input) {
    if (input.numRows != topology.inputs()) {
      throw new IllegalArgumentException("Input must have one row per network input. "
          + input.numRows + "x" + input.numCols + " vs " + topology.inputs() + " inputs");
    }
    int batch = input.numCols;
    int layers = topology.weightLayers();
    DMatrixRMaj below = input;
    for (int k = 0; k < layers; k++) {
      DMatrixRMaj z = preActivations[k];
      z.reshape(topology.size(k + 1), batch);
      CommonOps_DDRM.mult(network.weights(k), below, z);
      if (network.hasBias()) {
        addToRows(network.biases(k).data, z);
      }
      if (k < layers - 1) {
        DMatrixRMaj a = activations[k];
        a.reshape(z.numRows, batch);
        network.hiddenActivation().apply(z.data, a.data, z.getNumElements());
        below = a;
      }
    }
    return preActivations[layers - 1];
  }

  /**
   * One forward and backward pass; returns the mean task loss and leaves ∂loss/∂W_k and ∂loss/∂b_k in
   * {@link #weightGradient(int)} and {@link #biasGradient(int)}. input, target: Not modified.
   */
  public double forwardBackward(Network network, DMatrixRMaj input, DMatrixRMaj target, Loss loss) {
    DMatrixRMaj output = forward(network, input);
    int layers = topology.weightLayers();
    double taskLoss = loss.gradient(output, target, deltas[layers - 1]);
    for (int k = layers - 1; k >= 0; k--) {
      DMatrixRMaj delta = deltas[k];
      DMatrixRMaj below = k == 0 ? input : activations[k - 1];
      CommonOps_DDRM.multTransB(delta, below, weightGradients[k]);
      if (network.hasBias()) {
        sumRows(delta, biasGradients[k].data);
      }
      if (k > 0) {
        DMatrixRMaj deltaBelow = deltas[k - 1];
        deltaBelow.reshape(topology.size(k), delta.numCols);
        CommonOps_DDRM.multTransA(network.weights(k), delta, deltaBelow);
        network.hiddenActivation().backprop(preActivations[k - 1].data, activations[k - 1].data,
            deltaBelow.data, deltaBelow.getNumElements());
      }
    }
    return taskLoss;
  }

  /** ∂loss/∂W_k from the last {@link #forwardBackward}, live. */
  public DMatrixRMaj weightGradient(int k) {
    return weightGradients[k];
  }

  /** ∂loss/∂b_k from the last {@link #forwardBackward}, live (zero for a network without biases). */
  public DMatrixRMaj biasGradient(int k) {
    return biasGradients[k];
  }

  /** m[i, :] += column[i]. m: Modified. */
  private static void addToRows(double[] column, DMatrixRMaj m) {
    int cols = m.numCols;
    double[] data = m.data;
    for (int i = 0; i < m.numRows; i++) {
      double value = column[i];
      int start = i * cols;
      for (int j = start; j < start + cols; j++) {
        data[j] += value;
      }
    }
  }

  /** sums[i] = Σ_j m[i, j]. sums: Modified. */
  private static void sumRows(DMatrixRMaj m, double[] sums) {
    int cols = m.numCols;
    double[] data = m.data;
    for (int i = 0; i < m.numRows; i++) {
      double sum = 0;
      int start = i * cols;
      for (int j = start; j < start + cols; j++) {
        sum += data[j];
      }
      sums[i] = sum;
    }
  }
}
