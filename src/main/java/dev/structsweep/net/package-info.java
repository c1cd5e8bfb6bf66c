/**
 * Tiny fully connected networks whose edges are pruned by L1 pressure (Structure-Aware Backpropagation): topology and
 * wiring, initialisation, the forward and backward passes, losses and activations (each with its scalar and vector
 * forms side by side), Adam and SGD, the L1 rules, and the post-hoc pruning at a threshold ε. The engine is one epoch
 * loop ({@link dev.structsweep.net.Trainer}) over one kernel contract ({@code LaneKernel}) of L ≥ 1 lanes: a run of
 * trainings that differ only in their seed trains as whole vectors of lanes in the Vector API kernel
 * ({@code LaneVectorKernel}: every wiring, any number of outputs), and what is left over, or everything on a JVM
 * without the {@code jdk.incubator.vector} module, one at a time in EJML's {@link dev.structsweep.net.Backprop}; each
 * lane computes the same bits as its training alone. Workspaces are allocated once per training; an epoch allocates
 * nothing.
 */
package dev.structsweep.net;
