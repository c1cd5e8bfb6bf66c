package dev.structsweep.report;

import java.util.Locale;

/** Numbers as the report prints them. */
final class Format {
  private Format() {}

  /** A setting as written: 0.001, not 1.0E-3. */
  static String number(double value) {
    return dev.structsweep.sweep.Settings.number(value);
  }

  /** A measured value to four significant places; "–" when undefined. */
  static String measured(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.4g", value).replaceFirst("(\\.\\d*?)0+$", "$1").replaceFirst("\\.$", "");
  }

  static String percent(double value) {
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * value);
  }
}
