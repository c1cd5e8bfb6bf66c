package dev.structsweep.net;

import java.util.Arrays;

/**
 * The kernel of {@code precision = float32}: one forward and backward pass of L ≥ 1 layered networks, lane by lane,
 * in IEEE single arithmetic. The lane layout's arrays hold doubles, and every value this kernel writes into them (an
 * output, a gradient) is a float exactly; the weights it reads are floats already, since the epoch loop rounds them
 * after every step ({@link UpdateRules}). Each lane performs {@link Backprop}'s operations in its order, in float:
 * <ul>
 *   <li>z = W·below, each element from its first product, each further term by
 *       {@link Math#fma(float, float, float)}, then + b; a = f(z), ReLU as max(z, 0), tanh and the sigmoid as
 *       {@link Numerics}' double functions of z rounded to float;</li>
 *   <li>the loss's gradient, (σ(z) − y)·scale or (z − y)·scale with scale the float nearest {@link Loss#scale}, σ
 *       as the sigmoid above;</li>
 *   <li>each gradient element a sum over the samples in order from 0 by fused multiply-adds, a bias's the sum of
 *       δ; δ below = Wᵀ·δ from its first product, · f′ (ReLU′ where z &gt; 0, tanh′ = 1 − a², the sigmoid's
 *       a·(1 − a)).</li>
 * </ul>
 * Layered networks only: the precision setting refuses the other wirings.
 */
final class FloatKernel implements LaneKernel {
  private final Activation activation;
  private final int lanes;
  private final int layers;
  /** sizes[k]: the units of node layer k, 0 the input. */
  private final int[] sizes;
  private final double[][] weightGradients;
  private final double[][] biasGradients;
  private double[] output;
  /** One lane's workspaces for batches of up to capacity samples: w[k], b[k]; z[k], a[k], δ[k] unit by unit. */
  private final float[][] w;
  private final float[][] b;
  private float[][] z;
  private float[][] a;
  private float[][] delta;
  private float[] x;
  private int capacity;

  FloatKernel(Topology topology, Activation activation, int lanes, int batchCapacity) {
    if (topology.wiring() != Wiring.LAYERED || topology.matrices() != topology.weightLayers()) {
      throw new IllegalArgumentException("precision = float32 trains layered networks only, found topology = "
          + topology.wiring().key());
    }
    this.activation = activation;
    this.lanes = lanes;
    this.layers = topology.weightLayers();
    this.sizes = topology.layerSizes();
    weightGradients = new double[layers][];
    biasGradients = new double[layers][];
    w = new float[layers][];
    b = new float[layers][];
    for (int k = 0; k < layers; k++) {
      weightGradients[k] = new double[sizes[k + 1] * sizes[k] * lanes];
      biasGradients[k] = new double[sizes[k + 1] * lanes];
      w[k] = new float[sizes[k + 1] * sizes[k]];
      b[k] = new float[sizes[k + 1]];
    }
    shape(Math.max(1, batchCapacity));
  }

  /** Workspaces for batches of up to batch samples. */
  private void shape(int batch) {
    capacity = batch;
    z = new float[layers][];
    a = new float[layers][];
    delta = new float[layers][];
    for (int k = 0; k < layers; k++) {
      z[k] = new float[sizes[k + 1] * batch];
      a[k] = new float[sizes[k + 1] * batch];
      delta[k] = new float[sizes[k + 1] * batch];
    }
    x = new float[sizes[0] * batch];
    output = new double[sizes[layers] * batch * lanes];
  }

  @Override
  public void forwardBackward(double[][] weights, double[][] biases, double[] input, double[] target, int batch,
      Loss loss, boolean[] finite) {
    if (batch > capacity) {
      shape(batch);
    }
    int outputs = sizes[layers];
    float scale = (float) loss.scale(outputs * batch);
    for (int l = 0; l < lanes; l++) {
      read(weights, biases, l);
      for (int i = 0; i < sizes[0] * batch; i++) {
        x[i] = (float) input[i * lanes + l];
      }
      forward(batch);
      float[] top = z[layers - 1];
      float[] d = delta[layers - 1];
      float sum = 0;
      for (int i = 0; i < outputs * batch; i++) {
        float zi = top[i];
        float y = (float) target[i * lanes + l];
        output[i * lanes + l] = zi;
        switch (loss) {
          case BINARY_CROSS_ENTROPY -> {
            sum += zi * 0f;
            d[i] = ((float) Numerics.sigmoid(zi) - y) * scale;
          }
          case MEAN_SQUARED_ERROR -> {
            sum += (zi - y) * (zi - y);
            d[i] = (zi - y) * scale;
          }
          default -> throw new IllegalArgumentException("the float32 kernel has no form of loss " + loss.key());
        }
      }
      finite[l] = loss.finite(sum);
      backward(batch, biases != null, l);
    }
  }

  /** Lane l's weights and biases (floats already) into this kernel's arrays. */
  private void read(double[][] weights, double[][] biases, int l) {
    for (int k = 0; k < layers; k++) {
      float[] wk = w[k];
      for (int i = 0; i < wk.length; i++) {
        wk[i] = (float) weights[k][i * lanes + l];
      }
      float[] bk = b[k];
      for (int i = 0; i < bk.length; i++) {
        bk[i] = biases == null ? 0f : (float) biases[k][i * lanes + l];
      }
    }
  }

  private void forward(int batch) {
    float[] below = x;
    for (int k = 0; k < layers; k++) {
      int rows = sizes[k + 1];
      int cols = sizes[k];
      float[] zk = z[k];
      float[] ak = a[k];
      products(w[k], rows, cols, cols, 1, below, batch, zk);
      for (int i = 0; i < rows; i++) {
        int out = i * batch;
        float bias = b[k][i];
        boolean hidden = k < layers - 1;
        for (int s = out; s < out + batch; s++) {
          float v = zk[s] + bias;
          zk[s] = v;
          if (hidden) {
            ak[s] = switch (activation) {
              case RELU -> v > 0 ? v : 0f;
              case TANH -> (float) Numerics.tanh(v);
              case SIGMOID -> (float) Numerics.sigmoid(v);
            };
          }
        }
      }
      below = ak;
    }
  }

  private void backward(int batch, boolean hasBias, int l) {
    for (int k = layers - 1; k >= 0; k--) {
      int rows = sizes[k + 1];
      int cols = sizes[k];
      float[] d = delta[k];
      float[] below = k == 0 ? x : a[k - 1];
      double[] gw = weightGradients[k];
      double[] gb = biasGradients[k];
      for (int i = 0; i < rows; i++) {
        int row = i * batch;
        float bias = 0;
        for (int s = 0; s < batch; s++) {
          bias += d[row + s];
        }
        gb[i * lanes + l] = hasBias ? bias : 0.0;
        for (int j = 0; j < cols; j++) {
          float sum = 0;
          int from = j * batch;
          for (int s = 0; s < batch; s++) {
            sum = Math.fma(d[row + s], below[from + s], sum);
          }
          gw[(i * cols + j) * lanes + l] = sum;
        }
      }
      if (k == 0) {
        continue;
      }
      float[] into = delta[k - 1];
      float[] zBelow = z[k - 1];
      float[] aBelow = a[k - 1];
      // Wᵀ·δ: W's column j is row j of Wᵀ.
      products(w[k], cols, rows, 1, cols, d, batch, into);
      for (int j = 0; j < cols; j++) {
        int out = j * batch;
        for (int s = out; s < out + batch; s++) {
          switch (activation) {
            case RELU -> {
              if (!(zBelow[s] > 0)) {
                into[s] = 0f;
              }
            }
            case TANH -> into[s] *= 1f - aBelow[s] * aBelow[s];
            case SIGMOID -> into[s] *= aBelow[s] * (1f - aBelow[s]);
          }
        }
      }
    }
  }

  /**
   * c = A·b, A the rows × inner matrix whose element (i, j) is a[i·rowStep + j·termStep], b inner rows of cols:
   * each element from its first product, each further term by a float fused multiply-add. c: Modified.
   */
  private static void products(float[] a, int rows, int inner, int rowStep, int termStep, float[] b, int cols,
      float[] c) {
    for (int i = 0; i < rows; i++) {
      int out = i * cols;
      float first = a[i * rowStep];
      for (int s = 0; s < cols; s++) {
        c[out + s] = first * b[s];
      }
      for (int j = 1; j < inner; j++) {
        float aij = a[i * rowStep + j * termStep];
        int from = j * cols;
        for (int s = 0; s < cols; s++) {
          c[out + s] = Math.fma(aij, b[from + s], c[out + s]);
        }
      }
    }
  }

  @Override
  public void lossValues(Loss loss, double[] target, int batch, double[] values) {
    loss.valueLanes(output, target, sizes[layers] * batch, lanes, values);
  }

  @Override
  public double[] laneWeightGradient(int m) {
    return weightGradients[m];
  }

  @Override
  public double[] laneBiasGradient(int k) {
    return biasGradients[k];
  }

  @Override
  public double[] laneOutput() {
    return output;
  }

  /** Rounds every element of values to the nearest float. values: Modified. */
  static void round(double[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) values[i];
    }
  }

  /** Whether every element of values is a float exactly (a test's check of the rounding). */
  static boolean allFloats(double[] values) {
    return Arrays.stream(values).allMatch(v -> Double.isNaN(v) || (float) v == v);
  }
}
