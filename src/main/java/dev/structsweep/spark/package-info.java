/**
 * Running a sweep on Spark: each chunk of training ids not yet committed is one Spark job whose partitions decode,
 * train and write their rows, committed once by Spark's commit protocol; progress, signals and repair. The
 * driver never holds the grid or the results.
 */
package dev.structsweep.spark;
