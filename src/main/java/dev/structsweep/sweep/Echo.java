package dev.structsweep.sweep;

/**
 * How a message shows a value it refuses, so that a one-line message stays one line and reads as written: at most
 * {@value #SHOWN} characters of it, then "…" and how long it was; control characters (C0, DEL, C1), line and
 * paragraph separators, bidirectional marks and overrides, and lone surrogates escaped as {@code \n}, {@code \t},
 * {@code \r} or {@code \u202E}. "found 'ten'", "found 'a\nb'", "found 'aaaa…' (100000 characters)".
 */
public final class Echo {
  /** The most characters of a value a message shows. */
  static final int SHOWN = 60;

  private Echo() {}

  /** text in single quotes, shortened and escaped: 'ten', 'a\nb', 'aaaa…' (100000 characters). */
  public static String quoted(String text) {
    int length = text.codePointCount(0, text.length());
    return length <= SHOWN ? "'" + escaped(text) + "'"
        : "'" + escaped(head(text)) + "…' (" + length + " characters)";
  }

  /** text as it stands (a list rendered as [0.1,0.1], an option as typed), shortened and escaped, unquoted. */
  public static String shown(String text) {
    int length = text.codePointCount(0, text.length());
    return length <= SHOWN ? escaped(text) : escaped(head(text)) + "… (" + length + " characters)";
  }

  /** text with every character that could break the line or reorder what follows escaped; nothing shortened. */
  public static String escaped(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      String escape = escape(text, i);
      if (escape != null && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (escape != null) {
          out.append(escape);
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /** The first SHOWN characters of text, a surrogate pair never split. */
  private static String head(String text) {
    return text.substring(0, text.offsetByCodePoints(0, SHOWN));
  }

  /** How the char at i is escaped, or null when it is shown as it is. */
  private static String escape(String text, int i) {
    char c = text.charAt(i);
    switch (c) {
      case '\n':
        return "\\n";
      case '\t':
        return "\\t";
      case '\r':
        return "\\r";
      default:
        break;
    }
    boolean control = c < 0x20 || c >= 0x7F && c <= 0x9F;
    // Bidirectional marks, embeddings, overrides and isolates reorder the rest of the line as it is displayed.
    boolean bidi = c == '\u061C' || c == '\u200E' || c == '\u200F' || c >= '\u202A' && c <= '\u202E'
        || c >= '\u2066' && c <= '\u2069';
    boolean separator = c == '\u2028' || c == '\u2029';
    boolean loneSurrogate = Character.isHighSurrogate(c)
        ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
        : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
    return control || bidi || separator || loneSurrogate ? String.format("\\u%04X", (int) c) : null;
  }
}
