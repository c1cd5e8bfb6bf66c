package dev.structsweep.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * A headless Debian Chromium driven by its chromedriver, with the browser's console recorded. Under CI=true a
 * missing Chromium fails the test; elsewhere it skips it with a message.
 */
public final class Browser {
  private Browser() {}

  /** What a test does with the browser; it may throw. */
  @FunctionalInterface
  public interface Session {
    void run(ChromeDriver browser) throws IOException;
  }

  /** Waits, up to 30 s, until a report page says it is ready: every chart drawn and the table built. */
  public static void awaitReady(org.openqa.selenium.WebDriver browser) {
    org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
    new org.openqa.selenium.support.ui.WebDriverWait(browser, java.time.Duration.ofSeconds(30)).until(driver ->
        "true".equals(js.executeScript("return document.body.dataset.ready || null")));
  }

  /** A desktop window 1280 px wide. */
  public static void withChromium(Path scratch, Session session) throws IOException {
    withChromium(scratch, 0, session);
  }

  /**
   * A browser whose viewport is phoneWidth CSS pixels wide, as a phone's (Chromium's device emulation: a headless
   * window is never narrower than 500 px); 0 for a desktop window 1280 px wide.
   */
  public static void withChromium(Path scratch, int phoneWidth, Session session) throws IOException {
    Path chromium = Path.of("/usr/bin/chromium");
    Path chromedriver = Path.of("/usr/bin/chromedriver");
    if (!Files.isExecutable(chromium) || !Files.isExecutable(chromedriver)) {
      String message = "Debian's chromium and chromium-driver are needed for the browser test (.ci/run installs"
          + " them)";
      if ("true".equals(System.getenv("CI"))) {
        throw new AssertionError(message);
      }
      org.junit.jupiter.api.Assumptions.assumeTrue(false, message);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.toFile());
    // Nothing but the page: no background traffic of any kind.
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        "--user-data-dir=" + Files.createTempDirectory(scratch, "chromium"), "--window-size=1280,1400");
    if (phoneWidth > 0) {
      options.setExperimentalOption("mobileEmulation", java.util.Map.of("deviceMetrics",
          java.util.Map.of("width", phoneWidth, "height", 844, "pixelRatio", 2.0, "touch", true)));
    }
    LoggingPreferences logging = new LoggingPreferences();
    logging.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logging);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build();
    ChromeDriver browser = new ChromeDriver(service, options);
    try {
      session.run(browser);
    } finally {
      browser.quit();
      service.stop();
    }
  }
}
