package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NetworkTest {
  @Test
  void edgesCountWeightsOnly() {
    assertEquals(12, Topology.layered(2, new int[] {4}, 1).edgeCount());
    assertEquals(24, Topology.layered(2, new int[] {8}, 1).edgeCount());
    assertEquals(2 * 8 + 8 * 8 + 8, Topology.layered(2, new int[] {8, 8}, 1).edgeCount());
    assertEquals("[2,8,8,1]", Topology.layered(2, new int[] {8, 8}, 1).toString());
  }

  @Test
  void initialisationFollowsPytorchLinearBounds() {
    Topology topology = Topology.layered(2, new int[] {64}, 1);
    Network network = Network.initialise(topology, Activation.RELU, true, new SplittableRandom(1));
    assertWithin(network.weights(0).data, 1 / Math.sqrt(2));
    assertWithin(network.biases(0).data, 1 / Math.sqrt(2));
    assertWithin(network.weights(1).data, 1 / Math.sqrt(64));
    assertWithin(network.biases(1).data, 1 / Math.sqrt(64));
    // 128 draws from U(−0.707, 0.707) reach beyond ±0.6 on both sides unless the draw is broken.
    double max = Double.NEGATIVE_INFINITY;
    double min = Double.POSITIVE_INFINITY;
    for (double w : network.weights(0).data) {
      max = Math.max(max, w);
      min = Math.min(min, w);
    }
    assertTrue(max > 0.6 && min < -0.6, "range [" + min + ", " + max + "]");
  }

  @Test
  void initScaleMultipliesEveryDrawAndScaleOneIsTheDefaultExactly() {
    Topology topology = Topology.layered(2, new int[] {8}, 1);
    Network plain = Network.initialise(topology, Activation.RELU, true, new SplittableRandom(3));
    Network one = Network.initialise(topology, Activation.RELU, true, 1.0, new SplittableRandom(3));
    Network half = Network.initialise(topology, Activation.RELU, true, 0.5, new SplittableRandom(3));
    for (int k = 0; k < 2; k++) {
      assertArrayEquals(plain.weights(k).data, one.weights(k).data, 0.0);
      assertArrayEquals(plain.biases(k).data, one.biases(k).data, 0.0);
      for (int i = 0; i < plain.weights(k).data.length; i++) {
        assertEquals(plain.weights(k).data[i] / 2, half.weights(k).data[i], 1e-15);
      }
      for (int i = 0; i < plain.biases(k).data.length; i++) {
        assertEquals(plain.biases(k).data[i] / 2, half.biases(k).data[i], 1e-15);
      }
    }
    // A bad scale is refused by its setting's definition, once (TrialTest), not here.
  }

  @Test
  void aNormalInitDrawsInTheUniformsOrderAtItsVarianceAndUniformIsTheDefaultExactly() {
    Topology topology = Topology.layered(2, new int[] {8}, 1);
    Network plain = Network.initialise(topology, Activation.RELU, true, 0.5, new SplittableRandom(3));
    Network uniform = Network.initialise(topology, Activation.RELU, true, 0.5, Network.Distribution.UNIFORM,
        new SplittableRandom(3));
    Network normal = Network.initialise(topology, Activation.RELU, true, 0.5, Network.Distribution.NORMAL,
        new SplittableRandom(3));
    SplittableRandom same = new SplittableRandom(3);
    for (int k = 0; k < 2; k++) {
      assertArrayEquals(plain.weights(k).data, uniform.weights(k).data, 0.0);
      assertArrayEquals(plain.biases(k).data, uniform.biases(k).data, 0.0);
      double sigma = 0.5 / Math.sqrt(topology.sources(k)) / Math.sqrt(3);
      for (double w : normal.weights(k).data) {
        assertEquals(sigma * same.nextGaussian(), w, 0.0);
      }
      for (double b : normal.biases(k).data) {
        assertEquals(sigma * same.nextGaussian(), b, 0.0);
      }
    }
  }

  @Test
  void networkWithoutBiasHasZeroBiases() {
    Topology topology = Topology.layered(2, new int[] {4}, 1);
    Network network = Network.initialise(topology, Activation.TANH, false, new SplittableRandom(1));
    for (int k = 0; k < topology.weightLayers(); k++) {
      for (double b : network.biases(k).data) {
        assertEquals(0.0, b);
      }
    }
  }

  @Test
  void pruningZeroesInactiveEdgesAndFindsDeadUnits() {
    Topology topology = Topology.layered(2, new int[] {3}, 1);
    Network network = Network.zeros(topology, Activation.RELU, true);
    // h1: both inputs, feeds y. h2: no incoming edge at ε = 0.1. h3: incoming but no outgoing.
    network.weights(0).set(0, 0, 0.5);
    network.weights(0).set(0, 1, -0.5);
    network.weights(0).set(1, 0, 0.05);
    network.weights(0).set(2, 1, 1.0);
    network.weights(1).set(0, 0, 2.0);
    network.weights(1).set(0, 1, 0.3);
    network.weights(1).set(0, 2, -0.09);
    network.biases(0).set(1, 0, 0.001);

    assertEquals(5, network.activeEdges(0.1));
    assertEquals(7, network.activeEdges(0.01));
    assertEquals(2, network.deadHiddenUnits(0.1));
    assertEquals(0, network.deadHiddenUnits(0.01));
    Network pruned = network.pruned(0.1);
    assertEquals(0.0, pruned.weight(0, 1, 0));
    assertEquals(0.0, pruned.weight(1, 0, 2));
    assertEquals(0.5, pruned.weight(0, 0, 0));
    assertEquals(0.001, pruned.biases(0).get(1, 0), "biases are never pruned");
    assertEquals(0.05, network.weight(0, 1, 0), "pruning leaves the original alone");
    assertEquals(0.5 + 0.5 + 0.05 + 1.0 + 2.0 + 0.3 + 0.09, network.l1Norm(), 1e-15);
  }

  @Test
  void finitenessCoversWeightsAndBiases() {
    Network network = Network.zeros(Topology.layered(2, new int[] {2}, 1), Activation.RELU, true);
    assertTrue(network.isFinite());
    network.biases(1).set(0, 0, Double.NaN);
    assertFalse(network.isFinite());
  }

  @Test
  void topologyRejectsEmptyLayers() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Topology.layered(2, new int[] {4, 0}, 1));
    assertEquals("hidden sizes must each be ≥ 1, found [4, 0]", e.getMessage());
  }

  private static void assertWithin(double[] values, double bound) {
    for (double v : values) {
      assertTrue(Math.abs(v) <= bound, v + " outside ±" + bound);
    }
  }
}
