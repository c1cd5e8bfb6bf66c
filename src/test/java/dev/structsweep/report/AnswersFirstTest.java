package dev.structsweep.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.structsweep.testing.Browser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;

/**
 * Every curated page answers before it explains, at 1280 and at 390 px: the answer cards are the first content after
 * the title, each of at most 60 words; at 1280 px the paper's three questions are answered within the first 800 px;
 * on a phone the cards fold to their figures and the first chart starts within two screens.
 */
class AnswersFirstTest {
  @TempDir
  Path scratch;

  @Test
  void everyCuratedPageAnswersFirst() throws IOException {
    List<Path> reports = CuratedNumbersTest.curated();
    assertTrue(reports.size() >= 4, "curated reports: " + reports);
    for (int width : new int[] {1280, 390}) {
      Browser.withChromium(scratch, width == 1280 ? 0 : width, browser -> {
        JavascriptExecutor js = browser;
        for (Path report : reports) {
          browser.get(report.toAbsolutePath().resolve("index.html").toUri().toString());
          Browser.awaitReady(browser);
          @SuppressWarnings("unchecked")
          Map<String, Object> page = (Map<String, Object>) js.executeScript("""
              const header = document.querySelector('body > header');
              let next = header.nextElementSibling;
              while (next && next.tagName === 'SCRIPT') next = next.nextElementSibling;
              const cards = [...document.querySelectorAll('#answers details.card')];
              const words = cards.map(c => c.querySelector('.answer').textContent.trim().split(/\\s+/).length);
              const questions = cards.filter(c => c.querySelector('h3').textContent.endsWith('?')
                  || c.querySelector('h3').textContent.startsWith('The sparsest'));
              const chart = document.querySelector('figure.chart');
              return {first: next ? next.id : null, cards: cards.length, most: Math.max(...words),
                  open: cards.filter(c => c.open).length,
                  questionsBottom: questions.length ? Math.max(...questions.map(q =>
                      q.getBoundingClientRect().bottom + scrollY)) : 0,
                  chartTop: chart.getBoundingClientRect().top + scrollY, screen: innerHeight};""");
          String where = report + " at " + width + " px: " + page;
          assertEquals("answers", page.get("first"), "the answers come first after the title: " + where);
          assertTrue(((Number) page.get("cards")).intValue() >= 1, where);
          assertTrue(((Number) page.get("most")).intValue() <= AnswerCards.MAX_WORDS, "at most 60 words: " + where);
          if (width == 1280) {
            assertEquals(page.get("cards"), page.get("open"), "every card open on a desktop: " + where);
            assertTrue(((Number) page.get("questionsBottom")).doubleValue() <= 800,
                "the paper's questions answered above the fold: " + where);
          } else {
            assertEquals(0L, ((Number) page.get("open")).longValue(), "the cards fold on a phone: " + where);
            assertTrue(((Number) page.get("chartTop")).doubleValue() <= 2 * ((Number) page.get("screen"))
                .doubleValue(), "the first chart within two screens: " + where);
          }
        }
      });
    }
  }
}
