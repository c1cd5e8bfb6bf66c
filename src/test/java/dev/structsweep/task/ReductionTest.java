package dev.structsweep.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.net.Backprop;
import dev.structsweep.net.Network;
import dev.structsweep.testing.Specs;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Prune until it breaks ({@code reduce-epochs}): what it keeps, and that it changes nothing else. */
class ReductionTest {
  /** The paper's XOR network, shortened, with mini-batches so that the reduction's own stream orders them. */
  private static List<TrialSpec> seeds(int reduceEpochs) {
    return LongStream.range(0, 12).mapToObj(seed -> Specs.paperXor().epochs(400).batchSize(32).epsilons(0.01, 0.1)
        .reduceEpochs(reduceEpochs).seed(seed).build()).toList();
  }

  @Test
  void aReductionKeepsAStructureThatSolvesBetweenTheKnownMinimumAndWhatL1Left() {
    List<TrialOutcome> outcomes = Trial.run(seeds(40));
    int reducedBelow = 0;
    int solved = 0;
    for (TrialOutcome outcome : outcomes) {
      Task task = outcome.spec().createTask();
      Backprop forward = new Backprop(outcome.spec().topology(), outcome.test().size());
      for (EpsilonEvaluation evaluation : outcome.evaluations()) {
        String where = "seed " + outcome.spec().seed() + " ε " + evaluation.epsilon();
        if (!evaluation.solved()) {
          assertNull(evaluation.reduced(), where + ": nothing to reduce");
          continue;
        }
        solved++;
        Reduced reduced = evaluation.reduced();
        assertNotNull(reduced, where);
        Network network = reduced.network();
        TaskMetrics metrics = task.metrics(forward.forward(network, outcome.test().columns().inputs()),
            outcome.test().columns().targets());
        assertEquals(metrics, reduced.test(), where + ": the reduced network's test metrics");
        assertTrue(task.solved(metrics, outcome.spec().solved()), where + ": the reduced network solves");
        assertTrue(reduced.edges() >= 6 && reduced.edges() <= evaluation.activeEdges(),
            where + ": " + reduced.edges() + " edges, from " + evaluation.activeEdges());
        // The start's fine-tuning, one attempt per removal kept, and one more per edge left, each of which failed.
        assertTrue(reduced.attempts() >= evaluation.activeEdges() + 1,
            where + ": " + reduced.attempts() + " attempts");
        Network pruned = outcome.training().network().pruned(evaluation.epsilon());
        for (int k = 0; k < network.topology().matrices(); k++) {
          for (int i = 0; i < pruned.weights(k).data.length; i++) {
            assertTrue(pruned.weights(k).data[i] != 0 || network.weights(k).data[i] == 0,
                where + ": a pruned edge stays at 0");
          }
        }
        reducedBelow += reduced.edges() < evaluation.activeEdges() ? 1 : 0;
      }
    }
    assertTrue(solved >= 8, solved + " solved");
    assertTrue(reducedBelow >= 4, reducedBelow + " of " + solved + " solved structures reduced below L1's");
  }

  @Test
  void eachReductionIsTheSameAsWhenItsTrialRunsAlone() {
    List<TrialSpec> specs = seeds(40);
    List<TrialOutcome> together = Trial.run(specs);
    for (int t = 0; t < specs.size(); t++) {
      TrialOutcome alone = Trial.run(specs.get(t));
      for (int e = 0; e < alone.evaluations().size(); e++) {
        Reduced a = alone.evaluations().get(e).reduced();
        Reduced b = together.get(t).evaluations().get(e).reduced();
        assertEquals(a == null, b == null, "seed " + t + " ε " + e);
        if (a != null) {
          assertEquals(a.attempts(), b.attempts(), "seed " + t + " ε " + e);
          for (int k = 0; k < a.network().topology().matrices(); k++) {
            assertArrayEquals(a.network().weights(k).data, b.network().weights(k).data, 0.0, "seed " + t);
            assertArrayEquals(a.network().biases(k).data, b.network().biases(k).data, 0.0, "seed " + t);
          }
        }
      }
    }
  }

  @Test
  void theReductionLeavesEveryOtherResultAsItWas() {
    List<TrialOutcome> without = Trial.run(seeds(0));
    List<TrialOutcome> with = Trial.run(seeds(40));
    for (int t = 0; t < without.size(); t++) {
      for (int k = 0; k < 2; k++) {
        assertArrayEquals(without.get(t).training().network().weights(k).data,
            with.get(t).training().network().weights(k).data, 0.0, "the trained weights of seed " + t);
      }
      for (int e = 0; e < 2; e++) {
        EpsilonEvaluation a = without.get(t).evaluations().get(e);
        EpsilonEvaluation b = with.get(t).evaluations().get(e);
        assertNull(a.reduced(), "reduce-epochs = 0 reduces nothing");
        assertEquals(a, new EpsilonEvaluation(b.epsilon(), b.activeEdges(), b.sparsity(), b.deadHiddenUnits(),
            b.prunedTest(), b.solved(), b.outcome(), b.corners(), b.atMinimum(), b.fineTuned(), b.ticket(), null,
            null),
            "seed " + t + " ε " + e);
      }
    }
  }

  /** The same trials pruned by magnitude: a share 0.3 a round, rewound to epoch 40. */
  private static List<TrialSpec> magnitude() {
    return LongStream.range(0, 12).mapToObj(seed -> Specs.paperXor().epochs(400).batchSize(32).epsilons(0.01, 0.1)
        .imp(0.3, 40).seed(seed).build()).toList();
  }

  @Test
  void iterativePruningKeepsAStructureInsideTheStartThatSolvesAndIsTheSameAlone() {
    List<TrialSpec> specs = magnitude();
    List<TrialOutcome> together = Trial.run(specs);
    int shrunk = 0;
    for (int t = 0; t < specs.size(); t++) {
      TrialOutcome outcome = together.get(t);
      TrialOutcome alone = Trial.run(specs.get(t));
      Task task = outcome.spec().createTask();
      Backprop forward = new Backprop(outcome.spec().topology(), outcome.test().size());
      for (int e = 0; e < outcome.evaluations().size(); e++) {
        EpsilonEvaluation evaluation = outcome.evaluations().get(e);
        String where = "seed " + t + " ε " + evaluation.epsilon();
        assertNull(evaluation.reduced(), where + ": no reduction asked for");
        Reduced pruned = evaluation.magnitude();
        assertEquals(evaluation.solved(), pruned != null, where);
        if (pruned == null) {
          continue;
        }
        Reduced single = alone.evaluations().get(e).magnitude();
        assertEquals(single.attempts(), pruned.attempts(), where + ": rounds alone");
        assertArrayEquals(single.network().weights(0).data, pruned.network().weights(0).data, 0.0, where);
        TaskMetrics metrics = task.metrics(forward.forward(pruned.network(), outcome.test().columns().inputs()),
            outcome.test().columns().targets());
        assertTrue(task.solved(metrics, outcome.spec().solved()), where + ": the last structure that solved");
        assertTrue(pruned.edges() >= 6 && pruned.edges() <= evaluation.activeEdges() && pruned.attempts() >= 1,
            where + ": " + pruned.edges() + " edges from " + evaluation.activeEdges());
        Network start = outcome.training().network().pruned(evaluation.epsilon());
        for (int k = 0; k < 2; k++) {
          for (int i = 0; i < start.weights(k).data.length; i++) {
            assertTrue(start.weights(k).data[i] != 0 || pruned.network().weights(k).data[i] == 0,
                where + ": a pruned edge stays at 0");
          }
        }
        shrunk += pruned.edges() < evaluation.activeEdges() ? 1 : 0;
      }
    }
    assertTrue(shrunk >= 4, shrunk + " structures pruned below L1's");
  }

  @Test
  void iterativePruningRewindsToAnEpochOfTheTraining() {
    IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> Specs.paperXor().epochs(400).imp(0.2, 400).build());
    assertTrue(refused.getMessage().contains("imp.rewind = 400 must be below epochs = 400"), refused.getMessage());
  }
}
