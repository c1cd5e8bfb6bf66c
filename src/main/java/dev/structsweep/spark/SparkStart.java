package dev.structsweep.spark;

import org.apache.spark.sql.SparkSession;

/** Starts the Spark session of a command: on the master spark-submit chose, or else on the given local one. */
public final class SparkStart {
  private SparkStart() {}

  /**
   * A session named appName. Without a master from spark-submit it runs on master; a local run talks to itself
   * only, so its driver stays on the loopback interface, and its executor reports running tasks' counts every
   * two seconds so that progress moves during a chunk.
   */
  public static SparkSession session(String appName, String master) {
    SparkSession.Builder builder = SparkSession.builder().appName(appName)
        .config("spark.ui.showConsoleProgress", "false");
    String chosen = System.getProperty("spark.master");
    if (chosen == null) {
      builder.master(master);
      chosen = master;
    }
    if (chosen.startsWith("local")) {
      builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.executor.heartbeatInterval", "2s");
    }
    return builder.getOrCreate();
  }

  /**
   * The Hadoop configuration the driver's Spark session will have, before it starts: Hadoop's defaults with every
   * {@code spark.hadoop.*} setting spark-submit passed (as Spark itself lays them on), so that the checks made
   * before Spark starts look at the file system Spark will write to.
   */
  public static org.apache.hadoop.conf.Configuration hadoopConfiguration() {
    org.apache.hadoop.conf.Configuration hadoop = new org.apache.hadoop.conf.Configuration();
    for (String property : System.getProperties().stringPropertyNames()) {
      if (property.startsWith("spark.hadoop.")) {
        hadoop.set(property.substring("spark.hadoop.".length()), System.getProperty(property));
      }
    }
    return hadoop;
  }
}
