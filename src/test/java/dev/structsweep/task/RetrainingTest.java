package dev.structsweep.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.net.Activation;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.Network;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.net.Topology;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.testing.Specs;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Retraining a pruned structure: from the trained weights (fine-tuned) and from the initial ones (the ticket). */
class RetrainingTest {
  @Test
  void retrainingTakesTheTrialsOptimiserRateAndBatchesWithoutL1WhateverItsRuleAndSchedule() {
    TrialSpec spec = Specs.paperXor().optimizer(OptimizerKind.SGD).l1(dev.structsweep.net.L1Rule.PROXIMAL)
        .lambda(0.05).lambdaSchedule(100, 300).learningRate(0.02).batchSize(16).retrainEpochs(50).build();
    TrainingSettings retrain = Trial.retrainSettings(spec, spec.retrainEpochs());
    assertEquals(OptimizerKind.SGD, retrain.optimizer());
    assertEquals(dev.structsweep.net.L1Rule.SUBGRADIENT, retrain.l1());
    assertEquals(0.02, retrain.learningRate());
    assertEquals(16, retrain.batchSize());
    assertEquals(50, retrain.epochs());
    assertEquals(0, retrain.historyEvery());
    for (int epoch = 0; epoch < 50; epoch++) {
      assertEquals(0L, Double.doubleToRawLongBits(retrain.lambdaAt(epoch)), "λ is +0 at epoch " + epoch);
    }
  }

  @Test
  void aTicketStartsFromExactlyTheInitialWeightsOnItsSurvivingEdges() {
    Topology topology = Topology.layered(2, new int[] {4}, 1);
    Network initial = Network.initialise(topology, Activation.RELU, true, new SplittableRandom(1));
    Network trained = Network.initialise(topology, Activation.RELU, true, new SplittableRandom(2));
    Network pruned = trained.pruned(0.4);
    Network ticket = Trial.ticket(initial, pruned);
    int surviving = 0;
    for (int m = 0; m < topology.matrices(); m++) {
      for (int i = 0; i < ticket.weights(m).getNumElements(); i++) {
        boolean kept = pruned.weights(m).data[i] != 0;
        assertEquals(kept ? initial.weights(m).data[i] : 0.0, ticket.weights(m).data[i], 0.0, m + "," + i);
        surviving += kept ? 1 : 0;
      }
      if (m < topology.weightLayers()) {
        assertTrue(java.util.Arrays.equals(initial.biases(m).data, ticket.biases(m).data), "the initial biases");
      }
    }
    assertEquals(pruned.activeEdges(1e-300), surviving);
    assertTrue(surviving > 0 && surviving < topology.edgeCount(), "a real mask: " + surviving);
  }

  @Test
  void retrainingHoldsThePrunedEdgesAtZeroAndMovesTheOthers() {
    Task task = new XorTask(0.1);
    Dataset train = task.generate(64, new SplittableRandom(1));
    Network start = Network.initialise(Topology.layered(2, new int[] {4}, 1), Activation.RELU, true,
        new SplittableRandom(2)).pruned(0.15);
    for (OptimizerKind optimizer : OptimizerKind.values()) {
      TrainingSettings settings = Specs.paperXor().optimizer(optimizer).lambda(0).learningRate(0.01)
          .epochs(50).batchSize(16).historyEvery(0).training();
      Network retrained = new Trainer(settings, task.loss()).retrain(start, train.columns(), new SplittableRandom(3))
          .network();
      int moved = 0;
      int held = 0;
      for (int m = 0; m < 2; m++) {
        for (int i = 0; i < start.weights(m).getNumElements(); i++) {
          double before = start.weights(m).data[i];
          double after = retrained.weights(m).data[i];
          assertTrue(before != 0 || after == 0, optimizer.key() + " " + m + "," + i + ": " + before + " → " + after);
          held += before == 0 ? 1 : 0;
          moved += before != 0 && after != before ? 1 : 0;
        }
      }
      assertTrue(held > 0 && moved > 0, optimizer.key() + ": " + held + " held, " + moved + " moved");
    }
  }

  private static Specs addition() {
    return Specs.paperAddition().epochs(600).historyEvery(0).epsilons(0.01, 0.1);
  }

  @Test
  void retrainingFillsItsOwnColumnsAndChangesNothingElse() {
    for (long seed = 0; seed < 3; seed++) {
      TrialOutcome plain = Trial.run(addition().seed(seed).build());
      TrialOutcome retrained = Trial.run(addition().seed(seed).retrainEpochs(300).build());
      assertTrue(java.util.Arrays.equals(plain.training().network().weights(0).data,
          retrained.training().network().weights(0).data), "the training is the same");
      for (int e = 0; e < 2; e++) {
        EpsilonEvaluation without = plain.evaluations().get(e);
        EpsilonEvaluation with = retrained.evaluations().get(e);
        assertEquals(without.prunedTest(), with.prunedTest());
        assertEquals(without.outcome(), with.outcome());
        assertNull(without.fineTuned());
        assertNotNull(with.fineTuned());
        assertNotNull(with.ticket());
        // Fine-tuning without L1 undoes its shrinkage: the pruned structure fits at least as well, to a margin.
        assertTrue(with.fineTuned().test().r2() >= without.prunedTest().r2() - 1e-3,
            "seed " + seed + " ε " + with.epsilon() + ": fine-tuned R² " + with.fineTuned().test().r2()
                + " against pruned " + without.prunedTest().r2());
      }
    }
  }
}
