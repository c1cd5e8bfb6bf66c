package dev.structsweep.net;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Activation of the hidden layers. The output layer is always linear; its loss decides how it is read. */
public enum Activation {
  RELU("relu") {
    @Override
    double value(double z) {
      return z > 0 ? z : 0.0;
    }

    @Override
    double slope(double z, double a) {
      // PyTorch's convention: the derivative at exactly 0 is 0.
      return z > 0 ? 1.0 : 0.0;
    }
  },
  TANH("tanh") {
    @Override
    double value(double z) {
      return Math.tanh(z);
    }

    @Override
    double slope(double z, double a) {
      return 1.0 - a * a;
    }
  },
  SIGMOID("sigmoid") {
    @Override
    double value(double z) {
      return Numerics.sigmoid(z);
    }

    @Override
    double slope(double z, double a) {
      return a * (1.0 - a);
    }
  };

  private final String key;

  Activation(String key) {
    this.key = key;
  }

  /** The name used in configs, on the command line and in results. */
  public String key() {
    return key;
  }

  abstract double value(double z);

  /** dA/dZ at pre-activation z whose activation is a. */
  abstract double slope(double z, double a);

  // The loops below switch once per call, not once per element, so each stays a tight monomorphic loop.

  /** a[i] = f(z[i]) for the first n entries. a: Modified. z: Not modified. */
  void apply(double[] z, double[] a, int n) {
    switch (this) {
      case RELU -> {
        for (int i = 0; i < n; i++) {
          a[i] = z[i] > 0 ? z[i] : 0.0;
        }
      }
      case TANH -> {
        for (int i = 0; i < n; i++) {
          a[i] = Math.tanh(z[i]);
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          a[i] = Numerics.sigmoid(z[i]);
        }
      }
      default -> throw new AssertionError(this);
    }
  }

  /** grad[i] = grad[i] · f'(z[i]), turning dL/da into dL/dz in place. grad: Modified. z, a: Not modified. */
  void backprop(double[] z, double[] a, double[] grad, int n) {
    switch (this) {
      case RELU -> {
        for (int i = 0; i < n; i++) {
          if (!(z[i] > 0)) {
            grad[i] = 0.0;
          }
        }
      }
      case TANH -> {
        for (int i = 0; i < n; i++) {
          grad[i] *= 1.0 - a[i] * a[i];
        }
      }
      case SIGMOID -> {
        for (int i = 0; i < n; i++) {
          grad[i] *= a[i] * (1.0 - a[i]);
        }
      }
      default -> throw new AssertionError(this);
    }
  }

  /** Parses a configured name; the message names the setting, the value and what is allowed. */
  public static Activation parse(String name) {
    for (Activation activation : values()) {
      if (activation.key.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
        return activation;
      }
    }
    throw new IllegalArgumentException(
        "activation must be one of " + allowed() + ", found '" + name + "'");
  }

  static String allowed() {
    return Arrays.stream(values()).map(Activation::key).collect(Collectors.joining(", "));
  }
}
