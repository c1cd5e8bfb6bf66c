package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One pass of the vector kernel against {@link Backprop} (EJML's products, the one-lane kernel) on every lane's own
 * network and batch, for every wiring, activation and loss and several outputs: the output, every weight and bias
 * gradient (the repository's idle matrix's zeros too) and the loss's finiteness, bit for bit.
 */
class LaneKernelTest {
  static Stream<Arguments> passes() {
    List<Arguments> cases = new ArrayList<>();
    for (int batch : new int[] {1, 2, 7, 14, 15, 16, 200}) {
      for (Activation activation : Activation.values()) {
        for (Loss loss : Loss.values()) {
          cases.add(Arguments.of(loss, new int[] {4}, 1, Wiring.LAYERED, activation, true, batch));
          cases.add(Arguments.of(loss, new int[] {3, 2}, 1, Wiring.DAG, activation, true, batch));
        }
      }
      cases.add(Arguments.of(Loss.MEAN_SQUARED_ERROR, new int[] {8}, 1, Wiring.LAYERED, Activation.RELU, true, batch));
      cases.add(Arguments.of(Loss.MEAN_SQUARED_ERROR, new int[] {5, 3}, 1, Wiring.LAYERED, Activation.TANH, false,
          batch));
      cases.add(Arguments.of(Loss.BINARY_CROSS_ENTROPY, new int[] {16}, 1, Wiring.LAYERED, Activation.SIGMOID, false,
          batch));
      cases.add(Arguments.of(Loss.BINARY_CROSS_ENTROPY, new int[] {16}, 1, Wiring.DAG, Activation.RELU, true, batch));
      cases.add(Arguments.of(Loss.BINARY_CROSS_ENTROPY, new int[] {4}, 1, Wiring.REPOSITORY, Activation.SIGMOID,
          false, batch));
      cases.add(Arguments.of(Loss.MEAN_SQUARED_ERROR, new int[] {3}, 1, Wiring.REPOSITORY, Activation.RELU, true,
          batch));
      // Several outputs: the finiteness sum and the gradient's n run over every output of every sample.
      cases.add(Arguments.of(Loss.BINARY_CROSS_ENTROPY, new int[] {4}, 3, Wiring.LAYERED, Activation.TANH, true,
          batch));
      cases.add(Arguments.of(Loss.MEAN_SQUARED_ERROR, new int[] {3, 2}, 2, Wiring.DAG, Activation.RELU, true, batch));
      cases.add(Arguments.of(Loss.MEAN_SQUARED_ERROR, new int[] {3}, 4, Wiring.REPOSITORY, Activation.TANH, false,
          batch));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} outputs={2} {3} {4} bias={5} batch={6}")
  @MethodSource("passes")
  void theVectorKernelComputesBackpropsBitsInEveryLane(Loss loss, int[] hidden, int outputs, Wiring wiring,
      Activation activation, boolean bias, int batch) {
    check(loss, Topology.of(wiring, 2, hidden, outputs), activation, bias, batch, 2 * LaneKernel.vectorWidth(), 0);
  }

  static Stream<Arguments> tiles() {
    List<Arguments> cases = new ArrayList<>();
    for (int tile : new int[] {1, 3, 16, 64}) {
      for (int batch : new int[] {7, 15, 200}) {
        cases.add(Arguments.of(Loss.BINARY_CROSS_ENTROPY, new int[] {4}, 1, Wiring.LAYERED, Activation.RELU, true,
            batch, tile));
        cases.add(Arguments.of(Loss.MEAN_SQUARED_ERROR, new int[] {5, 3}, 1, Wiring.LAYERED, Activation.TANH, false,
            batch, tile));
        cases.add(Arguments.of(Loss.BINARY_CROSS_ENTROPY, new int[] {4}, 3, Wiring.LAYERED, Activation.SIGMOID, true,
            batch, tile));
        cases.add(Arguments.of(Loss.MEAN_SQUARED_ERROR, new int[] {3, 2}, 2, Wiring.DAG, Activation.RELU, true,
            batch, tile));
        cases.add(Arguments.of(Loss.BINARY_CROSS_ENTROPY, new int[] {3}, 1, Wiring.REPOSITORY, Activation.TANH, false,
            batch, tile));
      }
    }
    return cases.stream();
  }

  /**
   * Tiles of any size, one sample to more than the batch: the gradients' sums go on from tile to tile in sample
   * order, and several outputs' finiteness sum keeps its order, so the bits are Backprop's whatever the tile.
   */
  @ParameterizedTest(name = "{0} {1} outputs={2} {3} {4} bias={5} batch={6} tile={7}")
  @MethodSource("tiles")
  void everyTileSizeComputesTheSameBits(Loss loss, int[] hidden, int outputs, Wiring wiring, Activation activation,
      boolean bias, int batch, int tile) {
    check(loss, Topology.of(wiring, 2, hidden, outputs), activation, bias, batch, 2 * LaneKernel.vectorWidth(),
        tile);
  }

  @Test
  void oneLaneIsBackpropAndWholeVectorsTheVectorKernelForEveryWiring() {
    // The test JVM runs with the Vector API (pom.xml's surefire argLine).
    assertTrue(LaneKernel.vectorAvailable());
    int width = LaneKernel.vectorWidth();
    for (Topology topology : List.of(Topology.layered(2, new int[] {4}, 1), Topology.layered(2, new int[] {4}, 2),
        Topology.of(Wiring.DAG, 2, new int[] {4}, 1), Topology.of(Wiring.REPOSITORY, 2, new int[] {4}, 1))) {
      assertTrue(LaneKernel.create(topology, Activation.RELU, Loss.MEAN_SQUARED_ERROR, 1, 10) instanceof Backprop);
      assertTrue(LaneKernel.create(topology, Activation.TANH, Loss.BINARY_CROSS_ENTROPY, 2 * width, 10)
          instanceof LaneVectorKernel, topology.toString());
    }
  }

  /**
   * The loss's value on vectors of lanes against its scalar form, bit for bit (a NaN as any NaN: Java leaves its
   * sign and payload open), where the two could part: ±0, the infinities, NaN, logits so large or small that
   * e^{−|z|} is 0 or 1 + e rounds to 1, and ordinary ones.
   */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(Loss.class)
  void theLossValueOnVectorsIsTheScalarOnesBits(Loss loss) {
    int lanes = 2 * LaneKernel.vectorWidth();
    double[] special = {0.0, -0.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN, 800, -800, 40, -40,
        1e-300, -1e-300, 36.7, -36.7, 1e-17, Double.MIN_VALUE};
    SplittableRandom random = new SplittableRandom(7);
    int n = 37;
    double[] output = new double[n * lanes];
    double[] target = new double[n * lanes];
    for (int i = 0; i < output.length; i++) {
      output[i] = random.nextInt(3) == 0 ? special[random.nextInt(special.length)] : random.nextDouble(-30, 30);
      target[i] = loss == Loss.BINARY_CROSS_ENTROPY ? random.nextInt(2) : random.nextDouble(-3, 3);
    }
    // Lane 0 stays finite throughout, so that its value is a number to compare, not a NaN like the others'.
    for (int i = 0; i < n; i++) {
      output[i * lanes] = random.nextDouble(-50, 50);
    }
    double[] expected = new double[lanes];
    double[] actual = new double[lanes];
    loss.valueLanes(output, target, n, lanes, expected);
    Loss.Vectors.valueLanes(loss, output, target, n, lanes, actual, new double[LaneKernel.vectorWidth()]);
    assertTrue(Double.isFinite(expected[0]), "lane 0: " + expected[0]);
    for (int l = 0; l < lanes; l++) {
      assertEquals(Double.doubleToLongBits(expected[l]), Double.doubleToLongBits(actual[l]),
          "lane " + l + ": " + expected[l] + " against " + actual[l]);
    }
    // Lane by lane, single elements of every kind: each special value alone in a lane's sum.
    for (double z : special) {
      double[] one = new double[lanes];
      double[] y = new double[lanes];
      java.util.Arrays.fill(one, z);
      java.util.Arrays.fill(y, loss == Loss.BINARY_CROSS_ENTROPY ? 1 : 0.5);
      loss.valueLanes(one, y, 1, lanes, expected);
      Loss.Vectors.valueLanes(loss, one, y, 1, lanes, actual, new double[LaneKernel.vectorWidth()]);
      assertEquals(Double.doubleToLongBits(expected[0]), Double.doubleToLongBits(actual[0]), "z = " + z);
    }
  }

  @Test
  void lanesThatDoNotFillWholeVectorsAreRefused() {
    int width = LaneKernel.vectorWidth();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LaneKernel.create(
        Topology.layered(2, new int[] {4}, 1), Activation.RELU, Loss.MEAN_SQUARED_ERROR, width + 1, 10));
    assertTrue(e.getMessage().contains("found " + (width + 1)), e.getMessage());
  }

  /** One pass of lanes against Backprop lane by lane; tile: samples per tile, 0 for the kernel's own. */
  private static void check(Loss loss, Topology topology, Activation activation, boolean bias, int batch, int lanes,
      int tile) {
    List<Network> networks = new ArrayList<>();
    List<Dataset.Columns> data = new ArrayList<>();
    for (int l = 0; l < lanes; l++) {
      SplittableRandom root = new SplittableRandom(300 + l);
      // Lane 1's output weights are infinite: its loss is not finite, and the other lanes must not notice.
      Network network = Network.initialise(topology, activation, bias, 1.5, root.split());
      if (l == 1) {
        java.util.Arrays.fill(network.weights(topology.weightLayers() - 1).data, Double.POSITIVE_INFINITY);
      }
      networks.add(network);
      data.add(data(loss, topology, batch, root.split()).columns());
    }
    int matrices = topology.matrices();
    int layers = topology.weightLayers();
    double[][] weights = new double[matrices][];
    for (int m = 0; m < matrices; m++) {
      weights[m] = Trainer.interleave(networks, m, false, lanes).data;
    }
    double[][] biases = bias ? new double[layers][] : null;
    for (int k = 0; k < layers && bias; k++) {
      biases[k] = Trainer.interleave(networks, k, true, lanes).data;
    }
    double[] input = Trainer.interleave(data, true, lanes);
    double[] target = Trainer.interleave(data, false, lanes);
    LaneKernel kernel = tile == 0 ? LaneKernel.create(topology, activation, loss, lanes, batch)
        : new LaneVectorKernel(topology, activation, loss, lanes, batch, tile);
    boolean[] finite = new boolean[lanes];
    // A pass on other inputs first: a new input array is copied even where it is said to be as before, and the
    // same array said to be as before is read from the copy.
    double[] other = Trainer.interleave(data, true, lanes).clone();
    java.util.Arrays.fill(other, 0.5);
    kernel.forwardBackward(weights, biases, other, target, batch, loss, finite, false);
    kernel.forwardBackward(weights, biases, input, target, batch, loss, finite, true);
    kernel.forwardBackward(weights, biases, input, target, batch, loss, finite, true);

    Backprop single = new Backprop(topology, batch);
    for (int l = 0; l < lanes; l++) {
      String what = "lane " + l;
      boolean expected = single.forwardBackward(networks.get(l), data.get(l).inputs(), data.get(l).targets(), loss);
      assertEquals(expected, finite[l], what + ": finite");
      if (!expected) {
        continue;
      }
      assertLane(single.output(), kernel.laneOutput(), l, lanes, what + ": output");
      for (int m = 0; m < matrices; m++) {
        assertLane(single.weightGradient(m), kernel.laneWeightGradient(m), l, lanes, what + ": ∂W" + m);
      }
      for (int k = 0; k < layers && bias; k++) {
        assertLane(single.biasGradient(k), kernel.laneBiasGradient(k), l, lanes, what + ": ∂b" + k);
      }
    }
    assertTrue(!finite[1], "lane 1 has infinite output weights");
  }

  /** Inputs in [−2, 2]; targets 0 or 1 for the cross-entropy, else reals in [−3, 3]. */
  static Dataset data(Loss loss, Topology topology, int samples, SplittableRandom random) {
    DMatrixRMaj inputs = new DMatrixRMaj(samples, topology.inputs());
    DMatrixRMaj targets = new DMatrixRMaj(samples, topology.outputs());
    for (int i = 0; i < inputs.data.length; i++) {
      inputs.data[i] = random.nextDouble(-2, 2);
    }
    for (int i = 0; i < targets.data.length; i++) {
      targets.data[i] = loss == Loss.BINARY_CROSS_ENTROPY ? random.nextInt(2) : random.nextDouble(-3, 3);
    }
    return new Dataset(inputs, targets);
  }

  private static void assertLane(DMatrixRMaj expected, double[] lanesLayout, int lane, int lanes, String what) {
    for (int i = 0; i < expected.getNumElements(); i++) {
      double actual = lanesLayout[i * lanes + lane];
      assertEquals(Double.doubleToRawLongBits(expected.data[i]), Double.doubleToRawLongBits(actual),
          what + "[" + i + "]: expected " + expected.data[i] + ", found " + actual);
    }
  }
}
