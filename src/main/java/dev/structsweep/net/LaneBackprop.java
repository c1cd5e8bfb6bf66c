package dev.structsweep.net;

import java.util.Arrays;

/**
 * {@link Backprop}'s forward and backward passes for L networks of one topology at once, each on its own batch, laid
 * out lanes innermost: element (r, c) of lane l of any matrix is at {@code (r·cols + c)·L + l}. A weight matrix holds
 * each weight's L values side by side, a layer ({@code units × batch}) each sample's L values side by side, so that
 * every innermost loop runs across the lanes: independent sums that the JIT keeps in flight together (and vectorises
 * where it can), where one network's sums over a small layer are chains of dependent additions.
 *
 * <p>Every lane computes exactly what {@link Backprop} computes for its network, operation for operation and in the
 * same order, so the same bits:
 * <ul>
 *   <li>z_k = W_k·below, each element a sum over the sources in order that starts either from the first product (as
 *       EJML's {@code mult_reorder} and matrix-vector product do: batches of 1 or of at least 15 samples) or from 0
 *       (its {@code mult_small}: batches of 2 to 14); {@link #firstProductForward} decides as
 *       {@code CommonOps_DDRM.mult} does;</li>
 *   <li>δ_{k−1} = W_kᵀ·δ_k the same way, as {@code CommonOps_DDRM.multTransA} chooses
 *       ({@link #firstProductBack});</li>
 *   <li>∂W_k = δ_k·belowᵀ and ∂b_k = δ_k·1, each sum over the samples in order from 0, as
 *       {@link Backprop#weightAndBiasGradients};</li>
 *   <li>the bias, the activation, the loss's gradient and finiteness per element as the single pass computes them.</li>
 * </ul>
 * The workspaces are declared once for the largest batch: a pass allocates nothing. {@code LaneKernelTest} holds it
 * against {@link Backprop}'s EJML operations, lane by lane, bit for bit.
 */
final class LaneBackprop implements LaneKernel {
  private final Topology topology;
  private final Activation activation;
  private final int lanes;
  private final double[][] preActivations;
  private final double[][] activations;
  private final double[][] deltas;
  private final double[][] weightGradients;
  private final double[][] biasGradients;
  /** DAG only (else null): the input and every hidden layer stacked, row block k + 1 after the sources(k) below. */
  private final double[] stack;
  private final double[] readBack;
  /** Per lane: the running sum that decides whether the loss is finite. */
  private final double[] finiteness;

  LaneBackprop(Topology topology, Activation activation, int lanes, int batchCapacity) {
    this.topology = topology;
    this.activation = activation;
    this.lanes = lanes;
    int layers = topology.weightLayers();
    preActivations = new double[layers][];
    activations = new double[layers][];
    deltas = new double[layers][];
    biasGradients = new double[layers][];
    weightGradients = new double[topology.matrices()][];
    for (int k = 0; k < layers; k++) {
      int size = topology.size(k + 1);
      preActivations[k] = new double[size * batchCapacity * lanes];
      activations[k] = k == layers - 1 ? preActivations[k] : new double[size * batchCapacity * lanes];
      deltas[k] = new double[size * batchCapacity * lanes];
      biasGradients[k] = new double[size * lanes];
    }
    for (int m = 0; m < weightGradients.length; m++) {
      weightGradients[m] = new double[topology.targets(m) * topology.sources(m) * lanes];
    }
    if (topology.wiring() == Wiring.LAYERED) {
      stack = null;
      readBack = null;
    } else {
      stack = new double[topology.sources(layers - 1) * batchCapacity * lanes];
      readBack = new double[topology.sources(layers - 1) * batchCapacity * lanes];
    }
    finiteness = new double[lanes];
  }

  /** Whether {@code CommonOps_DDRM.mult(W, X)} of a batch of this many samples sums from the first product. */
  static boolean firstProductForward(int batch) {
    return batch == 1 || batch >= 15;
  }

  /** Whether {@code CommonOps_DDRM.multTransA(W, δ)} sums from the first product, for W with this many columns. */
  static boolean firstProductBack(int sources, int batch) {
    return batch == 1 ? sources >= 15 : sources >= 15 || batch >= 15;
  }

  /**
   * Runs every lane's network on its input ({@code inputs × batch} per lane) and returns the output layer
   * ({@code outputs × batch} per lane), a live workspace. weights[m], biases[k] (null without biases): lane layout.
   */
  double[] forward(double[][] weights, double[][] biases, double[] input, int batch) {
    int layers = topology.weightLayers();
    double[] below = input;
    if (stack != null) {
      System.arraycopy(input, 0, stack, 0, topology.inputs() * batch * lanes);
      below = stack;
    }
    boolean first = firstProductForward(batch);
    for (int k = 0; k < layers; k++) {
      int rows = topology.size(k + 1);
      double[] z = preActivations[k];
      multiply(weights[k], rows, topology.sources(k), below, batch, first, z);
      double[] bias = biases == null ? null : biases[k];
      if (k < layers - 1) {
        activation.applyLanes(bias, z, activations[k], rows, batch, lanes);
        if (stack != null) {
          System.arraycopy(activations[k], 0, stack, topology.sources(k) * batch * lanes, rows * batch * lanes);
        } else {
          below = activations[k];
        }
      } else if (bias != null) {
        addToRows(bias, z, rows, batch);
      }
    }
    return preActivations[layers - 1];
  }

  /**
   * One forward and backward pass of every lane: leaves ∂loss/∂W_m and ∂loss/∂b_k in {@link #weightGradient} and
   * {@link #biasGradient}; finite[l] ← whether lane l's loss is finite. input, target: lane layout, Not modified.
   */
  @Override
  public void forwardBackward(double[][] weights, double[][] biases, double[] input, double[] target, int batch,
      Loss loss, boolean[] finite) {
    double[] output = forward(weights, biases, input, batch);
    int layers = topology.weightLayers();
    for (int m = layers; m < weightGradients.length; m++) {
      Arrays.fill(weightGradients[m], 0.0);
    }
    loss.gradientLanes(output, target, topology.outputs() * batch, lanes, deltas[layers - 1], finiteness, finite);
    if (stack != null) {
      backwardDag(weights, biases, batch);
      return;
    }
    for (int k = layers - 1; k >= 0; k--) {
      double[] below = k == 0 ? input : activations[k - 1];
      int rows = topology.size(k + 1);
      int cols = topology.size(k);
      gradients(deltas[k], rows, below, cols, batch, weightGradients[k],
          biases == null ? null : biasGradients[k]);
      if (k > 0) {
        multiplyTransA(weights[k], rows, cols, deltas[k], batch, firstProductBack(cols, batch), deltas[k - 1]);
        activation.backprop(preActivations[k - 1], activations[k - 1], deltas[k - 1], cols * batch * lanes);
      }
    }
  }

  private void backwardDag(double[][] weights, double[][] biases, int batch) {
    int layers = topology.weightLayers();
    for (int k = 0; k < layers - 1; k++) {
      Arrays.fill(deltas[k], 0, topology.size(k + 1) * batch * lanes, 0.0);
    }
    for (int k = layers - 1; k >= 0; k--) {
      int rows = topology.size(k + 1);
      int sources = topology.sources(k);
      double[] delta = deltas[k];
      if (k < layers - 1) {
        activation.backprop(preActivations[k], activations[k], delta, rows * batch * lanes);
      }
      gradients(delta, rows, stack, sources, batch, weightGradients[k], biases == null ? null : biasGradients[k]);
      if (k > 0) {
        multiplyTransA(weights[k], rows, sources, delta, batch, firstProductBack(sources, batch), readBack);
        for (int layer = 1; layer <= k; layer++) {
          double[] into = deltas[layer - 1];
          int from = topology.sourceOffset(k, layer) * batch * lanes;
          int count = topology.size(layer) * batch * lanes;
          for (int i = 0; i < count; i++) {
            into[i] += readBack[from + i];
          }
        }
      }
    }
  }

  /** ∂loss/∂W_m of the last pass, lane layout, live. */
  @Override
  public double[] weightGradient(int m) {
    return weightGradients[m];
  }

  /** ∂loss/∂b_k of the last pass, lane layout, live. */
  @Override
  public double[] biasGradient(int k) {
    return biasGradients[k];
  }

  /** The output of the last pass, lane layout, live. */
  @Override
  public double[] output() {
    return preActivations[topology.weightLayers() - 1];
  }

  /**
   * z = W·x per lane: W rows × cols, x the first cols rows of a cols′ × batch matrix, each sum over j in order,
   * from W[i,0]·x[0,c] when first, else from 0 + W[i,0]·x[0,c] (which differs only in the sign of a zero). z: Modified.
   */
  void multiply(double[] w, int rows, int cols, double[] x, int batch, boolean first, double[] z) {
    int lanes = this.lanes;
    int span = batch * lanes;
    for (int i = 0; i < rows; i++) {
      int zRow = i * span;
      int wRow = i * cols * lanes;
      for (int c = 0; c < batch; c++) {
        int zc = zRow + c * lanes;
        int xc = c * lanes;
        if (first) {
          for (int l = 0; l < lanes; l++) {
            z[zc + l] = w[wRow + l] * x[xc + l];
          }
        } else {
          for (int l = 0; l < lanes; l++) {
            z[zc + l] = 0.0 + w[wRow + l] * x[xc + l];
          }
        }
      }
      for (int j = 1; j < cols; j++) {
        int wj = wRow + j * lanes;
        int xRow = j * span;
        for (int c = 0; c < batch; c++) {
          int zc = zRow + c * lanes;
          int xc = xRow + c * lanes;
          for (int l = 0; l < lanes; l++) {
            z[zc + l] += w[wj + l] * x[xc + l];
          }
        }
      }
    }
  }

  /** out = Wᵀ·δ per lane: W rows × cols, δ rows × batch; each sum over i in order, started as in multiply. */
  void multiplyTransA(double[] w, int rows, int cols, double[] delta, int batch, boolean first, double[] out) {
    int lanes = this.lanes;
    int span = batch * lanes;
    for (int j = 0; j < cols; j++) {
      int outRow = j * span;
      int w0 = j * lanes;
      for (int c = 0; c < batch; c++) {
        int oc = outRow + c * lanes;
        int dc = c * lanes;
        if (first) {
          for (int l = 0; l < lanes; l++) {
            out[oc + l] = w[w0 + l] * delta[dc + l];
          }
        } else {
          for (int l = 0; l < lanes; l++) {
            out[oc + l] = 0.0 + w[w0 + l] * delta[dc + l];
          }
        }
      }
      for (int i = 1; i < rows; i++) {
        int wi = (i * cols + j) * lanes;
        int dRow = i * span;
        for (int c = 0; c < batch; c++) {
          int oc = outRow + c * lanes;
          int dc = dRow + c * lanes;
          for (int l = 0; l < lanes; l++) {
            out[oc + l] += w[wi + l] * delta[dc + l];
          }
        }
      }
    }
  }

  /**
   * gradW = δ·belowᵀ (rows × cols) and gradB = δ·1 (skipped when null) per lane, each a sum over the samples in order
   * from 0; below's first cols rows are read. The sample loop runs outside the columns so that the row's cols·L sums
   * are independent of one another within it. gradW, gradB: Modified.
   */
  void gradients(double[] delta, int rows, double[] below, int cols, int batch, double[] gradW, double[] gradB) {
    int lanes = this.lanes;
    int span = batch * lanes;
    for (int i = 0; i < rows; i++) {
      int gRow = i * cols * lanes;
      Arrays.fill(gradW, gRow, gRow + cols * lanes, 0.0);
      int dRow = i * span;
      if (gradB != null) {
        Arrays.fill(gradB, i * lanes, (i + 1) * lanes, 0.0);
      }
      for (int c = 0; c < batch; c++) {
        int dc = dRow + c * lanes;
        for (int j = 0; j < cols; j++) {
          int gj = gRow + j * lanes;
          int xc = j * span + c * lanes;
          for (int l = 0; l < lanes; l++) {
            gradW[gj + l] += delta[dc + l] * below[xc + l];
          }
        }
        if (gradB != null) {
          int b = i * lanes;
          for (int l = 0; l < lanes; l++) {
            gradB[b + l] += delta[dc + l];
          }
        }
      }
    }
  }

  /** z[r, c] += bias[r] per lane. z: Modified. */
  private void addToRows(double[] bias, double[] z, int rows, int batch) {
    int lanes = this.lanes;
    for (int r = 0; r < rows; r++) {
      int b = r * lanes;
      for (int c = 0; c < batch; c++) {
        int zc = (r * batch + c) * lanes;
        for (int l = 0; l < lanes; l++) {
          z[zc + l] += bias[b + l];
        }
      }
    }
  }
}
