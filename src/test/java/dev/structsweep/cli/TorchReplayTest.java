package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper's two trials, dumped and replayed in PyTorch ({@code src/test/python/torch_replay.py}, Debian's
 * {@code python3-torch}), end within 1e-9 of the dump's final weights and biases: PyTorch's own matrix products,
 * autograd and Adam, float64, hold the trainer's arithmetic to account step for step. Skipped where PyTorch is
 * missing, except under CI, whose {@code .ci/run} installs it.
 */
class TorchReplayTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final String REPLAY = "src/test/python/torch_replay.py";
  private static final Pattern DIFFERENCE = Pattern.compile("max \\|final weight difference\\| (\\S+)");
  private static final double TOLERANCE = 1e-9;

  @TempDir
  Path directory;

  @Test
  void thePapersXorTrialReplaysInPyTorch() throws Exception {
    assertReplays("xor.json", "train", "--task", "xor", "--hidden", "4", "--epochs", "1000", "--seed", "7");
  }

  @Test
  void thePapersAdditionTrialReplaysInPyTorch() throws Exception {
    assertReplays("addition.json", "train", "--task", "addition", "--hidden", "8", "--epochs", "2000", "--seed",
        "3", "--learning-rate", "0.01");
  }

  private void assertReplays(String name, String... args) throws Exception {
    assumeTrue(torchAvailable() || "true".equals(System.getenv("CI")), "PyTorch is not installed (python3-torch)");
    Path dump = DumpReplayTest.dump(directory.resolve(name), args);
    Process replay = new ProcessBuilder(PYTHON, REPLAY, dump.toString()).redirectErrorStream(true).start();
    try {
      String output = new String(replay.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(replay.waitFor(300, TimeUnit.SECONDS), "replay finished");
      assertEquals(0, replay.exitValue(), output);
      Matcher difference = DIFFERENCE.matcher(output);
      assertTrue(difference.find(), output);
      double largest = Double.parseDouble(difference.group(1));
      assertTrue(largest <= TOLERANCE, name + ": PyTorch ends " + largest + " from the dump's final weights");
    } finally {
      replay.destroyForcibly();
    }
  }

  private static boolean torchAvailable() {
    if (!Files.isExecutable(Path.of(PYTHON))) {
      return false;
    }
    try {
      Process probe = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (java.io.IOException | InterruptedException e) {
      return false;
    }
  }
}
