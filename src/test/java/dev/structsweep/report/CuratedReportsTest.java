package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.testing.Browser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The reports kept in reports/ (or, with -Dstructsweep.curated-dir=DIR, those under DIR) at a desktop's and a
 * phone's width: no console error or warning, no sideways scroll, no axis with two alike tick labels, no text of a
 * chart over another.
 */
class CuratedReportsTest {
  @TempDir
  static Path scratch;

  static List<Path> pages() throws IOException {
    return CuratedNumbersTest.curated().stream().map(dir -> dir.resolve("index.html")).toList();
  }

  @Test
  void curatedPagesReadCleanlyAtDesktopAndPhoneWidths() throws IOException {
    List<Path> pages = pages();
    assertFalse(pages.isEmpty(), "pages to check");
    List<String> problems = new ArrayList<>();
    for (int width : new int[] {1280, 390}) {
      Browser.withChromium(scratch, width == 1280 ? 0 : width, browser -> {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        for (Path page : pages) {
          String name = page.getParent().getFileName() + " at " + width + " px";
          browser.get(page.toAbsolutePath().toUri().toString());
          Browser.awaitReady(browser);
          assertTrue(ChartChecks.texts(js) > 0, name + ": charts with text");
          ChartChecks.problems(js).forEach(p -> problems.add(name + ": " + p));
          long overflow = (Long) js.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
          if (overflow > 0) {
            problems.add(name + ": the page scrolls sideways by " + overflow + " px");
          }
          List<LogEntry> console = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
              .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue()).toList();
          console.forEach(entry -> problems.add(name + ": console " + entry.getLevel() + " " + entry.getMessage()));
        }
      });
    }
    assertEquals(List.of(), problems, "problems of the curated reports");
  }

  /**
   * A view is restored from the URL on every curated page: a filter set and a configuration selected, then the
   * page's own URL opened afresh, shows the same filter, the same table rows and the same seeds.
   */
  @Test
  void everyCuratedPageRestoresItsViewFromTheUrl() throws IOException {
    List<Path> pages = pages();
    assertFalse(pages.isEmpty(), "pages to check");
    String view = """
        const select = document.querySelector('#filters select:not([data-axis=epsilon])')
            || document.querySelector('#filters select');
        return [select ? select.dataset.axis : null, select ? select.value : null, location.hash,
            document.querySelectorAll('#configurations tbody tr').length,
            document.querySelectorAll('#seeds #seed-table tbody tr').length];""";
    for (int width : new int[] {1280, 390}) {
      Browser.withChromium(scratch, width == 1280 ? 0 : width, browser -> {
        JavascriptExecutor js = (JavascriptExecutor) browser;
        for (Path page : pages) {
          String name = page.getParent().getFileName() + " at " + width + " px";
          browser.get(page.toAbsolutePath().toUri().toString());
          Browser.awaitReady(browser);
          js.executeScript("""
              const select = document.querySelector('#filters select:not([data-axis=epsilon])')
                  || document.querySelector('#filters select');
              select.value = select.options[select.options.length - 1].value;
              select.dispatchEvent(new Event('change'));
              document.querySelector('#configurations tbody tr').click();""");
          new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> !driver.findElements(
              org.openqa.selenium.By.cssSelector("#seeds #seed-table tbody tr")).isEmpty());
          List<?> before = (List<?>) js.executeScript(view);
          String url = (String) js.executeScript("return location.href");
          assertTrue(url.contains("#") && url.contains("sel="), name + ": the view in the URL: " + url);
          browser.get("about:blank");
          browser.get(url);
          Browser.awaitReady(browser);
          assertEquals(before, js.executeScript(view), name + ": the view restored from " + url);
        }
      });
    }
  }


  /**
   * reports/paper draws its solved seeds by their distance to the known minimum, as L1 left them (outlined bars) and
   * after the reduction (filled), and a reduced configuration's seeds list the edges each keeps after it, without
   * the retraining columns it has no values for.
   */
  @Test
  void thePaperPageShowsTheDistanceToTheMinimumAndEachSeedsReducedEdges() throws IOException {
    Path page = Path.of(System.getProperty("structsweep.curated-dir", "reports"), "paper", "index.html");
    Browser.withChromium(scratch, 0, browser -> {
      JavascriptExecutor js = (JavascriptExecutor) browser;
      browser.get(page.toAbsolutePath().toUri().toString());
      Browser.awaitReady(browser);
      @SuppressWarnings("unchecked")
      List<Number> bars = (List<Number>) js.executeScript("""
          const figures = Array.from(document.querySelectorAll('figure.chart[data-chart=distance]'));
          return [figures.length, figures.filter(f => f.dataset.drawn === 'true').length,
              document.querySelectorAll('[data-chart=distance] rect.bar.outline').length,
              document.querySelectorAll('[data-chart=distance] rect.bar:not(.outline)').length];""");
      assertTrue(bars.get(0).intValue() >= 4 && bars.get(0).equals(bars.get(1)), "distance charts drawn: " + bars);
      assertTrue(bars.get(2).intValue() > 0 && bars.get(3).intValue() > 0, "outlined and filled bars: " + bars);
      String reduced = (String) js.executeScript("""
          const d = JSON.parse(document.getElementById('report-data').textContent);
          const c = d.configurations.find(c => c.structure && c.structure.reducedDistance && !c.structure.retrained);
          return String(c.id);""");
      browser.get(page.toAbsolutePath().toUri() + "#sel=" + reduced);
      Browser.awaitReady(browser);
      new WebDriverWait(browser, Duration.ofSeconds(10)).until(driver -> !driver.findElements(
          org.openqa.selenium.By.cssSelector("#seeds #seed-table tbody tr")).isEmpty());
      @SuppressWarnings("unchecked")
      List<String> headers = (List<String>) js.executeScript(
          "return Array.from(document.querySelectorAll('#seed-table thead th')).map(th => th.textContent)");
      assertTrue(headers.contains("edges after the reduction"), "the reduced edges: " + headers);
      assertTrue(headers.stream().noneMatch(h -> h.contains("fine-tuned") || h.contains("ticket")),
          "no retraining columns for a configuration without retraining: " + headers);
    });
  }
}
