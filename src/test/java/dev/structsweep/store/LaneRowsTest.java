package dev.structsweep.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.structsweep.net.Activation;
import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.net.Wiring;
import dev.structsweep.task.Trial;
import dev.structsweep.task.TrialOutcome;
import dev.structsweep.task.TrialSpec;
import dev.structsweep.testing.Specs;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Trials run as lanes of one training write exactly the rows they write one by one, training time aside. */
class LaneRowsTest {
  private static final TrialRows.Provenance PROVENANCE = new TrialRows.Provenance("lanes", "hash", "v", "commit",
      "host", "driver", 0);

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of("paper XOR, two ε, retrained", Specs.paperXor().epochs(200).epsilons(0.01, 0.1)
            .retrainEpochs(40), 7),
        Arguments.of("paper addition", Specs.paperAddition().epochs(300), 5),
        Arguments.of("XOR dag, group, SGD, mini-batches, retrained", Specs.paperXor().wiring(Wiring.DAG)
            .hidden(3, 2).l1(L1Rule.GROUP).optimizer(OptimizerKind.SGD).learningRate(0.1).batchSize(32)
            .epochs(60).retrainEpochs(10), 4),
        Arguments.of("addition, tanh, SGD at the edge of divergence", Specs.paperAddition()
            .activation(Activation.TANH).optimizer(OptimizerKind.SGD).learningRate(5.2).lambda(0).initScale(2.0)
            .epochs(80).retrainEpochs(5), 12),
        // Whole vectors of lanes: the vector kernel (the test JVM has the Vector API).
        Arguments.of("paper XOR, two ε, retrained, vector kernel", Specs.paperXor().epochs(200)
            .epsilons(0.01, 0.1).retrainEpochs(40), 16),
        // Training on the plain kernel (19 lanes), retraining 16 lanes on the vector kernel and 3 one by one.
        Arguments.of("paper XOR, retrained, vector kernel and the rest", Specs.paperXor().epochs(120)
            .epsilons(0.01).retrainEpochs(30), 19),
        Arguments.of("addition, tanh, SGD at the edge of divergence, vector kernel", Specs.paperAddition()
            .activation(Activation.TANH).optimizer(OptimizerKind.SGD).learningRate(5.2).lambda(0).initScale(2.0)
            .epochs(80).retrainEpochs(5), 16));
  }

  @ParameterizedTest(name = "{0}, {2} seeds")
  @MethodSource("configurations")
  void lanesWriteTheRowsOfOneByOne(String name, Specs specs, int seeds) {
    List<TrialSpec> group = new ArrayList<>();
    for (int seed = 0; seed < seeds; seed++) {
      group.add(specs.seed(100 + seed).build());
    }
    List<TrialOutcome> lanes = Trial.run(group);
    assertEquals(seeds, lanes.size());
    int millis = TrialRows.SCHEMA.fieldIndex("training_millis");
    for (int l = 0; l < seeds; l++) {
      List<Row> expected = TrialRows.rows(l, Trial.run(group.get(l)), PROVENANCE);
      List<Row> actual = TrialRows.rows(l, lanes.get(l), PROVENANCE);
      assertEquals(expected.size(), actual.size(), name + ", seed " + l);
      for (int r = 0; r < expected.size(); r++) {
        for (int f = 0; f < TrialRows.SCHEMA.size(); f++) {
          if (f != millis) {
            assertEquals(text(expected.get(r).get(f)), text(actual.get(r).get(f)),
                name + ", seed " + l + ", row " + r + ", " + TrialRows.SCHEMA.fields()[f].name());
          }
        }
      }
    }
  }

  /** A cell as text that tells every double apart (arrays element by element). */
  private static String text(Object cell) {
    if (cell instanceof int[] ints) {
      return java.util.Arrays.toString(ints);
    }
    return cell instanceof double[] doubles ? java.util.Arrays.toString(doubles) : String.valueOf(cell);
  }

  @Test
  void lanesOfDifferentConfigurationsAreRefused() {
    List<TrialSpec> group = List.of(Specs.paperXor().build(), Specs.paperXor().lambda(0.02).seed(1).build());
    assertThrows(IllegalArgumentException.class, () -> Trial.run(group));
  }
}
