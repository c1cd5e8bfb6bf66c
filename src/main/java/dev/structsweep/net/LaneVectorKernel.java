package dev.structsweep.net;

import java.util.Arrays;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LaneBackprop}'s pass written with the Vector API, one vector of lanes ({@link #width} side by side, 8 with
 * AVX-512) at a time, unit by unit over every sample of the batch: each unit's values are a row of samples (sample c
 * of a unit at c·W in its row), and every loop runs over the samples, whose sums are independent, so that many are
 * in flight at once instead of one chain of dependent additions per sample. The passes: the input copied into rows;
 * per layer, z = W·below one source at a time over every sample, then the bias and the activation; the loss's
 * gradient and finiteness; δ carried down one source at a time; the gradients, eight elements' sums over the
 * samples in flight at a time. Every lane performs exactly {@link Backprop}'s operations in its order: each
 * z = W·below and each δ = Wᵀ·δ element a sum over its sources in order, started from the first product or from 0
 * as EJML starts it ({@link LaneBackprop#firstProductForward}, {@link LaneBackprop#firstProductBack}); each gradient
 * element a sum over the samples in order from 0; the bias (or + 0 without biases), the activation, the loss's
 * gradient and its finiteness sum per element. Vector operations act lane by lane with Java's rounding (a multiply
 * and an add, never
 * fused), so each lane's bits are the single pass's; tanh, the sigmoid and the cross-entropy's exponential perform
 * {@link Numerics#tanh}'s and {@link Numerics#expOfNegative}'s operations on the vector
 * ({@code LaneVectorFunctionsTest}).
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
  /** Samples per unit in the workspaces: a unit's row is capacity·W doubles. */
  private final int capacity;
  private final double[][] weightGradients;
  private final double[][] biasGradients;
  private final double[] output;
  /**
   * Per weight layer k, for the vector of lanes in hand: the units below it, unit by unit, sample c of unit j at
   * (j·capacity + c)·W: the input's copy (k = 0) or the activations of hidden layer k, and after them a unit of
   * constant 1, which the bias's gradient reads as its source.
   */
  private final double[][] below;
  /** Per layer above the input: the pre-activations and δ, unit by unit as {@link #below}. */
  private final double[][] z;
  private final double[][] delta;
  private final double[] sums;
  /** Where a gradient group's padding elements go. */
  private final double[] discard = new double[W];

  LaneVectorKernel(Topology topology, Activation activation, int lanes, int batchCapacity) {
    if (topology.wiring() != Wiring.LAYERED || topology.outputs() != 1 || lanes % W != 0) {
      throw new IllegalArgumentException("the vector kernel runs layered networks with one output on a multiple of "
          + W + " lanes, found " + topology.wiring() + ", " + topology.outputs() + " outputs, " + lanes + " lanes");
    }
    this.activation = activation;
    this.lanes = lanes;
    this.layers = topology.weightLayers();
    this.capacity = batchCapacity;
    sizes = new int[layers + 1];
    for (int k = 0; k <= layers; k++) {
      sizes[k] = topology.size(k);
    }
    weightGradients = new double[layers][];
    biasGradients = new double[layers][];
    below = new double[layers][];
    z = new double[layers][];
    delta = new double[layers][];
    int row = batchCapacity * W;
    for (int k = 0; k < layers; k++) {
      weightGradients[k] = new double[sizes[k + 1] * sizes[k] * lanes];
      biasGradients[k] = new double[sizes[k + 1] * lanes];
      below[k] = new double[(sizes[k] + 1) * row];
      Arrays.fill(below[k], sizes[k] * row, (sizes[k] + 1) * row, 1.0);
      z[k] = new double[sizes[k + 1] * row];
      delta[k] = new double[sizes[k + 1] * row];
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
    int row = capacity * W;
    int end = batch * W;
    double[] x = below[0];
    for (int l0 = 0; l0 < lanes; l0 += W) {
      for (int j = 0; j < sizes[0]; j++) {
        int from = j * batch * lanes + l0;
        int into = j * row;
        for (int c = 0; c < end; c += W) {
          DoubleVector.fromArray(SPECIES, input, from).intoArray(x, into + c);
          from += lanes;
        }
      }
      for (int k = 0; k < layers; k++) {
        forwardLayer(weights[k], biases == null ? null : biases[k], k, batch, l0, first);
      }
      DoubleVector sum = crossEntropy ? crossEntropyGradient(target, batch, l0)
          : squaredErrorGradient(target, batch, l0);
      sum.intoArray(sums, l0);
      for (int k = layers - 1; k > 0; k--) {
        backwardLayer(weights[k], k, batch, l0);
      }
      for (int k = 0; k < layers; k++) {
        gradients(k, batch, l0, biases != null);
      }
    }
    for (int l = 0; l < lanes; l++) {
      finite[l] = crossEntropy ? sums[l] == 0 : Double.isFinite(sums[l]);
    }
  }

  /**
   * Layer k's units, one at a time over every sample: z = w_i0·x_0 (+ 0 when EJML starts from 0), then + w_ij·x_j for
   * each further source j in order, then + b (or + 0 without biases) and the activation into the layer above's
   * {@link #below}; the output layer's z, + b with biases, into {@link #output}.
   */
  private void forwardLayer(double[] w, double[] b, int k, int batch, int l0, boolean first) {
    int rows = sizes[k + 1];
    int cols = sizes[k];
    int row = capacity * W;
    int end = batch * W;
    double[] x = below[k];
    double[] zs = z[k];
    boolean hidden = k < layers - 1;
    DoubleVector zero = DoubleVector.zero(SPECIES);
    for (int i = 0; i < rows; i++) {
      int zi = i * row;
      weightedSum(w, i * cols * lanes + l0, lanes, x, cols, zs, zi, end, first);
      if (hidden) {
        DoubleVector bias = b == null ? zero : DoubleVector.fromArray(SPECIES, b, i * lanes + l0);
        double[] a = below[k + 1];
        if (activation == Activation.RELU) {
          for (int c = 0; c < end; c += W) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, zs, zi + c).add(bias);
            v.intoArray(zs, zi + c);
            zero.blend(v, v.compare(VectorOperators.GT, 0.0)).intoArray(a, zi + c);
          }
        } else {
          boolean tanh = activation == Activation.TANH;
          for (int c = 0; c < end; c += W) {
            DoubleVector v = DoubleVector.fromArray(SPECIES, zs, zi + c).add(bias);
            v.intoArray(zs, zi + c);
            (tanh ? tanh(v) : sigmoid(v)).intoArray(a, zi + c);
          }
        }
      } else {
        int at = l0;
        if (b != null) {
          DoubleVector bias = DoubleVector.fromArray(SPECIES, b, i * lanes + l0);
          for (int c = 0; c < end; c += W) {
            DoubleVector.fromArray(SPECIES, zs, zi + c).add(bias).intoArray(output, at);
            at += lanes;
          }
        } else {
          for (int c = 0; c < end; c += W) {
            DoubleVector.fromArray(SPECIES, zs, zi + c).intoArray(output, at);
            at += lanes;
          }
        }
      }
    }
  }

  /**
   * into[at …] ← Σ_t w_t·source_t for every sample, over the terms t = 0 … terms − 1 in order: w_t the vector of
   * lanes at w[w0 + t·wStep], source_t unit t of a workspace (a row of capacity·W). The sum starts from the first
   * product, or from 0 + it where EJML starts from 0 (first false); one term at a time over every sample, so that
   * the samples' sums are independent work in flight.
   */
  private void weightedSum(double[] w, int w0, int wStep, double[] source, int terms, double[] into, int at,
      int end, boolean first) {
    int row = capacity * W;
    DoubleVector zero = DoubleVector.zero(SPECIES);
    DoubleVector wt = DoubleVector.fromArray(SPECIES, w, w0);
    if (first) {
      for (int c = 0; c < end; c += W) {
        wt.mul(DoubleVector.fromArray(SPECIES, source, c)).intoArray(into, at + c);
      }
    } else {
      for (int c = 0; c < end; c += W) {
        zero.add(wt.mul(DoubleVector.fromArray(SPECIES, source, c))).intoArray(into, at + c);
      }
    }
    for (int t = 1; t < terms; t++) {
      wt = DoubleVector.fromArray(SPECIES, w, w0 + t * wStep);
      int from = t * row;
      for (int c = 0; c < end; c += W) {
        DoubleVector.fromArray(SPECIES, into, at + c).add(wt.mul(DoubleVector.fromArray(SPECIES, source, from + c)))
            .intoArray(into, at + c);
      }
    }
  }

  /**
   * The cross-entropy's gradient of the output, (σ(v) − y) / n into δ, with {@link Numerics#expOfNegative}'s and
   * {@link Numerics#sigmoid}'s operations on the vector; returns v·0 summed over the samples (0 exactly when every
   * output is finite).
   */
  private DoubleVector crossEntropyGradient(double[] target, int batch, int l0) {
    double n = batch;
    double[] outDelta = delta[layers - 1];
    DoubleVector sum = DoubleVector.zero(SPECIES);
    int at = l0;
    for (int c = 0; c < batch * W; c += W) {
      DoubleVector v = DoubleVector.fromArray(SPECIES, output, at);
      sum = sum.add(v.mul(0.0));
      DoubleVector sigmoid = sigmoid(v);
      sigmoid.sub(DoubleVector.fromArray(SPECIES, target, at)).div(n).intoArray(outDelta, c);
      at += lanes;
    }
    return sum;
  }

  /** The squared error's gradient of the output, 2(v − y) / n into δ; returns (v − y)² summed over the samples. */
  private DoubleVector squaredErrorGradient(double[] target, int batch, int l0) {
    double n = batch;
    double[] outDelta = delta[layers - 1];
    DoubleVector sum = DoubleVector.zero(SPECIES);
    int at = l0;
    for (int c = 0; c < batch * W; c += W) {
      DoubleVector diff = DoubleVector.fromArray(SPECIES, output, at).sub(DoubleVector.fromArray(SPECIES, target, at));
      sum = sum.add(diff.mul(diff));
      diff.mul(2.0).div(n).intoArray(outDelta, c);
      at += lanes;
    }
    return sum;
  }

  /** {@link Numerics#expOfNegative} of every lane of a (each ≥ 0 or NaN), operation for operation. */
  static DoubleVector expOfNegative(DoubleVector a) {
    DoubleVector y = a.min(746.0).neg();
    DoubleVector shifted = y.mul(Numerics.INV_LN2).add(Numerics.SHIFT);
    DoubleVector k = shifted.sub(Numerics.SHIFT);
    DoubleVector p = expm1(y.sub(k.mul(Numerics.LN2_HI)).sub(k.mul(Numerics.LN2_LO)));
    // k as a long from the bits of k + 1.5·2⁵², as Numerics reads it.
    LongVector kk = shifted.reinterpretAsLongs().sub(Numerics.SHIFT_BITS);
    LongVector k1 = kk.lanewise(VectorOperators.ASHR, 1);
    DoubleVector s1 = k1.add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    DoubleVector s2 = kk.sub(k1).add(1023L).lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    return p.add(1.0).mul(s1).mul(s2);
  }

  /** {@link Numerics#sigmoid(double)} of every lane: 1 / (1 + e) for v ≥ 0, e / (1 + e) otherwise, e = e^{−|v|}. */
  static DoubleVector sigmoid(DoubleVector v) {
    DoubleVector e = expOfNegative(v.abs());
    return e.blend(1.0, v.compare(VectorOperators.GE, 0.0)).div(e.add(1.0));
  }

  /** {@link Numerics#tanh} of every lane, operation for operation; the sign copied by its bit. */
  static DoubleVector tanh(DoubleVector x) {
    DoubleVector y = x.abs().min(22.0).mul(-2.0);
    DoubleVector shifted = y.mul(Numerics.INV_LN2).add(Numerics.SHIFT);
    DoubleVector k = shifted.sub(Numerics.SHIFT);
    DoubleVector p = expm1(y.sub(k.mul(Numerics.LN2_HI)).sub(k.mul(Numerics.LN2_LO)));
    DoubleVector s = shifted.reinterpretAsLongs().sub(Numerics.SHIFT_BITS).add(1023L)
        .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
    DoubleVector t = s.mul(p).add(s.sub(1.0));
    LongVector magnitude = t.neg().div(t.add(2.0)).reinterpretAsLongs().and(Long.MAX_VALUE);
    return magnitude.or(x.reinterpretAsLongs().and(Long.MIN_VALUE)).reinterpretAsDoubles();
  }

  /** Numerics' e^r − 1 of every lane: the Taylor series to r¹³ in Estrin's scheme. */
  private static DoubleVector expm1(DoubleVector r) {
    DoubleVector r2 = r.mul(r);
    DoubleVector r4 = r2.mul(r2);
    DoubleVector r8 = r4.mul(r4);
    DoubleVector f0 = r.mul(Numerics.C3).add(Numerics.C2).add(r.mul(Numerics.C5).add(Numerics.C4).mul(r2));
    DoubleVector f1 = r.mul(Numerics.C7).add(Numerics.C6).add(r.mul(Numerics.C9).add(Numerics.C8).mul(r2));
    DoubleVector f2 = r.mul(Numerics.C11).add(Numerics.C10).add(r.mul(Numerics.C13).add(Numerics.C12).mul(r2));
    return r.add(r2.mul(f0.add(f1.mul(r4)).add(f2.mul(r8))));
  }

  /**
   * δ of layer k − 1 from layer k's, unit by unit over every sample: Σ_i w_ij·δ_i in order (from the first product or
   * from 0 as EJML starts it), then · f′ as {@link Activation#backprop} computes it.
   */
  private void backwardLayer(double[] w, int k, int batch, int l0) {
    int rows = sizes[k + 1];
    int cols = sizes[k];
    int row = capacity * W;
    int end = batch * W;
    double[] d = delta[k];
    double[] into = delta[k - 1];
    boolean first = LaneBackprop.firstProductBack(cols, batch);
    DoubleVector zero = DoubleVector.zero(SPECIES);
    DoubleVector one = DoubleVector.broadcast(SPECIES, 1.0);
    for (int j = 0; j < cols; j++) {
      int dj = j * row;
      weightedSum(w, j * lanes + l0, cols * lanes, d, rows, into, dj, end, first);
      if (activation == Activation.RELU) {
        double[] zs = z[k - 1];
        for (int c = 0; c < end; c += W) {
          VectorMask<Double> on = DoubleVector.fromArray(SPECIES, zs, dj + c).compare(VectorOperators.GT, 0.0);
          zero.blend(DoubleVector.fromArray(SPECIES, into, dj + c), on).intoArray(into, dj + c);
        }
      } else {
        double[] a = below[k];
        boolean tanh = activation == Activation.TANH;
        for (int c = 0; c < end; c += W) {
          DoubleVector act = DoubleVector.fromArray(SPECIES, a, dj + c);
          DoubleVector slope = tanh ? one.sub(act.mul(act)) : act.mul(one.sub(act));
          DoubleVector.fromArray(SPECIES, into, dj + c).mul(slope).intoArray(into, dj + c);
        }
      }
    }
  }

  /**
   * ∂W_k = δ_k·belowᵀ and ∂b_k = δ_k·1 for the vector of lanes at l0, each element a sum over the samples in order
   * from 0. A bias element sums δ·1 (= δ, exactly) over the constant unit after the units below. The elements (i, j)
   * row by row, each row's bias after its weights, are taken eight at a time, so that eight sums are in flight
   * instead of one chain per element; a last, short group is padded with copies of its first element, whose sums
   * are discarded.
   */
  private void gradients(int k, int batch, int l0, boolean hasBias) {
    int span = hasBias ? sizes[k] + 1 : sizes[k];
    int count = sizes[k + 1] * span;
    for (int e = 0; e < count; e += 8) {
      group8(k, batch, l0, span, e, count);
    }
  }

  /** Elements e … e + 7 of layer k (those below count) summed over the samples, into their gradients. */
  private void group8(int k, int batch, int l0, int span, int e, int count) {
    double[] d = delta[k];
    double[] x = below[k];
    int d0 = dRow(e, e, count, span);
    int d1 = dRow(e + 1, e, count, span);
    int d2 = dRow(e + 2, e, count, span);
    int d3 = dRow(e + 3, e, count, span);
    int d4 = dRow(e + 4, e, count, span);
    int d5 = dRow(e + 5, e, count, span);
    int d6 = dRow(e + 6, e, count, span);
    int d7 = dRow(e + 7, e, count, span);
    int x0 = xRow(e, e, count, span);
    int x1 = xRow(e + 1, e, count, span);
    int x2 = xRow(e + 2, e, count, span);
    int x3 = xRow(e + 3, e, count, span);
    int x4 = xRow(e + 4, e, count, span);
    int x5 = xRow(e + 5, e, count, span);
    int x6 = xRow(e + 6, e, count, span);
    int x7 = xRow(e + 7, e, count, span);
    DoubleVector g0 = DoubleVector.zero(SPECIES);
    DoubleVector g1 = g0;
    DoubleVector g2 = g0;
    DoubleVector g3 = g0;
    DoubleVector g4 = g0;
    DoubleVector g5 = g0;
    DoubleVector g6 = g0;
    DoubleVector g7 = g0;
    for (int c = 0; c < batch * W; c += W) {
      g0 = g0.add(DoubleVector.fromArray(SPECIES, d, d0 + c).mul(DoubleVector.fromArray(SPECIES, x, x0 + c)));
      g1 = g1.add(DoubleVector.fromArray(SPECIES, d, d1 + c).mul(DoubleVector.fromArray(SPECIES, x, x1 + c)));
      g2 = g2.add(DoubleVector.fromArray(SPECIES, d, d2 + c).mul(DoubleVector.fromArray(SPECIES, x, x2 + c)));
      g3 = g3.add(DoubleVector.fromArray(SPECIES, d, d3 + c).mul(DoubleVector.fromArray(SPECIES, x, x3 + c)));
      g4 = g4.add(DoubleVector.fromArray(SPECIES, d, d4 + c).mul(DoubleVector.fromArray(SPECIES, x, x4 + c)));
      g5 = g5.add(DoubleVector.fromArray(SPECIES, d, d5 + c).mul(DoubleVector.fromArray(SPECIES, x, x5 + c)));
      g6 = g6.add(DoubleVector.fromArray(SPECIES, d, d6 + c).mul(DoubleVector.fromArray(SPECIES, x, x6 + c)));
      g7 = g7.add(DoubleVector.fromArray(SPECIES, d, d7 + c).mul(DoubleVector.fromArray(SPECIES, x, x7 + c)));
    }
    g0.intoArray(gradientArray(k, e, count, span), gradientOffset(k, e, count, span, l0));
    g1.intoArray(gradientArray(k, e + 1, count, span), gradientOffset(k, e + 1, count, span, l0));
    g2.intoArray(gradientArray(k, e + 2, count, span), gradientOffset(k, e + 2, count, span, l0));
    g3.intoArray(gradientArray(k, e + 3, count, span), gradientOffset(k, e + 3, count, span, l0));
    g4.intoArray(gradientArray(k, e + 4, count, span), gradientOffset(k, e + 4, count, span, l0));
    g5.intoArray(gradientArray(k, e + 5, count, span), gradientOffset(k, e + 5, count, span, l0));
    g6.intoArray(gradientArray(k, e + 6, count, span), gradientOffset(k, e + 6, count, span, l0));
    g7.intoArray(gradientArray(k, e + 7, count, span), gradientOffset(k, e + 7, count, span, l0));
  }

  /** Where element e's δ unit (row i) starts: the group's first element's past count. */
  private int dRow(int e, int first, int count, int span) {
    return (e < count ? e : first) / span * capacity * W;
  }

  /** Where element e's source unit starts: column j, or the constant unit for a bias. */
  private int xRow(int e, int first, int count, int span) {
    return (e < count ? e : first) % span * capacity * W;
  }

  /** Where element e's sum goes: its weight's or its bias's gradient, or {@link #discard} past count. */
  private double[] gradientArray(int k, int e, int count, int span) {
    if (e >= count) {
      return discard;
    }
    return e % span == sizes[k] ? biasGradients[k] : weightGradients[k];
  }

  private int gradientOffset(int k, int e, int count, int span, int l0) {
    if (e >= count) {
      return 0;
    }
    int i = e / span;
    int j = e % span;
    return (j == sizes[k] ? i : i * sizes[k] + j) * lanes + l0;
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
