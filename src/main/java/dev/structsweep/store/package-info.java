/**
 * The results store: one sweep's directory on any Hadoop file system (its layout, lock, claim and manifest), the
 * rows of a training and their Parquet schema, and the audit that proves every committed chunk holds each of its
 * (training, ε) exactly once. Failures of Spark or the file system are put in one line here ({@link
 * dev.structsweep.store.Faults}).
 */
package dev.structsweep.store;
