package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit/cluster with a YARN master on a machine that lacks what YARN needs: one line naming it, exit status 2,
 * before the script builds or starts anything. Each run gets a clean environment: no SPARK_HOME, no Hadoop
 * configuration, a PATH of the system's directories only.
 */
class SubmitClusterTest {
  private static final String NEEDS = "submit/cluster: --master yarn needs a Spark installation with YARN support"
      + " (its spark-submit on the PATH or in $SPARK_HOME/bin) and the cluster's Hadoop configuration (its directory"
      + " in HADOOP_CONF_DIR or YARN_CONF_DIR); found ";

  record Run(int status, String out, String err) {}

  static Run cluster(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("bash", Path.of("submit/cluster").toAbsolutePath().toString()));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().putAll(environment);
    Process process = builder.start();
    process.getOutputStream().close();
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "submit/cluster ended");
    return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
        new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
  }

  static void assertOneLine(String expected, Run run) {
    assertEquals(2, run.status(), run.err() + run.out());
    assertEquals("", run.out());
    assertEquals(1, run.err().strip().lines().count(), run.err());
    assertEquals(expected, run.err().strip());
  }

  @Test
  void yarnWithoutSparkOrHadoopConfigurationSaysWhatIsNeeded() throws Exception {
    assertOneLine(NEEDS + "no spark-submit on the PATH and neither HADOOP_CONF_DIR nor YARN_CONF_DIR set",
        cluster(Map.of(), "--master", "yarn", "conf/quick.conf"));
  }

  @Test
  void yarnAsOneWordAndWithSparkHomeWithoutSparkSubmitNamesBoth(@TempDir Path emptySparkHome) throws Exception {
    Run run = cluster(Map.of("SPARK_HOME", emptySparkHome.toString(), "YARN_CONF_DIR", emptySparkHome.toString()),
        "--master=yarn", "--deploy-mode", "cluster", "conf/quick.conf", "--output", "hdfs:///sweeps");
    assertOneLine(NEEDS + "no spark-submit on the PATH or in SPARK_HOME=" + emptySparkHome, run);
  }

  @Test
  void yarnWithSparkSubmitButNoHadoopConfigurationNamesTheConfiguration(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("spark/bin"));
    Path sparkSubmit = Files.writeString(bin.resolve("spark-submit"), "#!/bin/sh\necho started; exit 0\n");
    Files.setPosixFilePermissions(sparkSubmit, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertOneLine(NEEDS + "neither HADOOP_CONF_DIR nor YARN_CONF_DIR set",
        cluster(Map.of("SPARK_HOME", dir.resolve("spark").toString()), "--master", "yarn", "conf/quick.conf"));
    assertOneLine(NEEDS + "no directory " + dir.resolve("absent"),
        cluster(Map.of("PATH", bin + ":/usr/bin:/bin", "HADOOP_CONF_DIR", dir.resolve("absent").toString()),
            "--master", "yarn", "conf/quick.conf"));
  }
}
