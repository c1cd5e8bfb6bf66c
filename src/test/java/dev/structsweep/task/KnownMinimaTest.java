package dev.structsweep.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.net.Activation;
import dev.structsweep.net.Backprop;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.Network;
import dev.structsweep.net.Topology;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.net.Wiring;
import dev.structsweep.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fewest edges that solve each task: reached by the networks of {@link KnownMinima}, and not by fewer. */
class KnownMinimaTest {
  private static final SolvedThresholds SOLVED = new SolvedThresholds(0.99, 0.99);

  @Test
  void theMinimaAreKnownWithBiasesAndOneHiddenLayerOnly() {
    assertEquals(OptionalInt.of(6), KnownMinima.edges(TaskKind.XOR, Wiring.LAYERED, new int[] {4}, true));
    assertEquals(OptionalInt.of(5), KnownMinima.edges(TaskKind.XOR, Wiring.DAG, new int[] {1}, true));
    assertEquals(OptionalInt.of(3), KnownMinima.edges(TaskKind.ADDITION, Wiring.LAYERED, new int[] {8}, true));
    assertEquals(OptionalInt.of(2), KnownMinima.edges(TaskKind.ADDITION, Wiring.DAG, new int[] {8}, true));
    assertEquals(OptionalInt.empty(), KnownMinima.edges(TaskKind.XOR, Wiring.LAYERED, new int[] {1}, true),
        "one unit cannot hold XOR's six edges");
    assertEquals(OptionalInt.empty(), KnownMinima.edges(TaskKind.XOR, Wiring.LAYERED, new int[] {4}, false));
    assertEquals(OptionalInt.empty(), KnownMinima.edges(TaskKind.XOR, Wiring.LAYERED, new int[] {4, 4}, true));
  }

  @Test
  void xorIsSolvedWithSixLayeredEdgesAndFiveWithSkips() {
    // h1 = relu(x1 + x2), h2 = relu(x1 + x2 − 1), y = 8·(h1 − 2·h2 − ½): a logit, scaled for the noise.
    Network layered = Network.zeros(Topology.layered(2, new int[] {2}, 1), Activation.RELU, true);
    set(layered, 0, new double[] {1, 1, 1, 1}, new double[] {0, -1});
    set(layered, 1, new double[] {8, -16}, new double[] {-4});
    // y = 8·(x1 + x2 − 2·relu(x1 + x2 − 1) − ½).
    Network dag = Network.zeros(Topology.of(Wiring.DAG, 2, new int[] {1}, 1), Activation.RELU, true);
    set(dag, 0, new double[] {1, 1}, new double[] {-1});
    set(dag, 1, new double[] {8, 8, -16}, new double[] {-4});
    XorTask task = new XorTask(0.1);
    for (Network network : List.of(layered, dag)) {
      TaskMetrics metrics = evaluate(task, network, task.generate(400, new SplittableRandom(9)));
      assertTrue(task.solved(metrics, SOLVED), network.topology() + ": accuracy " + metrics.accuracy());
      assertEquals(network.topology().wiring() == Wiring.DAG ? 5 : 6, network.activeEdges(1e-9));
    }
  }

  @Test
  void additionIsExactWithThreeLayeredEdgesAndTwoWithSkips() {
    Network layered = Network.zeros(Topology.layered(2, new int[] {1}, 1), Activation.RELU, true);
    set(layered, 0, new double[] {1, 1}, new double[] {0});
    set(layered, 1, new double[] {1}, new double[] {0});
    Network dag = Network.zeros(Topology.of(Wiring.DAG, 2, new int[] {1}, 1), Activation.RELU, true);
    set(dag, 1, new double[] {1, 1, 0}, new double[] {0});
    AdditionTask task = new AdditionTask();
    for (Network network : List.of(layered, dag)) {
      TaskMetrics metrics = evaluate(task, network, task.generate(400, new SplittableRandom(9)));
      assertEquals(1.0, metrics.r2(), 1e-12, network.topology().toString());
    }
    assertEquals(3, layered.activeEdges(1e-9));
    assertEquals(2, dag.activeEdges(1e-9));
  }

  /**
   * A search that finds XOR in every minimal structure tried (six layered edges, five with skips) finds it in no
   * structure with one edge fewer: every mask of [2,2,1] with five edges and of DAG [2,2,1] with four, each trained
   * on the clean corners from 12 starts with its other edges held at 0.
   */
  @Test
  void noStructureWithOneEdgeFewerSolvesXorsCorners() {
    Topology layered = Topology.layered(2, new int[] {2}, 1);
    Topology dag = Topology.of(Wiring.DAG, 2, new int[] {2}, 1);
    assertTrue(solvable(layered, masks(layered.edgeCount(), 6)), "six layered edges");
    assertTrue(solvable(dag, List.of(new boolean[] {true, true, false, false, true, true, true, false})),
        "five edges with skips: x→h1, x→y, h1→y");
    for (boolean[] mask : masks(layered.edgeCount(), 5)) {
      assertTrue(!solvable(layered, List.of(mask)), "five layered edges " + java.util.Arrays.toString(mask));
    }
    for (boolean[] mask : masks(dag.edgeCount(), 4)) {
      assertTrue(!solvable(dag, List.of(mask)), "four edges with skips " + java.util.Arrays.toString(mask));
    }
  }

  private static boolean solvable(Topology topology, List<boolean[]> masks) {
    XorTask task = new XorTask(0);
    Dataset corners = task.corners().orElseThrow();
    // The four corners, 8 times each, so that a step sees every corner in equal shares.
    Dataset train = task.generate(32, new SplittableRandom(0));
    TrainingSettings settings = Specs.paperXor().lambda(0).learningRate(0.05).epochs(1500).historyEvery(0).training();
    Trainer trainer = new Trainer(settings, task.loss());
    for (boolean[] mask : masks) {
      for (long start = 0; start < 12; start++) {
        Network initial = Network.initialise(topology, Activation.TANH, true, 2.0, new SplittableRandom(start));
        int edge = 0;
        for (int m = 0; m < topology.matrices(); m++) {
          double[] w = initial.weights(m).data;
          for (int i = 0; i < w.length; i++) {
            if (!mask[edge++]) {
              w[i] = 0;
            }
          }
        }
        Network trained = trainer.retrain(initial, train.columns(), new SplittableRandom(1)).network();
        if (evaluate(task, trained, corners).accuracy() == 1.0) {
          return true;
        }
      }
    }
    return false;
  }

  /** Every choice of count of n edges. */
  private static List<boolean[]> masks(int n, int count) {
    List<boolean[]> masks = new ArrayList<>();
    for (int bits = 0; bits < 1 << n; bits++) {
      if (Integer.bitCount(bits) == count) {
        boolean[] mask = new boolean[n];
        for (int i = 0; i < n; i++) {
          mask[i] = (bits >> i & 1) == 1;
        }
        masks.add(mask);
      }
    }
    return masks;
  }

  private static void set(Network network, int layer, double[] weights, double[] biases) {
    System.arraycopy(weights, 0, network.weights(layer).data, 0, weights.length);
    System.arraycopy(biases, 0, network.biases(layer).data, 0, biases.length);
  }

  private static TaskMetrics evaluate(Task task, Network network, Dataset data) {
    Dataset.Columns columns = data.columns();
    return task.metrics(new Backprop(network.topology(), columns.size()).forward(network, columns.inputs()),
        columns.targets());
  }
}
