package dev.structsweep.net;

import org.ejml.data.DMatrixRMaj;

/** A first-order optimiser that owns its state; one instance per training, never shared. */
public interface Optimizer {
  /** Declares the optimiser's state for params' shapes, once, before the first step. params: Not modified. */
  void declare(DMatrixRMaj[] params);

  /**
   * params[p] ← update(params[p], gradients[p]) for every p, after {@link #declare}. params: Modified.
   * gradients: Not modified.
   */
  void step(DMatrixRMaj[] params, DMatrixRMaj[] gradients);

  /** The base learning rate η, which also scales the proximal L1 threshold ηλ. */
  double learningRate();

  /**
   * The proximal step of λ|w| for the step just taken: each weight of params[0 … count) soft-thresholded by λ times
   * the step this optimiser takes per unit of gradient on it (ηλ for SGD, ηλ/(√v̂ + ε) for Adam), so that the
   * penalty is scaled as the task's gradient was. params: Modified.
   */
  void softThreshold(DMatrixRMaj[] params, int count, double lambda);

  /**
   * The step the last {@link #step} took on element index of params[param] per unit of gradient: η for SGD,
   * η/(√v̂ + ε) for Adam.
   */
  double stepPerGradient(int param, int index);

  /** Rounds the optimiser's state to float after a step of {@code precision = float32}; plain SGD keeps none. */
  default void roundStateToFloat() {}
}
