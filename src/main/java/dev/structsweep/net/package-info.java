/**
 * Tiny fully connected networks whose edges are pruned by L1 pressure (Structure-Aware Backpropagation).
 * Everything here is plain Java over EJML: topology, initialisation, forward and backward passes, losses,
 * Adam and SGD, the subgradient and proximal L1 rules, and the post-hoc pruning at a threshold ε.
 * Training allocates its workspaces once and reuses them in every step, so one training of the paper's
 * XOR network costs about what a hand-written loop does.
 */
package dev.structsweep.net;
