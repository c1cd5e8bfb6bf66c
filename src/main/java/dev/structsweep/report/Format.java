package dev.structsweep.report;

import java.util.Locale;

/** Numbers as the report prints them. */
final class Format {
  private Format() {}

  /** A setting as written: 0.001, not 1.0E-3. */
  static String number(double value) {
    return minus(dev.structsweep.sweep.Settings.number(value));
  }

  /** A measured value to four significant places; "–" when undefined. */
  static String measured(double value) {
    if (Double.isNaN(value)) {
      return "–";
    }
    return minus(String.format(Locale.ROOT, "%.4g", value).replaceFirst("(\\.\\d*?)0+$", "$1")
        .replaceFirst("\\.$", ""));
  }

  /** The typographic minus (U+2212) for a hyphen-minus sign, as the page prints every negative number. */
  static String minus(String number) {
    return number.startsWith("-") ? "\u2212" + number.substring(1) : number;
  }

  /** An interval's ends as percentages: "26–66 %". */
  static String range(Statistics.Interval interval) {
    if (Double.isNaN(interval.low())) {
      return "–";
    }
    return String.format(Locale.ROOT, "%.0f–%.0f\u00a0%%", 100 * interval.low(), 100 * interval.high());
  }

  /** A setting that is a share, as a person writes it: 0.01 → "1 %", 0.005 → "0.5 %". */
  static String share(double value) {
    // In decimal, so that 0.07 is "7 %", not "7.000000000000001 %".
    return java.math.BigDecimal.valueOf(value).movePointRight(2).stripTrailingZeros().toPlainString() + "\u00a0%";
  }

  static String percent(double value) {
    // A no-break space: a line never starts with the sign.
    return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f\u00a0%%", 100 * value);
  }
}
