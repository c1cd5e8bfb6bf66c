package dev.structsweep.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.net.Topology;
import dev.structsweep.net.Wiring;
import org.junit.jupiter.api.Test;

class TrainingMemoryTest {
  @Test
  void aLayeredTrainingCountsEachPartAsWorkedOutByHand() {
    // [2,4,1] on 200 + 200 samples: 17 parameters × 8 copies, 400 samples × 7 nodes × 6, 400 × 3 data × 2; 8 bytes.
    double bytes = TrainingMemory.bytes(Topology.layered(2, new int[] {4}, 1), 200, 200);
    assertEquals(8.0 * (8 * 17 + 6 * 400 * 7 + 2 * 400 * 3), bytes, 0.0);
    assertEquals(200.0 * 4, TrainingMemory.largestArray(Topology.layered(2, new int[] {4}, 1), 200, 200), 0.0);
  }

  @Test
  void aDagNeedsItsSkipEdgesAndItsStackedLayers() {
    Topology layered = Topology.layered(2, new int[] {8, 8}, 1);
    Topology dag = Topology.of(Wiring.DAG, 2, new int[] {8, 8}, 1);
    // 2·8 + 10·8 + 18·1 = 114 weights where layered has 2·8 + 8·8 + 8 = 88; a stack of 18 rows read back twice.
    double extra = 8.0 * (8 * (114 - 88) + 2 * 400 * 18);
    assertEquals(TrainingMemory.bytes(layered, 200, 200) + extra, TrainingMemory.bytes(dag, 200, 200), 1e-6);
    assertTrue(TrainingMemory.largestArray(dag, 200, 200) > TrainingMemory.largestArray(layered, 200, 200));
  }
}
