package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.task.AdditionTask;
import dev.structsweep.task.Task;
import dev.structsweep.task.XorTask;
import dev.structsweep.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each training of a run gives what the engine gives it trained alone (one lane, {@link Backprop}): every bit of every
 * result, in the vector kernel for every wiring, rule, activation and loss.
 */
class LaneTrainerTest {
  /** One configuration trained in lanes, each lane its own seed. */
  record Case(String name, Task task, int[] hidden, Wiring wiring, Activation activation, boolean bias,
      OptimizerKind optimizer, L1Rule l1, double lambda, double learningRate, int epochs, int batch, int warmup,
      int ramp, int samples, int lanes, double initScale) {
    @Override
    public String toString() {
      return name + " L=" + lanes;
    }

    TrainingSettings settings() {
      return Specs.paperXor().bias(false).optimizer(optimizer).l1(l1).lambda(lambda)
          .learningRate(learningRate).epochs(epochs).batchSize(batch).historyEvery(7)
          .lambdaSchedule(warmup, ramp).rounding(0.5, 3).training();
    }
  }

  private static Case xor(String name, int lanes) {
    return new Case(name, new XorTask(0.1), new int[] {4}, Wiring.LAYERED, Activation.RELU, true,
        OptimizerKind.ADAM, L1Rule.SUBGRADIENT, 0.01, 0.01, 120, 0, 0, 0, 200, lanes, 1.0);
  }

  private static Case with(Case c, String name, java.util.function.UnaryOperator<Case> change) {
    Case changed = change.apply(c);
    return new Case(name, changed.task, changed.hidden, changed.wiring, changed.activation, changed.bias,
        changed.optimizer, changed.l1, changed.lambda, changed.learningRate, changed.epochs, changed.batch,
        changed.warmup, changed.ramp, changed.samples, changed.lanes, changed.initScale);
  }

  static Stream<Arguments> cases() {
    List<Case> cases = new ArrayList<>();
    for (int lanes : new int[] {1, 2, 3, 5, 8, 13, 16}) {
      cases.add(xor("paper XOR [2,4,1]", lanes));
    }
    Case base = xor("", 6);
    Task addition = new AdditionTask();
    cases.add(new Case("paper addition [2,8,1]", addition, new int[] {8}, Wiring.LAYERED, Activation.RELU, true,
        OptimizerKind.ADAM, L1Rule.SUBGRADIENT, 0.01, 0.01, 150, 0, 0, 0, 200, 4, 1.0));
    cases.add(new Case("addition, tanh, two hidden layers, SGD", addition, new int[] {5, 3}, Wiring.LAYERED,
        Activation.TANH, true, OptimizerKind.SGD, L1Rule.PROXIMAL, 0.003, 0.05, 100, 0, 0, 0, 64, 5, 1.0));
    cases.add(new Case("xor, sigmoid, [2,16,1] (first-product back pass)", new XorTask(0.1), new int[] {16},
        Wiring.LAYERED, Activation.SIGMOID, true, OptimizerKind.ADAM, L1Rule.ADAPTIVE_PROXIMAL, 0.01, 0.02, 60, 0,
        0, 0, 100, 4, 1.0));
    for (int batch : new int[] {1, 7, 14, 15, 16, 50}) {
      cases.add(new Case("xor, mini-batches of " + batch, new XorTask(0.1), new int[] {4}, Wiring.LAYERED,
          Activation.RELU, true, OptimizerKind.ADAM, L1Rule.SUBGRADIENT, 0.01, 0.01, 20, batch, 0, 0, 60, 3, 1.0));
    }
    cases.add(new Case("addition, batches of 1, [2,16,1], SGD", addition, new int[] {16}, Wiring.LAYERED,
        Activation.TANH, true, OptimizerKind.SGD, L1Rule.SUBGRADIENT, 0.01, 0.02, 10, 1, 0, 0, 30, 3, 1.0));
    cases.add(with(base, "xor, no biases", c -> new Case("", c.task, c.hidden, c.wiring, c.activation, false,
        c.optimizer, c.l1, c.lambda, c.learningRate, c.epochs, c.batch, 0, 0, c.samples, c.lanes, 1.0)));
    cases.add(with(base, "xor, warm-up and ramp", c -> new Case("", c.task, c.hidden, c.wiring, c.activation, c.bias,
        c.optimizer, c.l1, 0.05, c.learningRate, c.epochs, c.batch, 20, 40, c.samples, c.lanes, 1.0)));
    cases.add(with(base, "xor, group", c -> new Case("", c.task, new int[] {3, 3}, c.wiring, c.activation, c.bias,
        c.optimizer, L1Rule.GROUP, 0.05, c.learningRate, c.epochs, c.batch, 0, 0, c.samples, c.lanes, 1.0)));
    cases.add(with(base, "xor, group under SGD", c -> new Case("", c.task, c.hidden, c.wiring, c.activation, c.bias,
        OptimizerKind.SGD, L1Rule.GROUP, 0.05, 0.1, c.epochs, c.batch, 0, 0, c.samples, c.lanes, 1.0)));
    cases.add(with(base, "xor, dag [2,3,2,1]", c -> new Case("", c.task, new int[] {3, 2}, Wiring.DAG,
        Activation.TANH, c.bias, c.optimizer, L1Rule.PROXIMAL, 0.01, c.learningRate, c.epochs, 9, 0, 0, 50,
        c.lanes, 1.0)));
    cases.add(with(base, "xor, repository, round-binary, mse", c -> new Case("", new XorTask(0.1, true),
        new int[] {4}, Wiring.REPOSITORY, Activation.SIGMOID, false, OptimizerKind.SGD, L1Rule.ROUND_BINARY, 0.0,
        0.5, 60, 0, 0, 0, c.samples, c.lanes, 1.0)));
    cases.add(with(base, "xor, repository under subgradient", c -> new Case("", c.task, new int[] {3},
        Wiring.REPOSITORY, Activation.RELU, c.bias, c.optimizer, L1Rule.SUBGRADIENT, 0.02, c.learningRate, c.epochs,
        c.batch, 0, 0, c.samples, c.lanes, 1.0)));
    // Some lanes diverge and the others go on.
    cases.add(new Case("addition, SGD at the edge of divergence", addition, new int[] {8}, Wiring.LAYERED,
        Activation.TANH, true, OptimizerKind.SGD, L1Rule.SUBGRADIENT, 0.0, 5.2, 80, 0, 0, 0, 100, 12, 2.0));
    cases.add(new Case("addition, SGD at the edge of divergence, mini-batches", addition, new int[] {8},
        Wiring.LAYERED, Activation.TANH, true, OptimizerKind.SGD, L1Rule.SUBGRADIENT, 0.001, 0.3, 80, 30, 0, 0, 100,
        12, 2.0));
    return cases.stream().map(Arguments::of);
  }

  /** The same cases on whole vectors of lanes, so that the vector kernel trains them all (every wiring and rule). */
  static Stream<Arguments> vectorCases() {
    int width = LaneKernel.vectorWidth();
    return cases().map(arguments -> (Case) arguments.get()[0])
        .map(c -> with(c, c.name, d -> new Case(d.name, d.task, d.hidden, d.wiring, d.activation, d.bias, d.optimizer,
            d.l1, d.lambda, d.learningRate, d.epochs, d.batch, d.warmup, d.ramp, d.samples,
            d.lanes > width ? 2 * width : width, d.initScale)))
        .map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyTrainingOfARunIsTheSameTrainedAloneBitForBit(Case c) {
    train(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorCases")
  void everyLaneOfTheVectorKernelIsTheSingleTrainerBitForBit(Case c) {
    // The test JVM runs with the Vector API (submit/java-options), so whole vectors run the vector kernel.
    assertEquals(0, c.lanes % LaneKernel.vectorWidth(), c.toString());
    train(c);
  }

  /** Every activation and loss, and each L1 rule, in the vector kernel on a DAG and several outputs. */
  static Stream<Arguments> severalOutputs() {
    List<Arguments> cases = new ArrayList<>();
    for (Activation activation : Activation.values()) {
      for (Loss loss : Loss.values()) {
        for (L1Rule l1 : L1Rule.values()) {
          cases.add(Arguments.of(activation, loss, l1, l1 == L1Rule.ROUND_BINARY ? Wiring.REPOSITORY : Wiring.DAG));
        }
      }
    }
    cases.add(Arguments.of(Activation.TANH, Loss.MEAN_SQUARED_ERROR, L1Rule.GROUP, Wiring.LAYERED));
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} {3}")
  @MethodSource("severalOutputs")
  void severalOutputsInVectorLanesAreTheSingleTrainerBitForBit(Activation activation, Loss loss, L1Rule l1,
      Wiring wiring) {
    int lanes = LaneKernel.vectorWidth() + 1;
    Topology topology = Topology.of(wiring, 2, wiring == Wiring.REPOSITORY ? new int[] {4} : new int[] {4, 3}, 3);
    boolean bias = l1 != L1Rule.ROUND_BINARY;
    // Mini-batches of 16, a warm-up and a ramp: the case's own settings, on a task of its own.
    TrainingSettings settings = new Case("", new XorTask(0.1), new int[] {4}, wiring, activation, bias,
        OptimizerKind.ADAM, l1, 0.01, 0.02, 40, 16, 5, 10, 40, lanes, 1.0).settings();
    List<Network> initial = new ArrayList<>();
    List<Dataset.Columns> data = new ArrayList<>();
    for (int l = 0; l < lanes; l++) {
      SplittableRandom root = new SplittableRandom(500 + l);
      initial.add(Network.initialise(topology, activation, bias, 1.0, root.split()));
      data.add(LaneKernelTest.data(loss, topology, 40, root.split()).columns());
    }
    List<TrainingResult> run = new Trainer(settings, loss).train(initial, data, seeds(lanes));
    List<SplittableRandom> copies = seeds(lanes);
    for (int l = 0; l < lanes; l++) {
      assertSame(new Trainer(settings, loss).train(initial.get(l), data.get(l), copies.get(l)), run.get(l),
          activation + " " + loss + " " + l1 + " " + wiring + ", lane " + l);
    }
  }

  private static void train(Case c) {
    List<Network> initial = new ArrayList<>();
    List<Dataset.Columns> data = new ArrayList<>();
    Topology topology = Topology.of(c.wiring, 2, c.hidden, 1);
    for (int l = 0; l < c.lanes; l++) {
      SplittableRandom root = new SplittableRandom(1000 + l);
      initial.add(Network.initialise(topology, c.activation, c.bias, c.initScale, root.split()));
      data.add(c.task.generate(c.samples, root.split()).columns());
    }
    List<SplittableRandom> shuffles = seeds(c.lanes);
    List<SplittableRandom> copies = seeds(c.lanes);
    List<TrainingResult> lanes = new Trainer(c.settings(), c.task.loss()).train(initial, data, shuffles);
    assertEquals(c.lanes, lanes.size());
    int diverged = 0;
    for (int l = 0; l < c.lanes; l++) {
      TrainingResult single = new Trainer(c.settings(), c.task.loss()).train(initial.get(l), data.get(l),
          copies.get(l));
      assertSame(single, lanes.get(l), c + ", lane " + l);
      diverged += single.diverged() ? 1 : 0;
    }
    if (c.name.contains("divergence")) {
      assertTrue(diverged > 0 && diverged < c.lanes, "lanes diverged: " + diverged + " of " + c.lanes);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectorCases")
  void retrainingInVectorLanesIsTheSingleRetrainingBitForBit(Case c) {
    retrain(c);
  }

  private static void retrain(Case c) {
    if (c.lanes < 3 || c.l1 == L1Rule.ROUND_BINARY || c.name.contains("divergence")) {
      return;
    }
    Topology topology = Topology.of(c.wiring, 2, c.hidden, 1);
    List<Network> starts = new ArrayList<>();
    List<Dataset.Columns> data = new ArrayList<>();
    for (int l = 0; l < c.lanes; l++) {
      SplittableRandom root = new SplittableRandom(2000 + l);
      // Pruned at a large ε, so that every lane holds exact zeros, each different ones.
      starts.add(Network.initialise(topology, c.activation, c.bias, c.initScale, root.split()).pruned(0.6));
      data.add(c.task.generate(c.samples, root.split()).columns());
    }
    List<TrainingResult> lanes = new Trainer(c.settings(), c.task.loss()).retrain(starts, data,
        seeds(c.lanes));
    List<SplittableRandom> copies = seeds(c.lanes);
    for (int l = 0; l < c.lanes; l++) {
      assertSame(new Trainer(c.settings(), c.task.loss()).retrain(starts.get(l), data.get(l), copies.get(l)),
          lanes.get(l), c + ", retrained lane " + l);
    }
  }

  private static List<SplittableRandom> seeds(int lanes) {
    List<SplittableRandom> seeds = new ArrayList<>();
    for (int l = 0; l < lanes; l++) {
      seeds.add(new SplittableRandom(77 + l));
    }
    return seeds;
  }

  static void assertSame(TrainingResult expected, TrainingResult actual, String what) {
    assertEquals(expected.diverged(), actual.diverged(), what + ": diverged");
    assertEquals(expected.epochsCompleted(), actual.epochsCompleted(), what + ": epochs completed");
    assertBits(expected.lossAtTailStart(), actual.lossAtTailStart(), what + ": loss at the tail's start");
    assertBits(expected.lossAtEnd(), actual.lossAtEnd(), what + ": loss at the end");
    History h = expected.history();
    History g = actual.history();
    assertEquals(h.size(), g.size(), what + ": history points");
    for (int i = 0; i < h.size(); i++) {
      assertEquals(h.epochs()[i], g.epochs()[i], what + ": history epoch " + i);
      assertEquals(h.activeEdges()[i], g.activeEdges()[i], what + ": active edges at point " + i);
      assertBits(h.loss()[i], g.loss()[i], what + ": loss at point " + i);
      assertBits(h.taskLoss()[i], g.taskLoss()[i], what + ": task loss at point " + i);
    }
    Network e = expected.network();
    Network a = actual.network();
    for (int k = 0; k < e.topology().matrices(); k++) {
      assertArrayBits(e.weights(k).data, a.weights(k).data, what + ": weights " + k);
    }
    for (int k = 0; k < e.topology().weightLayers() && e.hasBias(); k++) {
      assertArrayBits(e.biases(k).data, a.biases(k).data, what + ": biases " + k);
    }
  }

  private static void assertBits(double expected, double actual, String what) {
    assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
        what + ": " + expected + " vs " + actual);
  }

  private static void assertArrayBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertBits(expected[i], actual[i], what + "[" + i + "]");
    }
  }
}
