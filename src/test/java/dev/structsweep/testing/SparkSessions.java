package dev.structsweep.testing;

import org.apache.spark.sql.SparkSession;

/**
 * One local Spark session shared by every test class that needs one, so the suite pays Spark's start-up once.
 * {@link #restart(String)} swaps it for another master, stopping the old one and clearing the active and
 * default sessions.
 */
public final class SparkSessions {
  private static SparkSession session;

  private SparkSessions() {}

  /** The shared local[2] session. */
  public static synchronized SparkSession shared() {
    if (session == null || session.sparkContext().isStopped()) {
      session = start("local[2]");
    }
    return session;
  }

  /** Stops the shared session and starts one on master; callers restore local[2] with {@link #restart}. */
  public static synchronized SparkSession restart(String master) {
    stop();
    session = start(master);
    return session;
  }

  public static synchronized void stop() {
    if (session != null) {
      session.stop();
      session = null;
    }
    SparkSession.clearActiveSession();
    SparkSession.clearDefaultSession();
  }

  private static SparkSession start(String master) {
    return SparkSession.builder().master(master).appName("structsweep tests")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate();
  }
}
