package dev.structsweep.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Numbers as the report prints them. */
final class Format {
  private Format() {}

  /** A setting as written: 0.001, not 1.0E-3. */
  static String number(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return Double.toString(value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
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
