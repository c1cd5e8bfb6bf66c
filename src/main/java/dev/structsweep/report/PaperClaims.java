package dev.structsweep.report;

import dev.structsweep.net.L1Rule;
import dev.structsweep.net.OptimizerKind;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.TaskKind;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the paper reports of its single runs, and the configuration of a sweep that repeats each. */
final class PaperClaims {
  private PaperClaims() {}

  /** The paper's single runs, for comparison: its settings (as their columns hold them), its ε, what it reports. */
  record PaperClaim(TaskKind task, Map<Setting<?>, Object> settings, double epsilon, double metric,
      String metricText, int activeEdges, String edgesText) {}

  /** The paper's common setting: Adam, the subgradient rule, λ = 0.01, η = 0.001, full batch, biases, ε = 0.01. */
  private static Map<Setting<?>, Object> paperSettings(TaskKind task, int hidden, int epochs) {
    return Map.of(Settings.TASK, task.key(), Settings.HIDDEN, new int[] {hidden}, Settings.EPOCHS, epochs,
        Settings.OPTIMIZER, OptimizerKind.ADAM.key(), Settings.L1, L1Rule.SUBGRADIENT.key(), Settings.LAMBDA, 0.01,
        Settings.LEARNING_RATE, 0.001, Settings.BATCH_SIZE, 0, Settings.BIAS, true, Settings.INIT_SCALE, 1.0);
  }

  static final List<PaperClaim> PAPER = List.of(
      new PaperClaim(TaskKind.XOR, paperSettings(TaskKind.XOR, 4, 1000), 0.01, 0.745, "accuracy 74.5 %", 8, "8 of 12"),
      new PaperClaim(TaskKind.ADDITION, paperSettings(TaskKind.ADDITION, 8, 2000), 0.01, 0.796, "R² 0.796", 12,
          "12 of 16 (the paper's count; [2,8,1] has 24 edges)"));

  /** The paper's setting for a task (see {@link #PAPER}); of several activations, the first by name. */
  static Optional<ConfigurationSummary> configuration(String task, List<ConfigurationSummary> summaries) {
    return PAPER.stream().filter(claim -> claim.task().key().equals(task)).findFirst().flatMap(claim ->
        summaries.stream().filter(s -> s.epsilon() == claim.epsilon() && claim.settings().entrySet().stream()
            .allMatch(setting -> java.util.Objects.deepEquals(s.setting(setting.getKey()), setting.getValue())))
            .min(Comparator.comparing(s -> (String) s.setting(Settings.ACTIVATION))));
  }
}
