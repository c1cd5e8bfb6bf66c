package dev.structsweep.report;

import dev.structsweep.net.L1Rule;
import dev.structsweep.net.Wiring;
import dev.structsweep.sweep.Setting;
import dev.structsweep.sweep.Settings;
import dev.structsweep.sweep.SweepFiles;
import dev.structsweep.task.Parameters;
import dev.structsweep.task.TaskKind;
import dev.structsweep.task.TaskLoss;
import dev.structsweep.task.TrialSpec;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the paper reports of its single runs, and the configuration of a sweep that repeats each. */
final class PaperClaims {
  private PaperClaims() {}

  /** The paper's single runs, for comparison: its settings (as their columns hold them), its ε, what it reports. */
  record PaperClaim(TaskKind task, Map<Setting<?>, Object> settings, double epsilon, double metric,
      String metricText, int activeEdges, String edgesText, String edgesNote) {

    /** "12 of 16 edges active (the paper's count; [2,8,1] has 24)": the count, then what qualifies it. */
    String edgesActive() {
      return edgesText + " edges active" + (edgesNote.isEmpty() ? "" : " (" + edgesNote + ")");
    }
  }

  /**
   * The paper's setting: reference.conf's defaults (a layered network with biases on its task's own loss, Adam, the
   * subgradient rule, λ = 0.01 from the first epoch, η = 0.001, full batch, ε = 0.01) except the task, its hidden
   * layer and its epochs. Every setting of a configuration is matched but the activation (the paper names none, so
   * a sweep may try several) and the rounding period (which the subgradient rule never uses).
   */
  private static Map<Setting<?>, Object> paperSettings(TaskKind task, int hidden, int epochs) {
    TrialSpec paper = SweepFiles.trial(List.of()).toBuilder().set(Parameters.TASK, task)
        .set(Parameters.HIDDEN, new int[] {hidden}).set(Parameters.EPOCHS, epochs).build();
    Map<Setting<?>, Object> settings = new java.util.LinkedHashMap<>();
    for (Setting<?> setting : Settings.CONFIGURATION) {
      if (setting != Settings.ACTIVATION && setting != Settings.ROUND_EVERY) {
        settings.put(setting, setting.cell(paper));
      }
    }
    return java.util.Collections.unmodifiableMap(settings);
  }

  static final List<PaperClaim> PAPER = List.of(
      new PaperClaim(TaskKind.XOR, paperSettings(TaskKind.XOR, 4, 1000), 0.01, 0.745, "accuracy 74.5 %", 8, "8 of 12", ""),
      new PaperClaim(TaskKind.ADDITION, paperSettings(TaskKind.ADDITION, 8, 2000), 0.01, 0.796, "R² 0.796", 12,
          "12 of 16", "the paper's count; [2,8,1] has 24"));

  /**
   * What the README of the code repository the paper cites reports of its model (bias-free, 0/1 weights, see
   * {@link dev.structsweep.net.Wiring#REPOSITORY}): XOR 74.5 % with 14 of 30 edges; addition on [2,3,1] an MSE of
   * 0.378 with 11 of 20 edges, which on a, b ~ U[0, 1] (variance of a + b: 1/6) is R² = 1 − 0.378·6 = −1.268.
   * Its settings name the model and rule only: every period and epoch count of a sweep is set beside it.
   */
  static final List<PaperClaim> REPOSITORY = List.of(
      new PaperClaim(TaskKind.XOR, repositorySettings(TaskKind.XOR, 4), 0.01, 0.745, "accuracy 74.5 %", 14,
          "14 of 30", ""),
      new PaperClaim(TaskKind.ADDITION, repositorySettings(TaskKind.ADDITION, 3), 0.01, 1 - 0.378 * 6,
          "MSE 0.378 (R² −1.27 on this data)", 11, "11 of 20", ""));

  private static Map<Setting<?>, Object> repositorySettings(TaskKind task, int hidden) {
    return Map.of(Settings.TASK, task.key(), Settings.HIDDEN, new int[] {hidden}, Settings.TOPOLOGY,
        Wiring.REPOSITORY.key(), Settings.BIAS, false, Settings.LOSS, TaskLoss.MSE.key(), Settings.L1,
        L1Rule.ROUND_BINARY.key(), Settings.LAMBDA, 0.0, Settings.LEARNING_RATE, 0.01);
  }

  /** Every configuration of summaries with a claim's settings and ε. */
  static List<ConfigurationSummary> matching(PaperClaim claim, List<ConfigurationSummary> summaries) {
    return summaries.stream().filter(s -> s.epsilon() == claim.epsilon() && claim.settings().entrySet().stream()
        .allMatch(setting -> java.util.Objects.deepEquals(s.setting(setting.getKey()), setting.getValue()))).toList();
  }

  /** The paper's setting for a task (see {@link #PAPER}); of several activations, the first by name. */
  static Optional<ConfigurationSummary> configuration(String task, List<ConfigurationSummary> summaries) {
    return PAPER.stream().filter(claim -> claim.task().key().equals(task)).findFirst().flatMap(claim ->
        matching(claim, summaries).stream().min(Comparator.comparing(s -> (String) s.setting(Settings.ACTIVATION))));
  }
}
