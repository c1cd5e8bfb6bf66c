/**
 * The {@code structsweep} command and its subcommands. Options take their defaults from
 * {@code reference.conf}, bad input ends with one line naming the setting, the value and what is allowed
 * and exit status 2, and nothing is written unless the whole command succeeds.
 */
package dev.structsweep.cli;
