package dev.structsweep.sweep;

import java.time.Duration;

/**
 * The timing of a results directory's lock (the {@code lock.} settings): how often the holder refreshes the lock,
 * and after how long without a refresh it counts as abandoned. A refresh
 * reads the lock and touches it on the results' file system (a name node or an object store, off a local disk):
 * more often than every 100 ms only loads it, as a lock is judged by stale-after, at least twice the refresh; and
 * a refresh every day is rare enough for any stale-after. The lock records stale-after in whole seconds, so at
 * least 1 s; at most 365 days, longer than any run, which an object store's user sets because a refresh is not
 * kept there; beyond that Config's durations end (at 292 years) by holding the largest they can, silently.
 */
public record LockTiming(Duration refreshEvery, Duration staleAfter) {
  /** The longest stale-after, and the longest a lock file written by hand is read with. */
  public static final Duration MAX_STALE_AFTER = Duration.ofDays(365);

  /** The bounds, as a sweep file writes them. */
  public static final String LEAST_REFRESH = "100ms";
  public static final String MOST_REFRESH = "1d";
  public static final String LEAST_STALE_AFTER = "1s";
  public static final String MOST_STALE_AFTER = "365d";

  public LockTiming {
    if (refreshEvery.compareTo(Duration.ofMillis(100)) < 0 || refreshEvery.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("lock.refresh must be from " + LEAST_REFRESH + " to " + MOST_REFRESH
          + ", found " + refreshEvery);
    }
    if (staleAfter.compareTo(Duration.ofSeconds(1)) < 0 || staleAfter.compareTo(MAX_STALE_AFTER) > 0) {
      throw new IllegalArgumentException("lock.stale-after must be from " + LEAST_STALE_AFTER + " to "
          + MOST_STALE_AFTER + ", found " + staleAfter);
    }
    if (staleAfter.compareTo(refreshEvery.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("lock.stale-after must be at least twice lock.refresh ("
          + refreshEvery.toMillis() / 1000.0 + " s), found " + staleAfter.toMillis() / 1000.0 + " s");
    }
  }
}
