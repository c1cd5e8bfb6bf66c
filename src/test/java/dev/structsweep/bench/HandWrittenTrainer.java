package dev.structsweep.bench;

import dev.structsweep.net.Numerics;

/**
 * The trial written as plain double loops over arrays, with nothing shared with the real trainer but the
 * exponential ({@link Numerics#expOfNegative}, whose bits every trainer shares): one
 * ReLU hidden layer, one output, biases, full-batch Adam (PyTorch's update) with the subgradient L1 rule,
 * binary cross-entropy from the logit or MSE, each sum of products by fused multiply-adds ({@link Math#fma}) from
 * its first product, the mean's gradient as a product by 1/n (2/n for MSE). It is the benchmark's baseline and the tests' independent
 * reference: the real trainer must match it and cost at most a little more.
 */
public final class HandWrittenTrainer {
  private final int inputs;
  private final int hidden;
  private final boolean crossEntropy;
  private final double lambda;
  private final double learningRate;
  private final int epochs;

  public HandWrittenTrainer(int inputs, int hidden, boolean crossEntropy, double lambda,
      double learningRate, int epochs) {
    this.inputs = inputs;
    this.hidden = hidden;
    this.crossEntropy = crossEntropy;
    this.lambda = lambda;
    this.learningRate = learningRate;
    this.epochs = epochs;
  }

  /**
   * Trains in place. w1[h][in], b1[h], w2[h], b2[0]: Modified. x[n][in], y[n]: Not modified.
   */
  public void train(double[][] w1, double[] b1, double[] w2, double[] b2, double[][] x, double[] y) {
    int n = x.length;
    double[][] gw1 = new double[hidden][inputs];
    double[] gb1 = new double[hidden];
    double[] gw2 = new double[hidden];
    double[] gb2 = new double[1];
    double[][] mw1 = new double[hidden][inputs];
    double[][] vw1 = new double[hidden][inputs];
    double[] mb1 = new double[hidden];
    double[] vb1 = new double[hidden];
    double[] mw2 = new double[hidden];
    double[] vw2 = new double[hidden];
    double[] mb2 = new double[1];
    double[] vb2 = new double[1];
    double[] z1 = new double[hidden];
    double[] a1 = new double[hidden];
    for (int epoch = 1; epoch <= epochs; epoch++) {
      for (int h = 0; h < hidden; h++) {
        java.util.Arrays.fill(gw1[h], 0.0);
      }
      java.util.Arrays.fill(gb1, 0.0);
      java.util.Arrays.fill(gw2, 0.0);
      gb2[0] = 0.0;
      for (int s = 0; s < n; s++) {
        double out = 0;
        for (int h = 0; h < hidden; h++) {
          double z = 0;
          for (int j = 0; j < inputs; j++) {
            z = j == 0 ? w1[h][j] * x[s][j] : Math.fma(w1[h][j], x[s][j], z);
          }
          z1[h] = z + b1[h];
          a1[h] = z1[h] > 0 ? z1[h] : 0.0;
          out = h == 0 ? w2[h] * a1[h] : Math.fma(w2[h], a1[h], out);
        }
        out += b2[0];
        double delta;
        if (crossEntropy) {
          double e = Numerics.expOfNegative(Math.abs(out));
          double p = out >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
          delta = (p - y[s]) * (1.0 / n);
        } else {
          delta = (out - y[s]) * (2.0 / n);
        }
        gb2[0] += delta;
        for (int h = 0; h < hidden; h++) {
          gw2[h] = Math.fma(delta, a1[h], gw2[h]);
          double d1 = z1[h] > 0 ? w2[h] * delta : 0.0;
          gb1[h] += d1;
          for (int j = 0; j < inputs; j++) {
            gw1[h][j] = Math.fma(d1, x[s][j], gw1[h][j]);
          }
        }
      }
      double bc1 = 1.0 - Math.pow(0.9, epoch);
      double bc2 = Math.sqrt(1.0 - Math.pow(0.999, epoch));
      double stepSize = learningRate / bc1;
      for (int h = 0; h < hidden; h++) {
        for (int j = 0; j < inputs; j++) {
          w1[h][j] = adam(w1[h][j], gw1[h][j] + lambda * sign(w1[h][j]), mw1[h], vw1[h], j, stepSize, bc2);
        }
        w2[h] = adam(w2[h], gw2[h] + lambda * sign(w2[h]), mw2, vw2, h, stepSize, bc2);
      }
      // Weights first, then biases: the same parameter order as the real trainer, though it cannot matter.
      for (int h = 0; h < hidden; h++) {
        b1[h] = adam(b1[h], gb1[h], mb1, vb1, h, stepSize, bc2);
      }
      b2[0] = adam(b2[0], gb2[0], mb2, vb2, 0, stepSize, bc2);
    }
  }

  /**
   * The same training with the samples in the inner loops (structure of arrays): x0[s], x1[s] inputs, one
   * array per hidden unit. Trains in place like {@link #train}.
   */
  public void trainLayerwise(double[][] w1, double[] b1, double[] w2, double[] b2, double[][] xT, double[] y) {
    int n = y.length;
    double[][] z1 = new double[hidden][n];
    double[][] a1 = new double[hidden][n];
    double[] out = new double[n];
    double[] delta = new double[n];
    double[] d1 = new double[n];
    double[][] gw1 = new double[hidden][inputs];
    double[] gb1 = new double[hidden];
    double[] gw2 = new double[hidden];
    double[][] mw1 = new double[hidden][inputs];
    double[][] vw1 = new double[hidden][inputs];
    double[] mb1 = new double[hidden];
    double[] vb1 = new double[hidden];
    double[] mw2 = new double[hidden];
    double[] vw2 = new double[hidden];
    double[] mb2 = new double[1];
    double[] vb2 = new double[1];
    for (int epoch = 1; epoch <= epochs; epoch++) {
      java.util.Arrays.fill(out, 0.0);
      for (int h = 0; h < hidden; h++) {
        double[] z = z1[h];
        double[] a = a1[h];
        for (int s = 0; s < n; s++) {
          z[s] = w1[h][0] * xT[0][s];
        }
        for (int j = 1; j < inputs; j++) {
          double w = w1[h][j];
          double[] xj = xT[j];
          for (int s = 0; s < n; s++) {
            z[s] = Math.fma(w, xj[s], z[s]);
          }
        }
        double b = b1[h];
        double w = w2[h];
        for (int s = 0; s < n; s++) {
          z[s] += b;
          a[s] = z[s] > 0 ? z[s] : 0.0;
          out[s] = h == 0 ? w * a[s] : Math.fma(w, a[s], out[s]);
        }
      }
      double gb2 = 0;
      for (int s = 0; s < n; s++) {
        double o = out[s] + b2[0];
        if (crossEntropy) {
          double e = Numerics.expOfNegative(Math.abs(o));
          double p = o >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
          delta[s] = (p - y[s]) * (1.0 / n);
        } else {
          delta[s] = (o - y[s]) * (2.0 / n);
        }
        gb2 += delta[s];
      }
      for (int h = 0; h < hidden; h++) {
        double[] z = z1[h];
        double[] a = a1[h];
        double w = w2[h];
        double g2 = 0;
        double g1 = 0;
        for (int s = 0; s < n; s++) {
          g2 = Math.fma(delta[s], a[s], g2);
          d1[s] = z[s] > 0 ? w * delta[s] : 0.0;
          g1 += d1[s];
        }
        gw2[h] = g2;
        gb1[h] = g1;
        for (int j = 0; j < inputs; j++) {
          double[] xj = xT[j];
          double g = 0;
          for (int s = 0; s < n; s++) {
            g = Math.fma(d1[s], xj[s], g);
          }
          gw1[h][j] = g;
        }
      }
      double bc1 = 1.0 - Math.pow(0.9, epoch);
      double bc2 = Math.sqrt(1.0 - Math.pow(0.999, epoch));
      double stepSize = learningRate / bc1;
      for (int h = 0; h < hidden; h++) {
        for (int j = 0; j < inputs; j++) {
          w1[h][j] = adam(w1[h][j], gw1[h][j] + lambda * sign(w1[h][j]), mw1[h], vw1[h], j, stepSize, bc2);
        }
        w2[h] = adam(w2[h], gw2[h] + lambda * sign(w2[h]), mw2, vw2, h, stepSize, bc2);
        b1[h] = adam(b1[h], gb1[h], mb1, vb1, h, stepSize, bc2);
      }
      b2[0] = adam(b2[0], gb2, mb2, vb2, 0, stepSize, bc2);
    }
  }

  private static double adam(double w, double g, double[] m, double[] v, int i, double stepSize,
      double biasCorrection2Sqrt) {
    m[i] = m[i] + (1.0 - 0.9) * (g - m[i]);
    v[i] = v[i] * 0.999 + (1.0 - 0.999) * g * g;
    return w + -stepSize * m[i] / (Math.sqrt(v[i]) / biasCorrection2Sqrt + 1e-8);
  }

  private static double sign(double w) {
    return w > 0 ? 1.0 : (w < 0 ? -1.0 : 0.0);
  }
}
