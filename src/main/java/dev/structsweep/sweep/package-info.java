/**
 * The sweep file and its settings: a sweep file (Typesafe Config, over {@code reference.conf}) is read and checked
 * into a {@link dev.structsweep.sweep.SweepSpec} before anything runs, from the table of settings
 * ({@link dev.structsweep.sweep.Settings}); the {@link dev.structsweep.sweep.Grid} decodes a training id into its
 * trial, and {@link dev.structsweep.sweep.Identity} hashes trials and sweeps. Nothing here needs Spark or a file
 * system beyond reading the sweep file.
 */
package dev.structsweep.sweep;
