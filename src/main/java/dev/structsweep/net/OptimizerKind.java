package dev.structsweep.net;

/** The optimisers a trial may name. */
public enum OptimizerKind implements Named {
  ADAM("adam"),
  SGD("sgd");

  private final String key;

  OptimizerKind(String key) {
    this.key = key;
  }

  @Override
  public String key() {
    return key;
  }

  /** A fresh optimiser with its own state. */
  public Optimizer create(double learningRate) {
    return this == ADAM ? new Adam(learningRate) : new Sgd(learningRate);
  }

  public static OptimizerKind parse(String name) {
    return Named.parse("optimizer", values(), name);
  }
}
