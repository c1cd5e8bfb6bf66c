package dev.structsweep.task;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.net.Network;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.testing.Specs;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrialTest {
  @Test
  void sameSpecTwiceGivesBitIdenticalWeightsAndMetrics() {
    TrialSpec spec = Specs.paperXor().batchSize(50).epsilons(0.01, 0.1).build();
    TrialOutcome first = Trial.run(spec);
    TrialOutcome second = Trial.run(spec);
    Network a = first.training().network();
    Network b = second.training().network();
    for (int k = 0; k < 2; k++) {
      assertArrayEquals(a.weights(k).data, b.weights(k).data);
      assertArrayEquals(a.biases(k).data, b.biases(k).data);
    }
    assertEquals(first.evaluations(), second.evaluations());
    assertEquals(first.denseTest(), second.denseTest());
    assertArrayEquals(first.training().history().loss(), second.training().history().loss());
  }

  @Test
  void everyEpsilonEvaluatesTheSameTraining() {
    TrialOutcome outcome = Trial.run(Specs.paperXor().epsilons(1e-9, 0.05, 0.5, 100).build());
    Network trained = outcome.training().network();
    assertEquals(4, outcome.evaluations().size());
    int previous = Integer.MAX_VALUE;
    for (EpsilonEvaluation evaluation : outcome.evaluations()) {
      assertEquals(trained.activeEdges(evaluation.epsilon()), evaluation.activeEdges());
      assertEquals(1 - evaluation.activeEdges() / 12.0, evaluation.sparsity(), 1e-15);
      assertTrue(evaluation.activeEdges() <= previous, "larger ε, fewer edges");
      previous = evaluation.activeEdges();
    }
    EpsilonEvaluation everything = outcome.evaluations().get(3);
    assertEquals(0, everything.activeEdges());
    assertEquals(4, everything.deadHiddenUnits());
    assertFalse(everything.solved(), "a network without edges cannot solve XOR");
  }

  @Test
  void aDivergedTrialIsNeverSolved() {
    TrialOutcome outcome = Trial.run(Specs.paperAddition().optimizer(OptimizerKind.SGD).learningRate(1e3)
        .lambda(0).build());
    assertTrue(outcome.diverged());
    assertFalse(outcome.evaluations().get(0).solved());
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        bad("lambda must be a number ≥ 0, found -0.1", () -> Specs.paperXor().lambda(-0.1).build()),
        bad("epsilon must be one or more numbers > 0, found [-0.01]", () -> Specs.paperXor().epsilons(-0.01).build()),
        bad("epsilon must be one or more numbers > 0, found [0.05, 0.0]",
            () -> Specs.paperXor().epsilons(0.05, 0).build()),
        bad("epsilon must be one or more numbers > 0, found []", () -> Specs.paperXor().epsilons().build()),
        bad("learning-rate must be a number > 0, found 0.0", () -> Specs.paperXor().learningRate(0).build()),
        bad("learning-rate must be a number > 0, found NaN",
            () -> Specs.paperXor().learningRate(Double.NaN).build()),
        bad("learning-rate must be a number > 0, found Infinity",
            () -> Specs.paperXor().learningRate(Double.POSITIVE_INFINITY).build()),
        bad("init-scale must be a number > 0, found 0.0", () -> Specs.paperXor().initScale(0).build()),
        bad("epochs must be a whole number ≥ 1, found 0", () -> Specs.paperXor().epochs(0).build()),
        bad("hidden must be one or more layer sizes, each from 1 to 1000000, found []",
            () -> Specs.paperXor().hidden().build()),
        bad("hidden must be one or more layer sizes, each from 1 to 1000000,"
            + " found [4, 0]",
            () -> Specs.paperXor().hidden(4, 0).build()),
        bad("task must be one of xor, addition, found 'parity'", () -> Specs.paperXor().task("parity").build()),
        bad("batch-size must be a whole number ≥ 0 (0 = full batch), found -1",
            () -> Specs.paperXor().batchSize(-1).build()),
        bad("history-every must be a whole number ≥ 0 (0 = no history), found -5",
            () -> Specs.paperXor().historyEvery(-5).build()),
        bad("train-size must be a whole number ≥ 1, found 0", () -> Specs.paperXor().sizes(0, 10).build()),
        bad("activation must be one of relu, tanh, sigmoid, found 'softplus'",
            () -> dev.structsweep.net.Activation.parse("softplus")),
        bad("optimizer must be one of adam, sgd, found 'rmsprop'",
            () -> dev.structsweep.net.OptimizerKind.parse("rmsprop")),
        bad("l1 must be one of subgradient, proximal, adaptive-proximal, round-binary, group, found 'lasso'",
            () -> dev.structsweep.net.L1Rule.parse("lasso")),
        bad("topology must be one of layered, dag, repository, found 'ring'",
            () -> dev.structsweep.net.Wiring.parse("ring")),
        bad("loss must be one of task, mse, found 'hinge'", () -> TaskLoss.parse("hinge")),
        bad("round-binary.threshold must be a number > 0, found 0.0",
            () -> Specs.paperXor().rounding(0, 10).build()),
        bad("round-binary.every must be a whole number ≥ 1, found 0",
            () -> Specs.paperXor().rounding(0.5, 0).build()),
        bad("retrain-epochs must be a whole number ≥ 0 (0 = no retraining), found -1",
            () -> Specs.paperXor().retrainEpochs(-1).build()),
        bad("topology = repository has one hidden layer, found hidden = [4, 4]",
            () -> Specs.paperXor().wiring(dev.structsweep.net.Wiring.REPOSITORY).hidden(4, 4).build()),
        bad("topology = repository draws its own initial weights, N(0, (0.1·init-scale)²): it needs"
            + " init-distribution = uniform (the default), found init-distribution = normal",
            () -> Specs.paperXor().wiring(dev.structsweep.net.Wiring.REPOSITORY).bias(false)
                .set(Parameters.INIT_DISTRIBUTION, dev.structsweep.net.Network.Distribution.NORMAL).build()),
        bad("l1 = round-binary rounds the edges only and has no rule for biases: it needs bias = false (the cited"
            + " repository has none), found bias = true",
            () -> Specs.paperXor().l1(dev.structsweep.net.L1Rule.ROUND_BINARY).build()));
  }

  private static Arguments bad(String message, Supplier<Object> build) {
    return Arguments.of(message, build);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void badSettingsAreRejectedNamingTheSettingAndValue(String message, Supplier<Object> build) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
    assertEquals(message, e.getMessage());
  }
}
