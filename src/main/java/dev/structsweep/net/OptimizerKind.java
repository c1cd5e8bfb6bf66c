package dev.structsweep.net;

import java.util.Locale;

/** The optimisers a trial may name. */
public enum OptimizerKind {
  ADAM("adam"),
  SGD("sgd");

  private final String key;

  OptimizerKind(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** A fresh optimiser with its own state. */
  public Optimizer create(double learningRate) {
    return this == ADAM ? new Adam(learningRate) : new Sgd(learningRate);
  }

  public static OptimizerKind parse(String name) {
    for (OptimizerKind kind : values()) {
      if (kind.key.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
        return kind;
      }
    }
    throw new IllegalArgumentException("optimizer must be one of adam, sgd, found '" + name + "'");
  }
}
