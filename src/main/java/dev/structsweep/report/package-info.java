/**
 * The report of a sweep, from its Parquet results alone: per configuration (every axis but the seed) the
 * solved, diverged and local-minimum counts with Wilson intervals, medians and quartiles of the pruned metric,
 * active edges and sparsity; the Pareto front of sparsity against the pruned metric; charts; and one HTML page
 * with CSV and Markdown tables. Aggregation happens in Spark: only per-configuration rows reach the driver.
 */
package dev.structsweep.report;
