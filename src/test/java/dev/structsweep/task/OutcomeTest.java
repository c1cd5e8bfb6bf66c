package dev.structsweep.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.net.Activation;
import dev.structsweep.net.Dataset;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.Network;
import dev.structsweep.net.Topology;
import dev.structsweep.net.Trainer;
import dev.structsweep.net.TrainingResult;
import dev.structsweep.net.TrainingSettings;
import dev.structsweep.testing.Specs;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OutcomeTest {
  private static final double TOLERANCE = 0.01;

  @Test
  void unsolvedTrainingsAreStuckWhenTheirLossFellByAtMostTheTolerance() {
    // Synthetic curves, by the relative change of the loss over the last tenth of the epochs.
    assertEquals(Outcome.STUCK, Outcome.classify(false, false, 0.0, TOLERANCE), "flat");
    assertEquals(Outcome.STUCK, Outcome.classify(false, false, -0.01, TOLERANCE), "fell by exactly the tolerance");
    assertEquals(Outcome.STUCK, Outcome.classify(false, false, 0.2, TOLERANCE), "rose");
    assertEquals(Outcome.IMPROVING, Outcome.classify(false, false, -0.0101, TOLERANCE), "fell by more");
    assertEquals(Outcome.IMPROVING, Outcome.classify(false, false, -0.5, TOLERANCE), "still falling fast");
    assertEquals(Outcome.IMPROVING, Outcome.classify(false, false, -0.001, 0.0), "any fall with no tolerance");
    assertEquals(Outcome.SOLVED, Outcome.classify(false, true, 0.0, TOLERANCE), "solved, flat or not");
    assertEquals(Outcome.SOLVED, Outcome.classify(false, true, -0.5, TOLERANCE));
    assertEquals(Outcome.DIVERGED, Outcome.classify(true, false, Double.NaN, TOLERANCE));
    assertEquals(Outcome.IMPROVING, Outcome.classify(false, false, Double.NaN, TOLERANCE),
        "a change that is not a number is not a flat loss, and only the flag says diverged");
  }

  @Test
  void theTailIsTheLastTenthOfTheEpochs() {
    assertEquals(899, Trainer.tailStart(1000), "epoch 899's loss against epoch 999's: 100 epochs apart");
    assertEquals(449, Trainer.tailStart(500));
    assertEquals(0, Trainer.tailStart(1), "a single epoch is its own tail");
    assertEquals(8, Trainer.tailStart(10));
    assertEquals(8, Trainer.tailStart(11), "a tenth of 11 epochs rounds up to 2");
  }

  @Test
  void theTailLossesAreTheHistorysLossesAtThoseEpochs() {
    Task task = new XorTask(0.1);
    Dataset train = task.generate(64, new SplittableRandom(1));
    Network initial = Network.initialise(Topology.layered(2, new int[] {4}, 1), Activation.RELU, true,
        new SplittableRandom(2));
    for (int batch : new int[] {0, 16}) {
      TrainingSettings settings = Specs.paperXor().learningRate(0.01).epochs(200).batchSize(batch)
          .historyEvery(1).training();
      TrainingResult result = new Trainer(settings, task.loss()).train(initial, train, new SplittableRandom(3));
      assertEquals(result.history().loss()[179], result.lossAtTailStart(), "batch " + batch);
      assertEquals(result.history().loss()[199], result.lossAtEnd(), "batch " + batch);
      double change = (result.lossAtEnd() - result.lossAtTailStart()) / Math.abs(result.lossAtTailStart());
      assertEquals(change, result.lossTailChange(), 0.0);
      // Measuring the tail changes nothing else: without history the weights are the same, bit for bit.
      TrainingResult quiet = new Trainer(Specs.paperXor().learningRate(0.01).epochs(200)
          .batchSize(batch).historyEvery(0).training(), task.loss()).train(initial, train, new SplittableRandom(3));
      assertEquals(result.lossAtTailStart(), quiet.lossAtTailStart());
      assertEquals(result.lossAtEnd(), quiet.lossAtEnd());
      assertTrue(java.util.Arrays.equals(result.network().weights(0).data, quiet.network().weights(0).data));
    }
  }

  @Test
  void everyTrainingIsClassifiedAndXorCountsItsCorners() {
    for (long seed = 0; seed < 12; seed++) {
      TrialOutcome outcome = Trial.run(Specs.paperXor().seed(seed).epochs(300).learningRate(0.01)
          .epsilons(0.01, 0.5).build());
      for (EpsilonEvaluation evaluation : outcome.evaluations()) {
        Outcome expected = Outcome.classify(outcome.diverged(), evaluation.solved(),
            outcome.training().lossTailChange(), TOLERANCE);
        assertEquals(expected, evaluation.outcome(), "seed " + seed);
        int corners = evaluation.corners();
        assertTrue(corners >= 0 && corners <= 4, "corners " + corners);
        if (evaluation.solved()) {
          assertEquals(4, corners, "a network that classifies the noisy test set gets every clean corner");
        }
      }
    }
    TrialOutcome addition = Trial.run(Specs.paperAddition().epochs(50).build());
    assertNull(addition.evaluations().get(0).corners(), "addition has no corners");
  }

  @Test
  void aNetworkThatAnswersZeroEverywhereGetsTwoCorners() {
    XorTask task = new XorTask(0.1);
    Network zero = Network.initialise(Topology.layered(2, new int[] {2}, 1), Activation.RELU, true,
        new SplittableRandom(0)).pruned(1e9);
    Dataset corners = task.corners().orElseThrow();
    // Every edge pruned: the output is the output bias alone, the same for every corner; half the labels match.
    double accuracy = task.metrics(new dev.structsweep.net.Backprop(zero.topology(), 4)
        .forward(zero, corners.columns().inputs()), corners.columns().targets()).accuracy();
    assertEquals(0.5, accuracy);
  }

  @Test
  void aLambdaScheduleWarmsUpAtZeroThenRampsLinearly() {
    TrainingSettings schedule = Specs.paperXor().learningRate(0.01).epochs(100).historyEvery(0)
        .lambdaSchedule(10, 4).training();
    assertEquals(0.0, schedule.lambdaAt(0));
    assertEquals(0.0, schedule.lambdaAt(9), "the warm-up's last epoch");
    assertEquals(0.0025, schedule.lambdaAt(10), 1e-18, "the ramp's first epoch: λ · 1/4");
    assertEquals(0.0075, schedule.lambdaAt(12), 1e-18);
    assertEquals(0.01, schedule.lambdaAt(13), 0.0, "λ itself from the ramp's last epoch on");
    assertEquals(0.01, schedule.lambdaAt(99), 0.0);
    TrainingSettings none = Specs.paperXor().learningRate(0.01).epochs(100).historyEvery(0).training();
    assertEquals(0.01, none.lambdaAt(0), 0.0, "no schedule: λ from the first epoch");
  }

  @Test
  void aWarmUpAsLongAsTrainingIsTrainingWithoutL1() {
    Task task = new XorTask(0.1);
    Dataset train = task.generate(64, new SplittableRandom(1));
    Network initial = Network.initialise(Topology.layered(2, new int[] {4}, 1), Activation.RELU, true,
        new SplittableRandom(2));
    // round-binary rounds whatever λ is: it is no penalty to switch off.
    for (L1Rule rule : java.util.EnumSet.complementOf(java.util.EnumSet.of(L1Rule.ROUND_BINARY))) {
      TrainingResult warm = new Trainer(Specs.paperXor().l1(rule).lambda(0.05).learningRate(0.01)
          .epochs(120).lambdaSchedule(120, 0).training(), task.loss()).train(initial, train, new SplittableRandom(3));
      TrainingResult plain = new Trainer(Specs.paperXor().l1(rule).lambda(0.0).learningRate(0.01)
          .epochs(120).training(),
          task.loss()).train(initial, train, new SplittableRandom(3));
      assertTrue(java.util.Arrays.equals(warm.network().weights(0).data, plain.network().weights(0).data), rule.key());
      assertTrue(java.util.Arrays.equals(warm.history().loss(), plain.history().loss()), rule.key());
      TrainingResult penalised = new Trainer(Specs.paperXor().l1(rule).lambda(0.05).learningRate(0.01)
          .epochs(120).lambdaSchedule(60, 30).training(), task.loss()).train(initial, train, new SplittableRandom(3));
      assertTrue(penalised.network().l1Norm() < plain.network().l1Norm(), rule.key() + ": the ramp's λ prunes");
      assertEquals(warm.history().loss()[5], penalised.history().loss()[5], 0.0,
          rule.key() + ": the same until the warm-up ends (epoch 50 < 60)");
    }
  }
}
