package dev.structsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A loss or activation whose arithmetic has changed enters the spec hash of exactly the grids that train on it, so
 * that results written before it are never resumed by, nor mixed with, the rows written after.
 */
class RevisionsTest {
  @TempDir
  Path directory;

  private String canonical(String grid) throws IOException {
    Path file = directory.resolve("s.conf");
    Files.writeString(file, "sweep { name = s, " + grid + " }");
    SweepSpec spec = SweepFiles.load(file, List.of());
    return Identity.canonical(spec.name(), spec.grid(), spec.chunkSize());
  }

  @Test
  void theCrossEntropysRevisionEntersTheHashOfGridsThatTrainOnIt() throws IOException {
    assertTrue(canonical("task = xor").contains("\nloss-revisions=[binary-cross-entropy=1]"));
    assertTrue(canonical("task = xor, loss = [task, mse]").contains("\nloss-revisions=[binary-cross-entropy=1]"));
    assertTrue(canonical("task = [addition, xor]").contains("\nloss-revisions=[binary-cross-entropy=1]"));
    assertFalse(canonical("task = addition").contains("loss-revisions"), "addition trains on squared error");
    assertFalse(canonical("task = xor, loss = mse").contains("loss-revisions"), "XOR on squared error");
  }

  @Test
  void theSharedArithmeticsRevisionEntersEveryHash() throws IOException {
    for (String grid : List.of("task = xor", "task = addition", "task = addition, activation = [relu, tanh]",
        "task = xor, loss = mse, topology = dag")) {
      assertTrue(canonical(grid).contains("\narithmetic-revision=" + dev.structsweep.net.Numerics.ARITHMETIC_REVISION),
          grid);
    }
    assertEquals(1, dev.structsweep.net.Numerics.ARITHMETIC_REVISION, "a new revision is a changelog entry");
  }

  @Test
  void activationRevisionsNameEachRevisedActivationOfTheGrid() throws IOException {
    assertTrue(canonical("task = addition, activation = [relu, tanh, sigmoid]")
        .contains("\nactivation-revisions=[tanh=1, sigmoid=1]"));
    assertFalse(canonical("task = addition, activation = relu").contains("activation-revisions"));
  }

  @Test
  void anXorTrialsKeyIsNotTheKeyOfTheSameTrialOnSquaredError() throws IOException {
    Path file = directory.resolve("k.conf");
    Files.writeString(file, "sweep { name = k, task = xor, loss = [task, mse], seeds = [0] }");
    SweepSpec spec = SweepFiles.load(file, List.of());
    assertEquals(2, spec.size());
    assertFalse(Identity.trialKey(spec.grid().trial(0)).equals(Identity.trialKey(spec.grid().trial(1))));
  }
}
