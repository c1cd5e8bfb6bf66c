package dev.structsweep.net;

/**
 * One forward and backward pass of L networks of one topology in {@link LaneBackprop}'s lane layout: the part of a
 * lane epoch that costs. Two implementations compute the same bits: {@link LaneBackprop}, plain loops for every
 * topology, and {@code LaneVectorKernel}, the Vector API fused per sample, for layered networks with one output
 * when the JVM has the {@code jdk.incubator.vector} module ({@link #create} chooses).
 */
interface LaneKernel {
  /**
   * One forward and backward pass of every lane: leaves ∂loss/∂W_m and ∂loss/∂b_k in {@link #weightGradient} and
   * {@link #biasGradient} and the output in {@link #output}; finite[l] ← whether lane l's loss is finite.
   * weights[m], biases[k] (null without biases), input, target: lane layout, not modified.
   */
  void forwardBackward(double[][] weights, double[][] biases, double[] input, double[] target, int batch, Loss loss,
      boolean[] finite);

  /** ∂loss/∂W_m of the last pass, lane layout, live. */
  double[] weightGradient(int m);

  /** ∂loss/∂b_k of the last pass, lane layout, live. */
  double[] biasGradient(int k);

  /** The output of the last pass ({@code outputs × batch} per lane), lane layout, live. */
  double[] output();

  /** Which kernel {@link #create} may choose. */
  enum Choice {
    /** The vector kernel where it applies ({@link #vectorApplies}), else the plain one. */
    FASTEST,
    /** Always {@link LaneBackprop}. */
    PLAIN
  }

  /** Whether this JVM can run the vector kernel: it was started with {@code --add-modules jdk.incubator.vector}. */
  static boolean vectorAvailable() {
    return VectorSupport.AVAILABLE;
  }

  /**
   * Whether the vector kernel runs these lanes: it is available, the network is layered with one output, and the
   * lanes fill whole vectors ({@link #vectorWidth}).
   */
  static boolean vectorApplies(Topology topology, int lanes) {
    return vectorAvailable() && topology.wiring() == Wiring.LAYERED && topology.outputs() == 1
        && lanes % vectorWidth() == 0;
  }

  /** Doubles per vector of the vector kernel on this machine (8 with AVX-512, 4 with AVX2); 1 without the module. */
  static int vectorWidth() {
    return vectorAvailable() ? VectorSupport.width() : 1;
  }

  static LaneKernel create(Topology topology, Activation activation, int lanes, int batchCapacity, Choice choice) {
    if (choice == Choice.FASTEST && vectorApplies(topology, lanes)) {
      return VectorSupport.create(topology, activation, lanes, batchCapacity);
    }
    return new LaneBackprop(topology, activation, lanes, batchCapacity);
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

    static LaneKernel create(Topology topology, Activation activation, int lanes, int batchCapacity) {
      return new LaneVectorKernel(topology, activation, lanes, batchCapacity);
    }
  }
}
