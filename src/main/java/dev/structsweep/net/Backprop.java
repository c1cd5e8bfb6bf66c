package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;

/**
 * Forward and backward passes over a batch held column per sample ({@code features × batch}), with every
 * workspace declared once for the largest batch and reused: a step allocates nothing.
 *
 * <p>Layer k computes z_k = W_k a_{k−1} + b_k 1ᵀ and a_k = f(z_k); the output layer stays linear (z is the
 * logit or the regression value). Backward: δ_last = ∂loss/∂z, ∂W_k = δ_k a_{k−1}ᵀ, ∂b_k = δ_k 1,
 * δ_{k−1} = (W_kᵀ δ_k) ⊙ f'(z_{k−1}).
 *
 * <p>A DAG's layer k reads the stack s_k = [a_0; a_1; …; a_k] of every layer below it (a_0 the input), held as
 * one matrix whose first rows are each layer's stack: z_k = W_k s_k + b_k 1ᵀ, ∂W_k = δ_k s_kᵀ, and a hidden
 * layer's δ sums what every layer above it reads back, (W_mᵀ δ_m) restricted to its rows, before ⊙ f'. A matrix
 * that carries no signal (the repository's idle one) has a gradient of zeros.
 */
public final class Backprop implements LaneKernel {
  private final Topology topology;
  /** As a one-lane kernel ({@link LaneKernel}): the hidden activation, and views of its arrays, bound once. */
  private final Activation activation;
  private Network bound;
  private final DMatrixRMaj inputView = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj targetView = new DMatrixRMaj(1, 1);
  private final DMatrixRMaj[] preActivations;
  private final DMatrixRMaj[] activations;
  private final DMatrixRMaj[] deltas;
  private final DMatrixRMaj[] weightGradients;
  private final DMatrixRMaj[] biasGradients;
  /** DAG only (else null): every layer but the output, stacked; stackPrefix[k] = its first sources(k) rows. */
  private DMatrixRMaj stack;
  private DMatrixRMaj[] stackPrefix;
  /** DAG only: W_kᵀ δ_k, what layer k reads back into the layers below it. */
  private final DMatrixRMaj readBack;

  /** Workspaces for batches of up to batchCapacity samples (larger ones grow them once). */
  public Backprop(Topology topology, int batchCapacity) {
    this(topology, null, batchCapacity);
  }

  /** The one-lane kernel of networks of this topology and activation ({@link LaneKernel#create}). */
  Backprop(Topology topology, Activation activation, int batchCapacity) {
    this.topology = topology;
    this.activation = activation;
    int layers = topology.weightLayers();
    preActivations = new DMatrixRMaj[layers];
    activations = new DMatrixRMaj[layers];
    deltas = new DMatrixRMaj[layers];
    weightGradients = new DMatrixRMaj[topology.matrices()];
    biasGradients = new DMatrixRMaj[layers];
    for (int k = 0; k < layers; k++) {
      int size = topology.size(k + 1);
      preActivations[k] = new DMatrixRMaj(size, batchCapacity);
      // The output layer is linear: its activation is its pre-activation.
      activations[k] = k == layers - 1 ? preActivations[k] : new DMatrixRMaj(size, batchCapacity);
      deltas[k] = new DMatrixRMaj(size, batchCapacity);
      biasGradients[k] = new DMatrixRMaj(size, 1);
    }
    for (int m = 0; m < weightGradients.length; m++) {
      weightGradients[m] = new DMatrixRMaj(topology.targets(m), topology.sources(m));
    }
    if (topology.wiring() == Wiring.LAYERED) {
      readBack = null;
    } else {
      readBack = new DMatrixRMaj(topology.sources(layers - 1), batchCapacity);
      stack = new DMatrixRMaj(topology.sources(layers - 1), batchCapacity);
      wrapStack();
    }
  }

  private void wrapStack() {
    stackPrefix = new DMatrixRMaj[topology.weightLayers()];
    for (int k = 0; k < stackPrefix.length; k++) {
      stackPrefix[k] = DMatrixRMaj.wrap(topology.sources(k), stack.numCols, stack.data);
    }
  }

  /** Shapes the stack for batch columns; its row-major layout keeps each prefix's rows first. */
  private void shapeStack(int batch) {
    int rows = stack.numRows;
    if (stack.data.length < rows * batch) {
      stack.reshape(rows, batch);
      wrapStack();
    }
    stack.reshape(rows, batch);
    for (int k = 0; k < stackPrefix.length; k++) {
      stackPrefix[k].reshape(topology.sources(k), batch);
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
    if (stack != null) {
      return forwardDag(network, input);
    }
    int batch = input.numCols;
    int layers = topology.weightLayers();
    DMatrixRMaj below = input;
    for (int k = 0; k < layers; k++) {
      DMatrixRMaj z = preActivations[k];
      z.reshape(topology.size(k + 1), batch);
      product(network.weights(k), below, z);
      double[] bias = network.hasBias() ? network.biases(k).data : null;
      if (k < layers - 1) {
        DMatrixRMaj a = activations[k];
        a.reshape(z.numRows, batch);
        network.hiddenActivation().apply(bias, z, a);
        below = a;
      } else if (bias != null) {
        addToRows(bias, z);
      }
    }
    return preActivations[layers - 1];
  }

  private DMatrixRMaj forwardDag(Network network, DMatrixRMaj input) {
    int batch = input.numCols;
    int layers = topology.weightLayers();
    shapeStack(batch);
    System.arraycopy(input.data, 0, stack.data, 0, input.numRows * batch);
    for (int k = 0; k < layers; k++) {
      DMatrixRMaj z = preActivations[k];
      z.reshape(topology.size(k + 1), batch);
      product(network.weights(k), stackPrefix[k], z);
      double[] bias = network.hasBias() ? network.biases(k).data : null;
      if (k < layers - 1) {
        DMatrixRMaj a = activations[k];
        a.reshape(z.numRows, batch);
        network.hiddenActivation().apply(bias, z, a);
        // Layer k + 1's rows of the stack follow the sources(k) rows below it.
        System.arraycopy(a.data, 0, stack.data, topology.sources(k) * batch, a.getNumElements());
      } else if (bias != null) {
        addToRows(bias, z);
      }
    }
    return preActivations[layers - 1];
  }

  /**
   * One forward and backward pass: leaves ∂loss/∂W_k and ∂loss/∂b_k in {@link #weightGradient(int)} and
   * {@link #biasGradient(int)}, and the output in {@link #output()}. Returns whether the loss is finite.
   * input, target: Not modified.
   */
  public boolean forwardBackward(Network network, DMatrixRMaj input, DMatrixRMaj target, Loss loss) {
    DMatrixRMaj output = forward(network, input);
    int layers = topology.weightLayers();
    // The idle matrix has no gradient of its own; the L1 rules add to it in place, so it starts each pass at 0.
    for (int m = layers; m < weightGradients.length; m++) {
      java.util.Arrays.fill(weightGradients[m].data, 0, weightGradients[m].getNumElements(), 0.0);
    }
    boolean finite = loss.gradient(output, target, deltas[layers - 1]);
    if (stack != null) {
      backwardDag(network);
      return finite;
    }
    for (int k = layers - 1; k >= 0; k--) {
      DMatrixRMaj delta = deltas[k];
      DMatrixRMaj below = k == 0 ? input : activations[k - 1];
      weightAndBiasGradients(delta, below, weightGradients[k],
          network.hasBias() ? biasGradients[k].data : null);
      if (k > 0) {
        DMatrixRMaj deltaBelow = deltas[k - 1];
        deltaBelow.reshape(topology.size(k), delta.numCols);
        transposedProduct(network.weights(k), delta, deltaBelow);
        network.hiddenActivation().backprop(preActivations[k - 1].data, activations[k - 1].data,
            deltaBelow.data, deltaBelow.getNumElements());
      }
    }
    return finite;
  }

  private void backwardDag(Network network) {
    int layers = topology.weightLayers();
    int batch = stack.numCols;
    for (int k = 0; k < layers - 1; k++) {
      deltas[k].reshape(topology.size(k + 1), batch);
      java.util.Arrays.fill(deltas[k].data, 0, deltas[k].getNumElements(), 0.0);
    }
    for (int k = layers - 1; k >= 0; k--) {
      DMatrixRMaj delta = deltas[k];
      if (k < layers - 1) {
        // Every layer above has read back into this one: its δ is complete but for f'.
        network.hiddenActivation().backprop(preActivations[k].data, activations[k].data, delta.data,
            delta.getNumElements());
      }
      weightAndBiasGradients(delta, stackPrefix[k], weightGradients[k],
          network.hasBias() ? biasGradients[k].data : null);
      if (k > 0) {
        readBack.reshape(topology.sources(k), batch);
        transposedProduct(network.weights(k), delta, readBack);
        for (int layer = 1; layer <= k; layer++) {
          double[] into = deltas[layer - 1].data;
          int from = topology.sourceOffset(k, layer) * batch;
          int count = topology.size(layer) * batch;
          for (int i = 0; i < count; i++) {
            into[i] += readBack.data[from + i];
          }
        }
      }
    }
  }

  /**
   * The kernel contract with one lane, whose layout is EJML's row-major one: the pass of
   * {@link #forwardBackward(Network, DMatrixRMaj, DMatrixRMaj, Loss)} on a network that views weights and biases
   * (bound on the first call; the epoch loop passes the same arrays every time).
   */
  @Override
  public void forwardBackward(double[][] weights, double[][] biases, double[] input, double[] target, int batch,
      Loss loss, boolean[] finite) {
    if (bound == null || bound.weights(0).data != weights[0]) {
      bound = Network.view(topology, activation, weights, biases);
    }
    view(inputView, input, topology.inputs(), batch);
    view(targetView, target, topology.outputs(), batch);
    finite[0] = forwardBackward(bound, inputView, targetView, loss);
  }

  /** m ← a rows × cols view of data, without a copy. m: Modified. */
  private static void view(DMatrixRMaj m, double[] data, int rows, int cols) {
    m.data = data;
    m.numRows = rows;
    m.numCols = cols;
  }

  @Override
  public double[] laneWeightGradient(int m) {
    return weightGradients[m].data;
  }

  @Override
  public double[] laneBiasGradient(int k) {
    return biasGradients[k].data;
  }

  @Override
  public void lossValues(Loss loss, double[] target, int batch, double[] values) {
    loss.valueLanes(laneOutput(), target, topology.outputs() * batch, 1, values);
  }

  @Override
  public double[] laneOutput() {
    return output().data;
  }

  /** The output of the last forward pass ({@code outputs × batch}), live. */
  public DMatrixRMaj output() {
    return preActivations[topology.weightLayers() - 1];
  }

  /** ∂loss/∂W_k from the last {@link #forwardBackward}, live; zeros for a matrix that carries no signal. */
  public DMatrixRMaj weightGradient(int k) {
    return weightGradients[k];
  }

  /** ∂loss/∂b_k from the last {@link #forwardBackward}, live (zero for a network without biases). */
  public DMatrixRMaj biasGradient(int k) {
    return biasGradients[k];
  }

  /**
   * c = a·b ({@code a.numRows × b.numCols}): each element the sum over j in order, started from its first product
   * and each further term added by a fused multiply-add, c ← fma(a_ij, b_j, c), as the vector kernel sums it.
   * c: Modified (reshaped). a, b: Not modified.
   */
  static void product(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    products(a.data, a.numRows, a.numCols, a.numCols, 1, b, c);
  }

  /** c = aᵀ·b ({@code a.numCols × b.numCols}), each element summed as {@link #product} sums it. */
  static void transposedProduct(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    products(a.data, a.numCols, a.numRows, 1, a.numCols, b, c);
  }

  /** c = A·b for the rows × inner matrix A whose element (i, j) is a[i·rowStep + j·termStep]. c: Modified. */
  private static void products(double[] a, int rows, int inner, int rowStep, int termStep, DMatrixRMaj b,
      DMatrixRMaj c) {
    int cols = b.numCols;
    c.reshape(rows, cols);
    double[] bd = b.data;
    double[] cd = c.data;
    for (int i = 0; i < rows; i++) {
      int out = i * cols;
      double first = a[i * rowStep];
      for (int s = 0; s < cols; s++) {
        cd[out + s] = first * bd[s];
      }
      for (int j = 1; j < inner; j++) {
        double w = a[i * rowStep + j * termStep];
        int from = j * cols;
        for (int s = 0; s < cols; s++) {
          cd[out + s] = Math.fma(w, bd[from + s], cd[out + s]);
        }
      }
    }
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

  /**
   * gradW = δ·belowᵀ and gradB = δ·1 (skipped when gradB is null). gradW: Modified. δ, below: Not modified.
   *
   * <p>Each weight's sum runs over the samples in order from 0, each term added by a fused multiply-add
   * (s ← fma(δ, x, s)), and each bias's is the plain sum of δ; up to four sums run in one pass over the batch. A
   * float64 sum is a chain of dependent additions, and on these tiny layers that latency, not arithmetic, is what
   * a step costs.
   */
  static void weightAndBiasGradients(DMatrixRMaj delta, DMatrixRMaj below, DMatrixRMaj gradW,
      double[] gradB) {
    int n = delta.numCols;
    int cols = below.numRows;
    gradW.reshape(delta.numRows, cols);
    double[] d = delta.data;
    double[] x = below.data;
    double[] g = gradW.data;
    for (int i = 0; i < delta.numRows; i++) {
      int row = i * n;
      int j = 0;
      for (; j + 4 <= cols; j += 4) {
        int x0 = j * n;
        int x1 = x0 + n;
        int x2 = x1 + n;
        int x3 = x2 + n;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int s = 0; s < n; s++) {
          double v = d[row + s];
          s0 = Math.fma(v, x[x0 + s], s0);
          s1 = Math.fma(v, x[x1 + s], s1);
          s2 = Math.fma(v, x[x2 + s], s2);
          s3 = Math.fma(v, x[x3 + s], s3);
        }
        int out = i * cols + j;
        g[out] = s0;
        g[out + 1] = s1;
        g[out + 2] = s2;
        g[out + 3] = s3;
      }
      // The last one to three columns share their pass with the bias sum.
      int left = cols - j;
      double sb = 0;
      int x0 = j * n;
      double s0 = 0;
      int x1 = x0 + n;
      double s1 = 0;
      int x2 = x1 + n;
      double s2 = 0;
      for (int s = 0; s < n; s++) {
        double v = d[row + s];
        sb += v;
        if (left > 0) {
          s0 = Math.fma(v, x[x0 + s], s0);
          if (left > 1) {
            s1 = Math.fma(v, x[x1 + s], s1);
            if (left > 2) {
              s2 = Math.fma(v, x[x2 + s], s2);
            }
          }
        }
      }
      int out = i * cols + j;
      if (left > 0) {
        g[out] = s0;
      }
      if (left > 1) {
        g[out + 1] = s1;
      }
      if (left > 2) {
        g[out + 2] = s2;
      }
      if (gradB != null) {
        gradB[i] = sb;
      }
    }
  }
}
