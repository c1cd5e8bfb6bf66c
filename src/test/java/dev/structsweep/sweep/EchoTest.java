package dev.structsweep.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A value echoed in a message stays on its line and reads as written: quoted, shortened, escaped. */
class EchoTest {
  @Test
  void aPlainValueIsQuotedAndOtherwiseAsWritten() {
    assertEquals("'ten'", Echo.quoted("ten"));
    assertEquals("''", Echo.quoted(""));
    assertEquals("'λ = 0.1 ≥ 0'", Echo.quoted("λ = 0.1 ≥ 0"));
    assertEquals("[0.1,0.1]", Echo.shown("[0.1,0.1]"));
    String text = "no escapes";
    assertSame(text, Echo.escaped(text));
  }

  @Test
  void controlCharactersAndBidirectionalMarksAreEscaped() {
    assertEquals("'a\\nb'", Echo.quoted("a\nb"));
    assertEquals("'a\\r\\nb\\tc'", Echo.quoted("a\r\nb\tc"));
    assertEquals("'nul\\u0000 bell\\u0007 esc\\u001B del\\u007F nel\\u0085 csi\\u009B'",
        Echo.quoted("nul\u0000 bell\u0007 esc\u001B del\u007F nel\u0085 csi\u009B"));
    assertEquals("'report\\u202Efdp.exe'", Echo.quoted("report\u202Efdp.exe"));
    assertEquals("\\u200E\\u200F\\u202A\\u202B\\u202C\\u202D\\u202E\\u2066\\u2067\\u2068\\u2069\\u061C",
        Echo.escaped("\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u061C"));
    assertEquals("line\\u2028para\\u2029", Echo.escaped("line\u2028para\u2029"));
    assertEquals("lone \\uD800 and \\uDC00", Echo.escaped("lone \uD800 and \uDC00"));
    assertEquals("pair 😀", Echo.escaped("pair 😀"), "a surrogate pair is one character, shown");
  }

  @Test
  void aHundredKilobyteValueIsShortenedAndSaysHowLongItWas() {
    String value = "a".repeat(100_000);
    String quoted = Echo.quoted(value);
    assertEquals("'" + "a".repeat(Echo.SHOWN) + "…' (100000 characters)", quoted);
    assertEquals("a".repeat(Echo.SHOWN) + "… (100000 characters)", Echo.shown(value));
    String lines = "\n".repeat(100_000);
    assertEquals("'" + "\\n".repeat(Echo.SHOWN) + "…' (100000 characters)", Echo.quoted(lines));
    assertEquals("'" + "a".repeat(Echo.SHOWN) + "'", Echo.quoted("a".repeat(Echo.SHOWN)), "at the limit, whole");
  }

  @Test
  void shorteningNeverSplitsACharacterAndCountsCharactersNotChars() {
    String faces = "😀".repeat(Echo.SHOWN + 1);
    String quoted = Echo.quoted(faces);
    assertEquals("'" + "😀".repeat(Echo.SHOWN) + "…' (" + (Echo.SHOWN + 1) + " characters)", quoted);
    assertTrue(quoted.codePoints().noneMatch(c -> Character.isSurrogate((char) c)), quoted);
  }
}
