package dev.structsweep.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README a newcomer reads in five minutes, and the docs it leads to: the README holds at most 200 lines, and
 * every relative link of the README and of docs/ reaches a file of the repository and, where it names one, a
 * heading of that file.
 */
class DocsLinksTest {
  private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");

  @Test
  void theReadmeIsShort() throws IOException {
    int lines = Files.readAllLines(Path.of("README.md")).size();
    assertTrue(lines <= 200, "README.md holds " + lines + " lines; at most 200, the rest belongs in docs/");
  }

  @Test
  void everyRelativeLinkResolves() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md"), Path.of("BENCHMARKS.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    assertTrue(pages.size() >= 12, "pages: " + pages);
    List<String> broken = new ArrayList<>();
    int links = 0;
    for (Path page : pages) {
      Matcher matcher = LINK.matcher(Files.readString(page));
      while (matcher.find()) {
        String target = matcher.group(1);
        if (target.matches("^[a-z]+:.*")) {
          continue;
        }
        links++;
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path resolved = file.isEmpty() ? page : page.resolveSibling(file).normalize();
        if (!Files.exists(resolved)) {
          broken.add(page + ": " + target + " (no such file)");
        } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
          broken.add(page + ": " + target + " (no such heading)");
        }
      }
    }
    assertTrue(links >= 30, "links checked: " + links);
    assertEquals(List.of(), broken, "links that lead nowhere");
  }

  /** The anchors of a Markdown file's headings, as GitHub makes them. */
  static Set<String> anchors(Path markdown) throws IOException {
    Set<String> anchors = new HashSet<>();
    if (!markdown.toString().endsWith(".md")) {
      return anchors;
    }
    boolean fenced = false;
    for (String line : Files.readAllLines(markdown)) {
      if (line.startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced && line.startsWith("#")) {
        String title = line.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT);
        anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
      }
    }
    return anchors;
  }
}
