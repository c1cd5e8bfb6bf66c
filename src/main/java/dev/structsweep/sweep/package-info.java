/**
 * Sweeps on Spark: a sweep file (Typesafe Config) is validated into a {@link dev.structsweep.sweep.SweepSpec}
 * before Spark starts; the {@link dev.structsweep.sweep.Grid} decodes a training id into its trial on the
 * executors, so the driver never holds the grid; results are written to Parquet chunk by chunk, each chunk
 * committed once by Spark's commit protocol, and an interrupted sweep resumes with the missing chunks.
 */
package dev.structsweep.sweep;
