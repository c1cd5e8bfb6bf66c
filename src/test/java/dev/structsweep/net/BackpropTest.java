package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BackpropTest {
  private static final double STEP = 1e-6;
  private static final double GRADIENT_TOLERANCE = 1e-6;

  static Stream<Arguments> cases() {
    int[][][] shapes = {
        {{2}, {4}, {1}}, {{2}, {8}, {1}}, {{3}, {5, 4}, {2}}, {{1}, {3, 3, 3}, {1}}, {{4}, {2}, {3}}};
    Stream.Builder<Arguments> cases = Stream.builder();
    for (Wiring wiring : Wiring.values()) {
      for (Activation activation : Activation.values()) {
        for (Loss loss : Loss.values()) {
          for (int[][] shape : shapes) {
            for (boolean bias : new boolean[] {true, false}) {
              if (wiring != Wiring.REPOSITORY || shape[1].length == 1) {
                cases.add(Arguments.of(wiring, activation, loss, shape[0][0], shape[1], shape[2][0], bias));
              }
            }
          }
        }
      }
    }
    return cases.build();
  }

  @ParameterizedTest(name = "{0} {1} {2} in={3} hidden={4} out={5} bias={6}")
  @MethodSource("cases")
  void backpropagationMatchesCentralFiniteDifferences(Wiring wiring, Activation activation, Loss loss, int inputs,
      int[] hidden, int outputs, boolean bias) {
    Topology topology = Topology.of(wiring, inputs, hidden, outputs);
    SplittableRandom random = new SplittableRandom(42);
    Network network = Network.initialise(topology, activation, bias, random);
    // Larger weights than the default make every layer matter to the gradient.
    for (int k = 0; k < topology.matrices(); k++) {
      scale(network.weights(k), wiring == Wiring.REPOSITORY ? 20.0 : 2.0);
    }
    int batch = 7;
    DMatrixRMaj x = randomMatrix(inputs, batch, random);
    DMatrixRMaj y = new DMatrixRMaj(outputs, batch);
    for (int i = 0; i < y.getNumElements(); i++) {
      y.data[i] = loss == Loss.BINARY_CROSS_ENTROPY ? random.nextInt(2) : random.nextGaussian();
    }
    Backprop backprop = new Backprop(topology, batch);
    backprop.forwardBackward(network, x, y, loss);

    int checked = 0;
    for (int k = 0; k < topology.matrices(); k++) {
      checked += check(network.weights(k), backprop.weightGradient(k), network, x, y, loss, topology);
      if (!topology.carriesSignal(k)) {
        for (double g : backprop.weightGradient(k).data) {
          assertEquals(0.0, g, "edges that carry no signal get no gradient");
        }
        continue;
      }
      if (bias) {
        checked += check(network.biases(k), backprop.biasGradient(k), network, x, y, loss, topology);
      } else {
        for (double g : backprop.biasGradient(k).data) {
          assertEquals(0.0, g, "a network without biases has no bias gradient");
        }
      }
    }
    assertEquals(topology.edgeCount() + (bias ? nodesAboveInput(topology) : 0), checked);
  }

  @org.junit.jupiter.api.Test
  void aDagReadsEveryLayerBelowAsWorkedOutByHand() {
    // [2,1,1] as a DAG: h = relu(2·x1 − x2 + 0.5), y = 3·x1 + 0.25·x2 − 4·h + 1.
    Topology topology = Topology.of(Wiring.DAG, 2, new int[] {1}, 1);
    assertEquals(2 + 3, topology.edgeCount());
    Network network = Network.zeros(topology, Activation.RELU, true);
    network.weights(0).data[0] = 2;
    network.weights(0).data[1] = -1;
    network.biases(0).data[0] = 0.5;
    network.weights(1).data[0] = 3;
    network.weights(1).data[1] = 0.25;
    network.weights(1).data[2] = -4;
    network.biases(1).data[0] = 1;
    DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 0, -1}, {2, 1, 0}});
    DMatrixRMaj y = new Backprop(topology, 1).forward(network, x);
    double[] expected = {3 + 0.5 - 4 * 0.5 + 1, 0 + 0.25 - 0 + 1, -3 + 0 - 0 + 1};
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i], y.get(0, i), 0.0, "sample " + i);
    }
  }

  @org.junit.jupiter.api.Test
  void aDagGivesTheSameBitsWhateverItsWorkspacesFirstHeld() {
    Topology topology = Topology.of(Wiring.DAG, 2, new int[] {3, 2}, 1);
    SplittableRandom random = new SplittableRandom(5);
    Network network = Network.initialise(topology, Activation.TANH, true, random);
    DMatrixRMaj x = randomMatrix(2, 9, random);
    DMatrixRMaj y = randomMatrix(1, 9, random);
    Backprop sized = new Backprop(topology, 9);
    sized.forwardBackward(network, x, y, Loss.MEAN_SQUARED_ERROR);
    // One sample of capacity, a smaller batch first: the stack grows and reshapes, the sums stay the same.
    Backprop grown = new Backprop(topology, 1);
    grown.forwardBackward(network, randomMatrix(2, 4, random), randomMatrix(1, 4, random), Loss.MEAN_SQUARED_ERROR);
    grown.forwardBackward(network, x, y, Loss.MEAN_SQUARED_ERROR);
    for (int k = 0; k < topology.matrices(); k++) {
      dev.structsweep.testing.MatrixAsserts.assertIdentical(sized.weightGradient(k), grown.weightGradient(k));
    }
    dev.structsweep.testing.MatrixAsserts.assertIdentical(sized.output(), grown.output());
  }

  @org.junit.jupiter.api.Test
  void gradientKernelSumsEachProductByFusedMultiplyAddInSampleOrder() {
    SplittableRandom random = new SplittableRandom(8);
    for (int rows = 1; rows <= 3; rows++) {
      for (int cols = 1; cols <= 9; cols++) {
        for (int batch : new int[] {1, 5, 200}) {
          DMatrixRMaj delta = randomMatrix(rows, batch, random);
          DMatrixRMaj below = randomMatrix(cols, batch, random);
          DMatrixRMaj expected = new DMatrixRMaj(rows, cols);
          for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
              double sum = 0;
              for (int s = 0; s < batch; s++) {
                sum = Math.fma(delta.get(i, s), below.get(j, s), sum);
              }
              expected.set(i, j, sum);
            }
          }
          DMatrixRMaj expectedBias = new DMatrixRMaj(rows, 1);
          org.ejml.dense.row.CommonOps_DDRM.sumRows(delta, expectedBias);
          DMatrixRMaj actual = new DMatrixRMaj(1, 1);
          double[] bias = new double[rows];
          Backprop.weightAndBiasGradients(delta, below, actual, bias);
          dev.structsweep.testing.MatrixAsserts.assertIdentical(expected, actual);
          dev.structsweep.testing.MatrixAsserts.assertIdentical(expectedBias, DMatrixRMaj.wrap(rows, 1, bias));
          DMatrixRMaj withoutBias = new DMatrixRMaj(rows, cols);
          Backprop.weightAndBiasGradients(delta, below, withoutBias, null);
          dev.structsweep.testing.MatrixAsserts.assertIdentical(expected, withoutBias);
        }
      }
    }
  }

  private static int check(DMatrixRMaj param, DMatrixRMaj analytic, Network network, DMatrixRMaj x,
      DMatrixRMaj y, Loss loss, Topology topology) {
    DMatrixRMaj expected = analytic.copy();
    Backprop probe = new Backprop(topology, x.numCols);
    for (int i = 0; i < param.getNumElements(); i++) {
      double original = param.data[i];
      param.data[i] = original + STEP;
      double up = loss.value(probe.forward(network, x), y);
      param.data[i] = original - STEP;
      double down = loss.value(probe.forward(network, x), y);
      param.data[i] = original;
      double numeric = (up - down) / (2 * STEP);
      double error = Math.abs(numeric - expected.data[i]) / Math.max(1.0, Math.abs(numeric));
      assertTrue(error < GRADIENT_TOLERANCE, "element " + i + ": backprop " + expected.data[i]
          + " vs finite difference " + numeric);
    }
    return param.getNumElements();
  }

  private static int nodesAboveInput(Topology topology) {
    int nodes = 0;
    for (int k = 1; k <= topology.weightLayers(); k++) {
      nodes += topology.size(k);
    }
    return nodes;
  }

  private static DMatrixRMaj randomMatrix(int rows, int cols, SplittableRandom random) {
    DMatrixRMaj m = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < m.getNumElements(); i++) {
      m.data[i] = random.nextGaussian();
    }
    return m;
  }

  private static void scale(DMatrixRMaj m, double factor) {
    for (int i = 0; i < m.getNumElements(); i++) {
      m.data[i] *= factor;
    }
  }
}
