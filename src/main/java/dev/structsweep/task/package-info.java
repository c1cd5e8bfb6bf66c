/**
 * The tasks a trial learns (XOR and addition) and the trial itself: data drawn from the trial's seed,
 * training, and the post-hoc evaluation at every pruning threshold ε. A trial is a pure function of its
 * {@link dev.structsweep.task.TrialSpec}: the same spec gives bit-identical weights and metrics on any
 * machine, thread or partition. Plain Java over {@code net}; nothing here knows Spark or Config.
 */
package dev.structsweep.task;
