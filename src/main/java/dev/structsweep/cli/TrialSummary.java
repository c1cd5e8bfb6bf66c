package dev.structsweep.cli;

import dev.structsweep.net.Network;
import dev.structsweep.net.Topology;
import dev.structsweep.sweep.Settings;
import dev.structsweep.task.EpsilonEvaluation;
import dev.structsweep.task.KnownMinima;
import dev.structsweep.task.TaskMetrics;
import dev.structsweep.task.TrialOutcome;
import dev.structsweep.task.TrialSpec;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.Locale;

/** The human summary of one trial: settings, metrics at every ε, and the edges that survive. */
final class TrialSummary {
  private TrialSummary() {}

  static void print(TrialOutcome outcome, PrintWriter out) {
    TrialSpec spec = outcome.spec();
    Topology topology = spec.topology();
    boolean classification = "accuracy".equals(spec.task().primaryMetric());
    out.println(Settings.describe(spec));
    if (outcome.diverged()) {
      out.printf(Locale.ROOT, "DIVERGED after %d epochs: the loss or a weight became NaN or infinite%n",
          outcome.training().epochsCompleted());
    }
    out.printf(Locale.ROOT, "trained in %.1f ms%n", outcome.trainingNanos() / 1e6);
    out.println("dense network   train " + metrics(outcome.denseTrain(), classification)
        + " | test " + metrics(outcome.denseTest(), classification));
    for (EpsilonEvaluation evaluation : outcome.evaluations()) {
      out.printf(Locale.ROOT, "pruned ε=%-7s %d/%d edges active (%.0f%% pruned), %d dead hidden units, "
              + "test %s, %s%n",
          number(evaluation.epsilon()), evaluation.activeEdges(), outcome.edges(),
          100 * evaluation.sparsity(), evaluation.deadHiddenUnits(),
          metrics(evaluation.prunedTest(), classification), describe(evaluation, outcome));
      retrained(out, "fine-tuned", "trained", evaluation.fineTuned(), evaluation, spec, classification);
      retrained(out, "ticket", "initial", evaluation.ticket(), evaluation, spec, classification);
      if (evaluation.reduced() != null) {
        out.printf(Locale.ROOT, "  %-10s to %d of the %d edges, removed one at a time while it still solves: test %s"
                + " after %d fine-tunings of %d epochs%s%n", "reduced", evaluation.reduced().edges(),
            evaluation.activeEdges(), metrics(evaluation.reduced().test(), classification),
            evaluation.reduced().attempts(), spec.reduceEpochs(), evaluation.atMinimum() == null ? ""
                : "; the known minimum is " + KnownMinima.edges(spec).getAsInt());
      }
      if (evaluation.magnitude() != null) {
        out.printf(Locale.ROOT, "  %-10s to %d of the %d edges, a share %s removed a round and the rest rewound to epoch"
                + " %d: test %s after %d rounds of %d epochs%n", "magnitude", evaluation.magnitude().edges(),
            evaluation.activeEdges(), number(spec.get(dev.structsweep.task.Parameters.IMP_RATE)),
            spec.get(dev.structsweep.task.Parameters.IMP_REWIND), metrics(evaluation.magnitude().test(), classification),
            evaluation.magnitude().attempts(), spec.epochs() - spec.get(dev.structsweep.task.Parameters.IMP_REWIND));
      }
    }
    double epsilon = outcome.evaluations().get(0).epsilon();
    out.printf(Locale.ROOT, "surviving edges at ε=%s:%n", number(epsilon));
    Network network = outcome.training().network();
    for (int k = 0; k < topology.matrices(); k++) {
      for (int i = 0; i < topology.targets(k); i++) {
        for (int j = 0; j < topology.sources(k); j++) {
          double w = network.weight(k, i, j);
          if (Math.abs(w) >= epsilon) {
            out.printf(Locale.ROOT, "  %-14s w=%+.4f%s%n", topology.edgeName(k, i, j), w,
                topology.carriesSignal(k) ? "" : "  (carries no signal)");
          }
        }
      }
    }
  }

  /** "  fine-tuned the same 2 edges retrained 300 epochs without L1 from the trained weights: …"; nothing if none. */
  private static void retrained(PrintWriter out, String name, String from, dev.structsweep.task.Retrained retrained,
      EpsilonEvaluation evaluation, TrialSpec spec, boolean classification) {
    if (retrained != null) {
      out.printf(Locale.ROOT, "  %-10s the same %d edges retrained %d epochs without L1 from the %s weights: test %s,"
              + " %s%n", name, evaluation.activeEdges(), spec.retrainEpochs(), from,
          metrics(retrained.test(), classification),
          retrained.diverged() ? "diverged" : retrained.solved() ? "solved" : "unsolved");
    }
  }

  /** "solved", "stuck (loss −0.02 % over the last tenth of epochs), 3 of 4 corners right". */
  private static String describe(EpsilonEvaluation evaluation, TrialOutcome outcome) {
    String text = evaluation.outcome().key();
    if (evaluation.outcome() == dev.structsweep.task.Outcome.STUCK
        || evaluation.outcome() == dev.structsweep.task.Outcome.IMPROVING) {
      text += String.format(Locale.ROOT, " (loss %+.2f %% over the last tenth of epochs)",
          100 * outcome.training().lossTailChange());
    }
    if (evaluation.corners() != null) {
      text += ", " + evaluation.corners() + " of 4 corners right";
    }
    if (Boolean.TRUE.equals(evaluation.atMinimum())) {
      text += ", at the fewest edges that can solve it";
    }
    return text;
  }

  private static String metrics(TaskMetrics metrics, boolean classification) {
    if (classification) {
      return String.format(Locale.ROOT, "accuracy %.4f loss %.4f", metrics.accuracy(), metrics.loss());
    }
    return String.format(Locale.ROOT, "R² %.4f MSE %.5f MAE %.4f", metrics.r2(), metrics.mse(), metrics.mae());
  }

  /** A setting as the user wrote it: 0.001, not 1.0E-3. */
  static String number(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
