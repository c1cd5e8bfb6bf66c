package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.task.AdditionTask;
import dev.structsweep.task.Task;
import dev.structsweep.task.XorTask;
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
 * One pass of each lane kernel against {@link Backprop} (EJML's products) on every lane's own network and batch: the
 * output, every weight and bias gradient and the loss's finiteness, bit for bit.
 */
class LaneKernelTest {
  static Stream<Arguments> passes() {
    List<Arguments> cases = new ArrayList<>();
    Task xor = new XorTask(0.1);
    Task addition = new AdditionTask();
    for (int batch : new int[] {1, 2, 7, 14, 15, 16, 200}) {
      for (Activation activation : Activation.values()) {
        cases.add(Arguments.of(xor, new int[] {4}, Wiring.LAYERED, activation, true, batch));
      }
      cases.add(Arguments.of(addition, new int[] {8}, Wiring.LAYERED, Activation.RELU, true, batch));
      cases.add(Arguments.of(addition, new int[] {5, 3}, Wiring.LAYERED, Activation.TANH, false, batch));
      cases.add(Arguments.of(xor, new int[] {16}, Wiring.LAYERED, Activation.SIGMOID, false, batch));
      cases.add(Arguments.of(xor, new int[] {3, 2}, Wiring.DAG, Activation.TANH, true, batch));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3} bias={4} batch={5}")
  @MethodSource("passes")
  void bothKernelsComputeBackpropsBitsInEveryLane(Task task, int[] hidden, Wiring wiring, Activation activation,
      boolean bias, int batch) {
    Topology topology = Topology.of(wiring, 2, hidden, 1);
    int lanes = 2 * LaneKernel.vectorWidth();
    for (LaneKernel.Choice choice : LaneKernel.Choice.values()) {
      if (choice == LaneKernel.Choice.FASTEST && !LaneKernel.vectorApplies(topology, lanes)) {
        continue;
      }
      check(task, topology, activation, bias, batch, lanes, choice);
    }
  }

  @Test
  void theVectorKernelIsChosenWhereItApplies() {
    // The test JVM runs with the Vector API (pom.xml's surefire argLine).
    assertTrue(LaneKernel.vectorAvailable());
    int width = LaneKernel.vectorWidth();
    Topology layered = Topology.layered(2, new int[] {4}, 1);
    assertTrue(LaneKernel.create(layered, Activation.RELU, 2 * width, 10, LaneKernel.Choice.FASTEST)
        instanceof LaneVectorKernel);
    assertTrue(LaneKernel.create(layered, Activation.RELU, 2 * width, 10, LaneKernel.Choice.PLAIN)
        instanceof LaneBackprop);
    assertTrue(LaneKernel.create(layered, Activation.RELU, width + 1, 10, LaneKernel.Choice.FASTEST)
        instanceof LaneBackprop);
    assertTrue(LaneKernel.create(Topology.of(Wiring.DAG, 2, new int[] {4}, 1), Activation.RELU, 2 * width, 10,
        LaneKernel.Choice.FASTEST) instanceof LaneBackprop);
    assertTrue(LaneKernel.create(Topology.layered(2, new int[] {4}, 2), Activation.RELU, 2 * width, 10,
        LaneKernel.Choice.FASTEST) instanceof LaneBackprop);
  }

  private static void check(Task task, Topology topology, Activation activation, boolean bias, int batch, int lanes,
      LaneKernel.Choice choice) {
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
      data.add(task.generate(batch, root.split()).columns());
    }
    int matrices = topology.matrices();
    int layers = topology.weightLayers();
    double[][] weights = new double[matrices][];
    for (int m = 0; m < matrices; m++) {
      weights[m] = LaneTrainer.interleave(networks, m, false, lanes).data;
    }
    double[][] biases = bias ? new double[layers][] : null;
    for (int k = 0; k < layers && bias; k++) {
      biases[k] = LaneTrainer.interleave(networks, k, true, lanes).data;
    }
    double[] input = LaneTrainer.interleave(data, true, lanes);
    double[] target = LaneTrainer.interleave(data, false, lanes);
    LaneKernel kernel = LaneKernel.create(topology, activation, lanes, batch, choice);
    boolean[] finite = new boolean[lanes];
    kernel.forwardBackward(weights, biases, input, target, batch, task.loss(), finite);

    Backprop single = new Backprop(topology, batch);
    for (int l = 0; l < lanes; l++) {
      String what = choice + " kernel, lane " + l;
      boolean expected = single.forwardBackward(networks.get(l), data.get(l).inputs(), data.get(l).targets(),
          task.loss());
      assertEquals(expected, finite[l], what + ": finite");
      if (!expected) {
        continue;
      }
      assertLane(single.output(), kernel.output(), l, lanes, what + ": output");
      for (int m = 0; m < matrices; m++) {
        assertLane(single.weightGradient(m), kernel.weightGradient(m), l, lanes, what + ": ∂W" + m);
      }
      for (int k = 0; k < layers && bias; k++) {
        assertLane(single.biasGradient(k), kernel.biasGradient(k), l, lanes, what + ": ∂b" + k);
      }
    }
    assertTrue(!finite[1], "lane 1 has infinite output weights");
  }

  private static void assertLane(DMatrixRMaj expected, double[] lanesLayout, int lane, int lanes, String what) {
    for (int i = 0; i < expected.getNumElements(); i++) {
      double actual = lanesLayout[i * lanes + lane];
      assertEquals(Double.doubleToRawLongBits(expected.data[i]), Double.doubleToRawLongBits(actual),
          what + "[" + i + "]: expected " + expected.data[i] + ", found " + actual);
    }
  }
}
