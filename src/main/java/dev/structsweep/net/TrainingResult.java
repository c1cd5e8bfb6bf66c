package dev.structsweep.net;

/**
 * What a training produced.
 *
 * @param network         the final weights (as they stood when training stopped, if it diverged)
 * @param diverged        whether the loss or a weight became NaN or infinite; training stops there
 * @param epochsCompleted epochs whose update was applied
 * @param history         the sampled training curve
 */
public record TrainingResult(Network network, boolean diverged, int epochsCompleted, History history) {}
