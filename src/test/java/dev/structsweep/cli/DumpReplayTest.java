package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A dump replayed by an independent program in another language reaches the same final weights. */
class DumpReplayTest {
  private static final String REPLAY = "src/test/python/replay_trial.py";

  @TempDir
  Path directory;

  @Test
  void pythonReplaysAnXorDumpToTheSameWeights() throws Exception {
    assertReplays("xor.json", "train", "--task", "xor", "--hidden", "4", "--epochs", "300", "--seed", "7");
  }

  @Test
  void pythonReplaysATanhAdditionDumpToTheSameWeights() throws Exception {
    assertReplays("addition.json", "train", "--task", "addition", "--hidden", "5", "--activation", "tanh",
        "--lr", "0.01", "--epochs", "200", "--seed", "2");
  }

  @Test
  void pythonReplaysReweightedL1ToTheSameWeights() throws Exception {
    // Reweighted at epochs 50, 100, …: each edge's penalty λ / (|w| + δ), five times over.
    assertReplays("reweighted.json", "train", "--task", "xor", "--hidden", "4", "--epochs", "300", "--seed", "7",
        "--reweight-every", "50", "--reweight-delta", "0.05");
  }

  @Test
  void pythonReplaysADagDumpWithTwoHiddenLayersToTheSameWeights() throws Exception {
    assertReplays("dag.json", "train", "--task", "xor", "--hidden", "3,2", "--topology", "dag", "--activation",
        "tanh", "--epochs", "150", "--seed", "4");
  }

  @Test
  void pythonReplaysTheRepositoryModelToTheSameWeights() throws Exception {
    // Rounded at steps 50 … 200, then 30 steps of Adam: 11 of 30 edges end away from 0 and 1.
    assertReplays("repository.json", "train", "--task", "xor", "--hidden", "4", "--topology", "repository",
        "--no-bias", "--l1", "round-binary", "--round-every", "50", "--lambda", "0", "--loss", "mse", "--lr", "0.01",
        "--epochs", "230", "--seed", "0");
  }

  @Test
  void pythonReplaysTheRepositoryModelUnderL1ToTheSameWeights() throws Exception {
    // λ > 0 reaches the idle edges too: their gradient is λ·sign(w) afresh at every step.
    assertReplays("repository-l1.json", "train", "--task", "xor", "--hidden", "3", "--topology", "repository",
        "--no-bias", "--lambda", "0.01", "--loss", "mse", "--lr", "0.01", "--epochs", "200", "--seed", "2");
  }

  private void assertReplays(String name, String... args) throws Exception {
    assumeTrue(pythonAvailable() || "true".equals(System.getenv("CI")), "python3 is not installed");
    Path dump = dump(directory.resolve(name), args);
    Process replay = new ProcessBuilder("python3", REPLAY, dump.toString(), "1e-12").redirectErrorStream(true)
        .start();
    try {
      String output = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(replay.waitFor(120, TimeUnit.SECONDS), "replay finished");
      assertEquals(0, replay.exitValue(), output);
    } finally {
      replay.destroyForcibly();
    }
  }

  /** Runs {@code structsweep} with args and {@code --dump dump}; returns dump. */
  static Path dump(Path dump, String... args) throws Exception {
    String[] withDump = java.util.Arrays.copyOf(args, args.length + 2);
    withDump[args.length] = "--dump";
    withDump[args.length + 1] = dump.toString();
    assertEquals(0, TrainCommandTest.run(withDump).status());
    return dump;
  }

  private static boolean pythonAvailable() {
    try {
      Process probe = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
