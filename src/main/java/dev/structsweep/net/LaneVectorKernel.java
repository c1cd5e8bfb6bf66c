package dev.structsweep.net;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneBackprop}'s pass written with the Vector API, one vector of lanes ({@link #width} side by side, 8 with
 * AVX-512) at a time, in four passes over the batch: the forward pass of each sample (every layer's z and a kept per
 * sample), the loss's gradient and finiteness (on its own, so that no vector is live across {@code Math.exp}), δ
 * carried down each sample, and the gradients, each element's sum over the samples held in a register, four sources
 * at a time. Every lane performs exactly {@link Backprop}'s operations in its order: each z = W·below and each
 * δ = Wᵀ·δ element a sum over its sources in order, started from the first product or from 0 as EJML starts it
 * ({@link LaneBackprop#firstProductForward}, {@link LaneBackprop#firstProductBack}); each gradient element a sum over
 * the samples in order from 0; the bias (or + 0 without biases), the activation, the loss's gradient and its
 * finiteness sum per element. Vector operations act lane by lane with Java's rounding (a multiply and an add, never
 * fused), so each lane's bits are the single pass's. tanh ({@link Numerics#tanh}), the sigmoid and the
 * cross-entropy's exponential ({@link Math#exp}) are computed lane by lane, scalar. No vector crosses a method call: one that leaves an un-inlined method is
 * boxed, and the boxes cost more than the arithmetic.
 *
 * <p>Layered networks with one output only (the finiteness sum of several outputs runs output-major, not sample by
 * sample); the lane count a multiple of {@link #width}. {@link LaneKernel#create} chooses it where it applies.
 * {@code LaneKernelTest} holds one pass against {@link Backprop} and {@code LaneTrainerTest} whole trainings against
 * {@link Trainer}, lane by lane, bit for bit.
 */
final class LaneVectorKernel implements LaneKernel {
  private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  private static final int W = SPECIES.length();

  private final Activation activation;
  private final int lanes;
  private final int layers;
  /** sizes[k]: units of layer k (0 the input). */
  private final int[] sizes;
  private final double[][] weightGradients;
  private final double[][] biasGradients;
  private final double[] output;
  /**
   * Per layer above the input, for the vector of lanes in hand: every sample's pre-activations, activations and δ,
   * unit u of sample c at (c·units + u)·W.
   */
  private final double[][] z;
  private final double[][] a;
  private final double[][] delta;
  private final double[] scalars = new double[W];
  private final double[] sums;

  LaneVectorKernel(Topology topology, Activation activation, int lanes, int batchCapacity) {
    if (topology.wiring() != Wiring.LAYERED || topology.outputs() != 1 || lanes % W != 0) {
      throw new IllegalArgumentException("the vector kernel runs layered networks with one output on a multiple of "
          + W + " lanes, found " + topology.wiring() + ", " + topology.outputs() + " outputs, " + lanes + " lanes");
    }
    this.activation = activation;
    this.lanes = lanes;
    this.layers = topology.weightLayers();
    sizes = new int[layers + 1];
    for (int k = 0; k <= layers; k++) {
      sizes[k] = topology.size(k);
    }
    weightGradients = new double[layers][];
    biasGradients = new double[layers][];
    z = new double[layers][];
    a = new double[layers][];
    delta = new double[layers][];
    for (int k = 0; k < layers; k++) {
      weightGradients[k] = new double[sizes[k + 1] * sizes[k] * lanes];
      biasGradients[k] = new double[sizes[k + 1] * lanes];
      z[k] = new double[sizes[k + 1] * batchCapacity * W];
      a[k] = new double[sizes[k + 1] * batchCapacity * W];
      delta[k] = new double[sizes[k + 1] * batchCapacity * W];
    }
    output = new double[batchCapacity * lanes];
    sums = new double[lanes];
  }

  /** Lanes per vector on this machine. */
  static int width() {
    return W;
  }

  @Override
  public void forwardBackward(double[][] weights, double[][] biases, double[] input, double[] target, int batch,
      Loss loss, boolean[] finite) {
    boolean first = LaneBackprop.firstProductForward(batch);
    boolean crossEntropy = loss == Loss.BINARY_CROSS_ENTROPY;
    double n = batch;
    Arrays.fill(sums, 0.0);
    double[] outDelta = delta[layers - 1];
    for (int l0 = 0; l0 < lanes; l0 += W) {
      for (int c = 0; c < batch; c++) {
        forwardSample(weights, biases, input, batch, c, l0, first);
      }
      // The loss on its own pass: no vector is live across Math.exp, whose calls would spill them.
      for (int c = 0; c < batch; c++) {
        int at = c * lanes + l0;
        int into = c * W;
        if (crossEntropy) {
          for (int l = 0; l < W; l++) {
            double v = output[at + l];
            sums[l0 + l] += v * 0.0;
            outDelta[into + l] = (Numerics.sigmoid(v, Math.exp(-Math.abs(v))) - target[at + l]) / n;
          }
        } else {
          DoubleVector diff = DoubleVector.fromArray(SPECIES, output, at)
              .sub(DoubleVector.fromArray(SPECIES, target, at));
          DoubleVector.fromArray(SPECIES, sums, l0).add(diff.mul(diff)).intoArray(sums, l0);
          diff.mul(2.0).div(n).intoArray(outDelta, into);
        }
      }
      for (int c = 0; c < batch; c++) {
        backwardSample(weights, batch, c, l0);
      }
      for (int k = 0; k < layers; k++) {
        gradients(k, input, batch, l0, biases != null);
      }
    }
    for (int l = 0; l < lanes; l++) {
      finite[l] = crossEntropy ? sums[l] == 0 : Double.isFinite(sums[l]);
    }
  }

  /**
   * Sample c of lanes l0 … l0 + W − 1 through every layer: each hidden layer's z and a into the workspaces, the
   * output into {@link #output}.
   */
  private void forwardSample(double[][] weights, double[][] biases, double[] input, int batch, int c, int l0,
      boolean first) {
    DoubleVector zero = DoubleVector.zero(SPECIES);
    for (int k = 0; k < layers; k++) {
      int rows = sizes[k + 1];
      int cols = sizes[k];
      double[] w = weights[k];
      // Unit j of the layer below: the input's row j, or this sample's activations.
      double[] below = k == 0 ? input : a[k - 1];
      int base = k == 0 ? c * lanes + l0 : c * cols * W;
      int stride = k == 0 ? batch * lanes : W;
      int unit0 = c * rows * W;
      boolean hidden = k < layers - 1;
      for (int i = 0; i < rows; i++) {
        int at = i * cols * lanes + l0;
        DoubleVector acc = DoubleVector.fromArray(SPECIES, w, at).mul(DoubleVector.fromArray(SPECIES, below, base));
        if (!first) {
          acc = zero.add(acc);
        }
        for (int j = 1; j < cols; j++) {
          acc = acc.add(DoubleVector.fromArray(SPECIES, w, at + j * lanes)
              .mul(DoubleVector.fromArray(SPECIES, below, base + j * stride)));
        }
        if (hidden) {
          acc = acc.add(biases == null ? zero : DoubleVector.fromArray(SPECIES, biases[k], i * lanes + l0));
          acc.intoArray(z[k], unit0 + i * W);
          if (activation == Activation.RELU) {
            zero.blend(acc, acc.compare(VectorOperators.GT, 0.0)).intoArray(a[k], unit0 + i * W);
          } else {
            acc.intoArray(a[k], unit0 + i * W);
          }
        } else {
          if (biases != null) {
            acc = acc.add(DoubleVector.fromArray(SPECIES, biases[k], i * lanes + l0));
          }
          acc.intoArray(output, c * lanes + l0);
        }
      }
      if (hidden && activation != Activation.RELU) {
        activateInPlace(a[k], unit0, rows * W);
      }
    }
  }

  /** a ← tanh(a) or σ(a), element by element with {@link Numerics}' functions, as {@link Activation#apply}. */
  private void activateInPlace(double[] values, int from, int count) {
    if (activation == Activation.TANH) {
      for (int l = from; l < from + count; l++) {
        values[l] = Numerics.tanh(values[l]);
      }
    } else {
      for (int l = from; l < from + count; l++) {
        values[l] = Numerics.sigmoid(values[l]);
      }
    }
  }

  /** δ of sample c's output is in place: carries it down through every layer. */
  private void backwardSample(double[][] weights, int batch, int c, int l0) {
    DoubleVector zero = DoubleVector.zero(SPECIES);
    DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
    for (int k = layers - 1; k > 0; k--) {
      int rows = sizes[k + 1];
      int cols = sizes[k];
      double[] d = delta[k];
      int d0 = c * rows * W;
      int base = c * cols * W;
      boolean first = LaneBackprop.firstProductBack(cols, batch);
      double[] w = weights[k];
      double[] into = delta[k - 1];
      for (int j = 0; j < cols; j++) {
        DoubleVector acc = DoubleVector.fromArray(SPECIES, w, j * lanes + l0)
            .mul(DoubleVector.fromArray(SPECIES, d, d0));
        if (!first) {
          acc = zero.add(acc);
        }
        for (int i = 1; i < rows; i++) {
          acc = acc.add(DoubleVector.fromArray(SPECIES, w, (i * cols + j) * lanes + l0)
              .mul(DoubleVector.fromArray(SPECIES, d, d0 + i * W)));
        }
        // g · f′, as Activation.backprop computes it.
        int v = base + j * W;
        if (activation == Activation.RELU) {
          VectorMask<Double> on = DoubleVector.fromArray(SPECIES, z[k - 1], v).compare(VectorOperators.GT, 0.0);
          acc = zero.blend(acc, on);
        } else if (activation == Activation.TANH) {
          DoubleVector act = DoubleVector.fromArray(SPECIES, a[k - 1], v);
          acc = acc.mul(one.sub(act.mul(act)));
        } else {
          DoubleVector act = DoubleVector.fromArray(SPECIES, a[k - 1], v);
          acc = acc.mul(act.mul(one.sub(act)));
        }
        acc.intoArray(into, v);
      }
    }
  }

  /**
   * ∂W_k = δ_k·belowᵀ and ∂b_k = δ_k·1 for the vector of lanes at l0, each element a sum over the samples in order
   * from 0, four sources at a time so that four sums are in flight.
   */
  private void gradients(int k, double[] input, int batch, int l0, boolean hasBias) {
    int rows = sizes[k + 1];
    int cols = sizes[k];
    double[] gw = weightGradients[k];
    double[] d = delta[k];
    // Unit j of sample c below: input[j·jStep + c·cStep + l0], or a[k − 1][(c·cols + j)·W].
    double[] below = k == 0 ? input : a[k - 1];
    int jStep = k == 0 ? batch * lanes : W;
    int cStep = k == 0 ? lanes : cols * W;
    int start = k == 0 ? l0 : 0;
    DoubleVector zero = DoubleVector.zero(SPECIES);
    for (int i = 0; i < rows; i++) {
      int di = i * W;
      int dStep = rows * W;
      int at = i * cols * lanes + l0;
      int j = 0;
      for (; j + 4 <= cols; j += 4) {
        DoubleVector g0 = zero;
        DoubleVector g1 = zero;
        DoubleVector g2 = zero;
        DoubleVector g3 = zero;
        int x = start + j * jStep;
        for (int c = 0; c < batch; c++) {
          DoubleVector dc = DoubleVector.fromArray(SPECIES, d, di + c * dStep);
          int xc = x + c * cStep;
          g0 = g0.add(dc.mul(DoubleVector.fromArray(SPECIES, below, xc)));
          g1 = g1.add(dc.mul(DoubleVector.fromArray(SPECIES, below, xc + jStep)));
          g2 = g2.add(dc.mul(DoubleVector.fromArray(SPECIES, below, xc + 2 * jStep)));
          g3 = g3.add(dc.mul(DoubleVector.fromArray(SPECIES, below, xc + 3 * jStep)));
        }
        g0.intoArray(gw, at + j * lanes);
        g1.intoArray(gw, at + (j + 1) * lanes);
        g2.intoArray(gw, at + (j + 2) * lanes);
        g3.intoArray(gw, at + (j + 3) * lanes);
      }
      for (; j < cols; j++) {
        DoubleVector g0 = zero;
        int x = start + j * jStep;
        for (int c = 0; c < batch; c++) {
          g0 = g0.add(DoubleVector.fromArray(SPECIES, d, di + c * dStep)
              .mul(DoubleVector.fromArray(SPECIES, below, x + c * cStep)));
        }
        g0.intoArray(gw, at + j * lanes);
      }
      if (hasBias) {
        DoubleVector b0 = zero;
        for (int c = 0; c < batch; c++) {
          b0 = b0.add(DoubleVector.fromArray(SPECIES, d, di + c * dStep));
        }
        b0.intoArray(biasGradients[k], i * lanes + l0);
      }
    }
  }

  @Override
  public double[] weightGradient(int m) {
    return weightGradients[m];
  }

  @Override
  public double[] biasGradient(int k) {
    return biasGradients[k];
  }

  @Override
  public double[] output() {
    return output;
  }
}
