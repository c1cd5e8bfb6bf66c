package dev.structsweep.report;

import java.util.Locale;

/**
 * Names of the report's files. Values from the results (a task, an activation) are data that anyone who wrote
 * the Parquet chose, so a name keeps only a short slug of them, for the reader, and the report's own index,
 * for uniqueness: "../../x" becomes "x-1", never a path.
 */
final class FileNames {
  /** Long enough to recognise a task, short enough to keep names readable. */
  static final int SLUG_LENGTH = 24;

  private FileNames() {}

  /**
   * The stem of a task's chart files: "xor" at index 2 → "xor-2", a task with no letter or digit → "task-3".
   * The slug holds [a-z0-9-] only; the index after the last '-' keeps the stems of two indices apart whatever
   * the values.
   */
  static String stem(String value, int index) {
    String slug = value == null ? "" : value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    if (slug.length() > SLUG_LENGTH) {
      slug = slug.substring(0, SLUG_LENGTH);
    }
    slug = slug.replaceAll("^-+|-+$", "");
    return (slug.isEmpty() ? "task" : slug) + "-" + index;
  }
}
