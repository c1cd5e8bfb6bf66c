package dev.structsweep.task;

/**
 * The trained network pruned at one threshold ε: edges with |w| &lt; ε set to 0.
 *
 * @param epsilon         the threshold
 * @param activeEdges     edges with |w| ≥ ε
 * @param sparsity        1 − activeEdges / edges
 * @param deadHiddenUnits hidden units without an active incoming or an active outgoing edge
 * @param prunedTest      the pruned network's metrics on the test set
 * @param solved          whether the pruned network solves the task (never, if training diverged)
 * @param outcome         the training's class at this ε: solved, stuck, still improving or diverged
 * @param corners         XOR: how many of the four clean corners the pruned network answers right; null for a
 *                        task without corners, or when training diverged
 * @param atMinimum       whether the pruned network solves the task with exactly the known fewest edges
 *                        ({@link KnownMinima}); null where that minimum is not known
 * @param fineTuned       the pruned structure retrained from the trained weights; null without retraining (or when
 *                        training diverged)
 * @param ticket          the pruned structure retrained from the initial weights on its surviving edges; null as
 *                        fineTuned
 * @param reduced         the solved pruned structure reduced until it breaks; null without a reduction or unsolved
 * @param magnitude       the solved pruned structure pruned by magnitude with rewinding ({@code imp.rate}); null
 *                        without it or unsolved
 */
public record EpsilonEvaluation(double epsilon, int activeEdges, double sparsity, int deadHiddenUnits,
    TaskMetrics prunedTest, boolean solved, Outcome outcome, Integer corners, Boolean atMinimum,
    Retrained fineTuned, Retrained ticket, Reduced reduced, Reduced magnitude) {}
