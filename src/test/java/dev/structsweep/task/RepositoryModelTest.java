package dev.structsweep.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.net.Activation;
import dev.structsweep.net.Backprop;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.Network;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.net.Topology;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.net.Wiring;
import dev.structsweep.testing.Specs;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The cited repository's model and rule: its edges, its initial draw, its rounding and the cap that follows. */
class RepositoryModelTest {
  private static final Topology FOUR = Topology.of(Wiring.REPOSITORY, 2, new int[] {4}, 1);

  @Test
  void itCountsThirtyEdgesForFourHiddenNodesAndTwentyForThree() {
    assertEquals(30, FOUR.edgeCount());
    assertEquals(20, Topology.of(Wiring.REPOSITORY, 2, new int[] {3}, 1).edgeCount());
    assertEquals(14, Topology.of(Wiring.DAG, 2, new int[] {4}, 1).edgeCount(), "without the idle 4×4");
    assertEquals("x1 -> y", FOUR.edgeName(1, 0, 0));
    assertEquals("h3 -> y", FOUR.edgeName(1, 0, 4));
    assertEquals("h2 -> h1", FOUR.edgeName(2, 0, 1));
  }

  @Test
  void itsWeightsStartNormalWithATenthForStandardDeviation() {
    SplittableRandom random = new SplittableRandom(3);
    double sum = 0;
    double squares = 0;
    int n = 0;
    for (int draw = 0; draw < 400; draw++) {
      Network network = Network.initialise(FOUR, Activation.RELU, false, 1.0, random);
      for (int m = 0; m < FOUR.matrices(); m++) {
        for (double w : network.weights(m).data) {
          sum += w;
          squares += w * w;
          n++;
        }
      }
    }
    assertEquals(12_000, n);
    double sd = Math.sqrt(squares / n - (sum / n) * (sum / n));
    // 12,000 draws: the sample deviation is within 3 % of σ with overwhelming probability; U(±1/√2) would be 0.41.
    assertEquals(0.1, sd, 0.003);
    assertEquals(0.0, sum / n, 0.003);
  }

  @Test
  void roundBinaryRoundsAfterEveryNthStepAndOnlyThen() {
    Task task = new XorTask(0.1, true);
    Dataset train = task.generate(40, new SplittableRandom(1));
    Network initial = Network.initialise(FOUR, Activation.RELU, false, 5.0, new SplittableRandom(2));
    for (int steps = 1; steps <= 7; steps++) {
      Network rounded = train(task, train, initial, L1Rule.ROUND_BINARY, steps);
      // By hand (SGD keeps no state): plain steps from where the last rounding left the weights, and a rounding
      // of them after steps 3 and 6.
      int since = steps % 3 == 0 ? 3 : steps % 3;
      Network before = steps - since == 0 ? initial : train(task, train, initial, L1Rule.ROUND_BINARY, steps - since);
      Network expected = train(task, train, before, L1Rule.SUBGRADIENT, since);
      if (steps % 3 == 0) {
        expected = roundedByHand(expected, 0.7);
      }
      for (int m = 0; m < FOUR.matrices(); m++) {
        dev.structsweep.testing.MatrixAsserts.assertIdentical(expected.weights(m), rounded.weights(m));
        for (double w : rounded.weights(m).data) {
          assertTrue(steps % 3 != 0 || w == 0.0 || w == 1.0, "after step " + steps + ": " + w);
        }
      }
    }
    assertTrue(!java.util.Arrays.equals(initial.weights(0).data,
        train(task, train, initial, L1Rule.ROUND_BINARY, 2).weights(0).data), "the steps move the weights");
  }

  /** SGD, η 0.05, full batch; round-binary at threshold 0.7 every 3 steps. */
  private static Network train(Task task, Dataset train, Network start, L1Rule rule, int epochs) {
    TrainingSettings settings = Specs.paperXor().bias(false).optimizer(OptimizerKind.SGD).l1(rule)
        .lambda(0).learningRate(0.05).epochs(epochs).historyEvery(0).rounding(0.7, 3).training();
    return new Trainer(settings, task.loss()).train(start, train, new SplittableRandom(4)).network();
  }

  private static Network roundedByHand(Network network, double threshold) {
    Network rounded = network.copy();
    for (int m = 0; m < rounded.topology().matrices(); m++) {
      double[] w = rounded.weights(m).data;
      for (int i = 0; i < w.length; i++) {
        w[i] = Math.abs(w[i]) >= threshold ? 1 : 0;
      }
    }
    return rounded;
  }

  @Test
  void aBiasFreeNetworkOfZerosAndOnesGetsAtMostThreeOfXorsFourCorners() {
    Topology dag = Topology.of(Wiring.DAG, 2, new int[] {4}, 1);
    Dataset corners = new XorTask(0).corners().orElseThrow();
    DMatrixRMaj x = org.ejml.dense.row.CommonOps_DDRM.transpose(corners.inputs(), null);
    DMatrixRMaj y = org.ejml.dense.row.CommonOps_DDRM.transpose(corners.targets(), null);
    for (Activation activation : Activation.values()) {
      for (boolean squaredError : new boolean[] {true, false}) {
        XorTask task = new XorTask(0, squaredError);
        Network network = Network.zeros(dag, activation, false);
        Backprop backprop = new Backprop(dag, 4);
        int best = 0;
        // Every one of the 2¹⁴ networks whose 14 edges are each 0 or 1.
        for (int bits = 0; bits < 1 << dag.edgeCount(); bits++) {
          int bit = 0;
          for (int m = 0; m < dag.matrices(); m++) {
            double[] w = network.weights(m).data;
            for (int i = 0; i < w.length; i++) {
              w[i] = (bits >> bit++) & 1;
            }
          }
          int right = (int) Math.round(4 * task.metrics(backprop.forward(network, x), y).accuracy());
          best = Math.max(best, right);
        }
        assertEquals(3, best, activation.key() + (squaredError ? " mse" : " cross-entropy")
            + ": monotone in its inputs, so (1,1) scores at least what (0,1) does");
      }
    }
  }

  @Test
  void theRepositoryModelGetsAtMostThreeCornersInEverySeed() {
    int three = 0;
    for (long seed = 0; seed < 20; seed++) {
      TrialOutcome outcome = Trial.run(Specs.paperXor().wiring(Wiring.REPOSITORY).bias(false)
          .l1(L1Rule.ROUND_BINARY).rounding(0.5, 50).lambda(0).loss(TaskLoss.MSE).learningRate(0.01).epochs(300)
          .historyEvery(0).seed(seed).build());
      for (EpsilonEvaluation evaluation : outcome.evaluations()) {
        assertTrue(evaluation.corners() <= 3, "seed " + seed + ": " + evaluation.corners() + " corners");
        assertTrue(!evaluation.solved(), "seed " + seed + " solved");
        if (evaluation.corners() == 3) {
          three++;
        }
      }
    }
    assertTrue(three > 0, "some seed reaches the cap");
  }
}
