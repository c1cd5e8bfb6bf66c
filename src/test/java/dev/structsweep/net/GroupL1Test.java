package dev.structsweep.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.task.Task;
import dev.structsweep.task.XorTask;
import dev.structsweep.testing.Specs;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The group rule: each hidden unit's edges, in and out, block soft-thresholded as one. */
class GroupL1Test {
  @Test
  void eachUnitIsShrunkAsOneBlockAsWorkedOutByHand() {
    // [2,2,1]: unit 1 has edges (3, 0) in and 4 out, ‖·‖ = 5; unit 2 has (0.05, −0.05) in and 0.05 out.
    Topology topology = Topology.layered(2, new int[] {2}, 1);
    DMatrixRMaj in = new DMatrixRMaj(new double[][] {{3, 0}, {0.05, -0.05}});
    DMatrixRMaj out = new DMatrixRMaj(new double[][] {{4, 0.05}});
    Sgd sgd = new Sgd(0.5);
    new UnitGroups(topology).threshold(new DMatrixRMaj[] {in, out}, sgd, 0.2);
    // τ = ηλ = 0.1, times √3 for three edges: unit 1 keeps 1 − 0.1·√3/5 of itself; unit 2 (‖·‖ = 0.087 < 0.173) is gone.
    double keep = 1 - 0.1 * Math.sqrt(3) / 5;
    assertEquals(3 * keep, in.get(0, 0), 1e-15);
    assertEquals(0.0, in.get(0, 1));
    assertEquals(4 * keep, out.get(0, 0), 1e-15);
    assertEquals(0.0, in.get(1, 0));
    assertEquals(0.0, in.get(1, 1));
    assertEquals(0.0, out.get(0, 1));
  }

  @Test
  void aDagUnitsGroupHoldsItsSkipsNeighboursNotTheSkipsThemselves() {
    // DAG [2,1,1]: the unit's group is its 2 incoming edges and its 1 edge to y; x1 → y and x2 → y are in no group.
    Topology topology = Topology.of(Wiring.DAG, 2, new int[] {1}, 1);
    DMatrixRMaj in = new DMatrixRMaj(new double[][] {{0.01, 0.01}});
    DMatrixRMaj out = new DMatrixRMaj(new double[][] {{0.02, 0.02, 0.01}});
    UnitGroups groups = new UnitGroups(topology);
    assertEquals(1, groups.size());
    groups.threshold(new DMatrixRMaj[] {in, out}, new Sgd(1), 1);
    assertEquals(0.0, in.get(0, 0));
    assertEquals(0.0, out.get(0, 2));
    assertEquals(0.02, out.get(0, 0), "skip edges are no unit's");
  }

  @Test
  void unitsLeaveTheNetworkWholeUnderBothOptimisers() {
    Task task = new XorTask(0.1);
    Dataset train = task.generate(100, new SplittableRandom(1));
    Topology topology = Topology.layered(2, new int[] {8}, 1);
    for (OptimizerKind optimizer : OptimizerKind.values()) {
      int removed = 0;
      for (long seed = 0; seed < 5; seed++) {
        Network initial = Network.initialise(topology, Activation.RELU, true, new SplittableRandom(seed));
        TrainingSettings settings = Specs.paperXor().optimizer(optimizer).l1(L1Rule.GROUP)
            .lambda(0.02).learningRate(optimizer == OptimizerKind.ADAM ? 0.01 : 0.5).epochs(400)
            .historyEvery(0).training();
        Network trained = new Trainer(settings, task.loss()).train(initial, train, new SplittableRandom(2)).network();
        for (int unit = 0; unit < 8; unit++) {
          int zeros = 0;
          for (int j = 0; j < 2; j++) {
            zeros += trained.weight(0, unit, j) == 0.0 ? 1 : 0;
          }
          zeros += trained.weight(1, 0, unit) == 0.0 ? 1 : 0;
          assertTrue(zeros == 0 || zeros == 3, optimizer.key() + " seed " + seed + " unit " + unit + ": " + zeros
              + " of its 3 edges are exactly 0");
          removed += zeros == 3 ? 1 : 0;
        }
      }
      assertTrue(removed > 0, optimizer.key() + ": some unit leaves");
    }
  }
}
