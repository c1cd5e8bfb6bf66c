package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.task.Task;
import dev.structsweep.task.XorTask;
import dev.structsweep.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Reweighted L1 ({@code reweight.every}, {@code reweight.delta}): each edge's penalty λ / (|w| + δ). */
class ReweightedL1Test {
  private static final Task XOR = new XorTask(0.1);
  private static final Topology TOPOLOGY = Topology.layered(2, new int[] {6}, 1);

  private static Specs xor(L1Rule l1, int every) {
    return Specs.paperXor().hidden(6).activation(Activation.TANH).l1(l1).lambda(0.01).learningRate(0.05)
        .epochs(60).historyEvery(5).reweight(every, 0.05);
  }

  private static Network start(long seed) {
    return Network.initialise(TOPOLOGY, Activation.TANH, true, 1.0, new SplittableRandom(seed));
  }

  private static Dataset.Columns data(long seed) {
    return XOR.generate(40, new SplittableRandom(seed)).columns();
  }

  @Test
  void reweightedTrainingsInLanesAreEachTheTrainingAloneBitForBit() {
    for (L1Rule l1 : new L1Rule[] {L1Rule.SUBGRADIENT, L1Rule.PROXIMAL, L1Rule.ADAPTIVE_PROXIMAL}) {
      for (OptimizerKind optimizer : OptimizerKind.values()) {
        TrainingSettings settings = xor(l1, 7).optimizer(optimizer).training();
        List<Network> starts = new ArrayList<>();
        List<Dataset.Columns> data = new ArrayList<>();
        List<SplittableRandom> shuffles = new ArrayList<>();
        int lanes = Math.max(2, Trainer.vectorWidth()) + 1;
        for (int l = 0; l < lanes; l++) {
          starts.add(start(l));
          data.add(data(100 + l));
          shuffles.add(new SplittableRandom(l));
        }
        List<TrainingResult> together = new Trainer(settings, XOR.loss()).train(starts, data, shuffles);
        for (int l = 0; l < lanes; l++) {
          TrainingResult alone = new Trainer(settings, XOR.loss()).train(starts.get(l), data.get(l),
              new SplittableRandom(l));
          LaneTrainerTest.assertSame(alone, together.get(l), l1.key() + " " + optimizer.key() + ", lane " + l);
        }
      }
    }
  }

  @Test
  void aReweightingPeriodBeyondTheLastEpochIsPlainL1BitForBit() {
    for (L1Rule l1 : new L1Rule[] {L1Rule.SUBGRADIENT, L1Rule.PROXIMAL}) {
      TrainingResult plain = new Trainer(xor(l1, 0).training(), XOR.loss()).train(start(1), data(2),
          new SplittableRandom(3));
      TrainingResult never = new Trainer(xor(l1, 60).training(), XOR.loss()).train(start(1), data(2),
          new SplittableRandom(3));
      LaneTrainerTest.assertSame(plain, never, l1.key());
      TrainingResult reweighted = new Trainer(xor(l1, 20).training(), XOR.loss()).train(start(1), data(2),
          new SplittableRandom(3));
      assertNotEquals(plain.network().l1Norm(), reweighted.network().l1Norm(), l1.key() + ": reweighting acts");
    }
  }

  @Test
  void aProximalStepShrinksEachWeightByItsOwnShareOfLambda() {
    // Under SGD and full batches: epoch 0 at the share 1; at epoch 1, reweighted, each edge w ← shrink(w − η·g,
    // η·λ / (|w| + δ)), with w the weights after epoch 0 and η·g the step plain SGD takes from them.
    double lambda = 0.2;
    double eta = 0.05;
    double delta = 0.05;
    Specs specs = xor(L1Rule.PROXIMAL, 1).optimizer(OptimizerKind.SGD).lambda(lambda).learningRate(eta)
        .historyEvery(0).reweight(1, delta);
    Network first = new Trainer(specs.epochs(1).training(), XOR.loss()).train(start(4), data(5),
        new SplittableRandom(6)).network();
    Network second = new Trainer(specs.epochs(2).training(), XOR.loss()).train(start(4), data(5),
        new SplittableRandom(6)).network();
    Network stepped = new Trainer(specs.epochs(1).lambda(0).training(), XOR.loss()).train(first, data(5),
        new SplittableRandom(6)).network();
    int zeroed = 0;
    for (int k = 0; k < TOPOLOGY.matrices(); k++) {
      double[] w = first.weights(k).data;
      for (int i = 0; i < w.length; i++) {
        double share = 1.0 / (Math.abs(w[i]) + delta);
        double expected = L1Rule.shrink(stepped.weights(k).data[i], lambda * share * eta);
        assertEquals(expected, second.weights(k).data[i], 0.0, "weight " + k + "," + i);
        zeroed += expected == 0.0 && stepped.weights(k).data[i] != 0.0 ? 1 : 0;
      }
      assertTrue(java.util.Arrays.equals(stepped.biases(k).data, second.biases(k).data), "biases are not penalised");
    }
    assertTrue(zeroed > 0, "some small weights are cut by their larger share");
  }

  @Test
  void reweightingNeedsARuleWithAnL1TermOnEachEdge() {
    for (L1Rule l1 : new L1Rule[] {L1Rule.GROUP, L1Rule.ROUND_BINARY}) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
          () -> xor(l1, 10).bias(false).build());
      assertTrue(refused.getMessage().contains("reweight.every = 10 reweights each edge's penalty: it needs l1 ="
          + " subgradient, proximal or adaptive-proximal, found l1 = " + l1.key()), refused.getMessage());
    }
  }
}
