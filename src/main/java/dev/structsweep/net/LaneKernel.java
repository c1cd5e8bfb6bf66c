package dev.structsweep.net;

/**
 * The kernel contract: one forward and backward pass of L ≥ 1 networks of one topology, each on its own batch, in
 * lane layout (element (r, c) of lane l of any matrix at {@code (r·cols + c)·L + l}; with one lane, EJML's row-major
 * layout). The epoch loop ({@link Trainer}) drives it. Two kernels: {@link Backprop} (EJML) for one lane, and
 * {@link LaneVectorKernel} (the Vector API) for whole vectors of lanes, any wiring, any number of outputs, where the
 * JVM has the {@code jdk.incubator.vector} module; both compute the same bits per lane. {@link #create} chooses.
 */
interface LaneKernel {
  /**
   * One forward and backward pass of every lane: leaves ∂loss/∂W_m and ∂loss/∂b_k in {@link #laneWeightGradient}
   * and {@link #laneBiasGradient} and the output in {@link #laneOutput}; finite[l] ← whether lane l's loss is
   * finite. weights[m], biases[k] (null without biases), input, target: lane layout, Not modified.
   */
  void forwardBackward(double[][] weights, double[][] biases, double[] input, double[] target, int batch, Loss loss,
      boolean[] finite);

  /**
   * As {@link #forwardBackward(double[][], double[][], double[], double[], int, Loss, boolean[])}; inputAsBefore:
   * input is the array of the previous pass and holds the same values (a full batch, epoch after epoch), so that a
   * kernel may reuse what it made of it.
   */
  default void forwardBackward(double[][] weights, double[][] biases, double[] input, double[] target, int batch,
      Loss loss, boolean[] finite, boolean inputAsBefore) {
    forwardBackward(weights, biases, input, target, batch, loss, finite);
  }

  /**
   * Each lane's mean loss over the last pass's output against target (outputs × batch per lane, lane layout), as
   * {@link Loss#valueLanes} computes it. values: Modified.
   */
  void lossValues(Loss loss, double[] target, int batch, double[] values);

  /** ∂loss/∂W_m of the last pass, lane layout, live: the same array in every pass. */
  double[] laneWeightGradient(int m);

  /** ∂loss/∂b_k of the last pass, lane layout, live: the same array in every pass. */
  double[] laneBiasGradient(int k);

  /** The output of the last pass ({@code outputs × batch} per lane), lane layout, live. */
  double[] laneOutput();

  /** Whether this JVM can run the vector kernel: it was started with {@code --add-modules jdk.incubator.vector}. */
  static boolean vectorAvailable() {
    return VectorSupport.AVAILABLE;
  }

  /** Lanes per vector of the vector kernel on this machine (8 with AVX-512, 4 with AVX2); 0 without the module. */
  static int vectorWidth() {
    return vectorAvailable() ? VectorSupport.width() : 0;
  }

  /**
   * The kernel of these lanes: {@link Backprop} for one lane, the vector kernel for a whole number of vectors, and
   * for float32 the {@link FloatKernel}, any number of lanes. Any other count, or lanes > 1 without the Vector API, is
   * refused: the epoch loop never asks for it.
   */
  static LaneKernel create(Topology topology, Activation activation, Loss loss, int lanes, int batchCapacity) {
    return create(topology, activation, loss, lanes, batchCapacity, Precision.FLOAT64);
  }

  /** {@link #create(Topology, Activation, Loss, int, int)} in precision. */
  static LaneKernel create(Topology topology, Activation activation, Loss loss, int lanes, int batchCapacity,
      Precision precision) {
    if (precision == Precision.FLOAT32) {
      return new FloatKernel(topology, activation, lanes, batchCapacity);
    }
    if (lanes == 1) {
      return new Backprop(topology, activation, batchCapacity);
    }
    int width = vectorWidth();
    if (width == 0 || lanes % width != 0) {
      throw new IllegalArgumentException("a kernel runs one lane or a whole number of vectors of " + width
          + " lanes (0: no Vector API in this JVM), found " + lanes);
    }
    return VectorSupport.create(topology, activation, loss, lanes, batchCapacity);
  }

  /** Touches the Vector API only once it is known to be there, so that the class loads on any JVM. */
  final class VectorSupport {
    static final boolean AVAILABLE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
        && !"false".equals(System.getProperty("structsweep.vector"));

    private VectorSupport() {
    }

    static int width() {
      return LaneVectorKernel.width();
    }

    static LaneKernel create(Topology topology, Activation activation, Loss loss, int lanes, int batchCapacity) {
      return new LaneVectorKernel(topology, activation, loss, lanes, batchCapacity);
    }
  }
}
