package dev.kanary.core.k8s;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Go's {@code time.ParseDuration}, which Knative uses for the rollout-duration annotation and the
 * GC config: a signed sequence of decimal numbers with units ({@code 300ms}, {@code -1.5h},
 * {@code 2h45m}). Errors carry Go's exact texts, since they surface in user-facing messages.
 *
 * <p>The arithmetic is Go's unsigned 64-bit arithmetic, overflow checks included.
 */
public final class GoDuration {
  /** The outcome of a parse: a duration or Go's error text. */
  public sealed interface Parsed {}

  public record Valid(Duration duration) implements Parsed {}

  public record Invalid(String message) implements Parsed {}

  private static final long TWO_POW_63 = Long.MIN_VALUE; // 1<<63 as an unsigned bit pattern
  private static final Map<String, Long> UNITS = Map.of(
      "ns", 1L,
      "us", 1_000L,
      "\u00b5s", 1_000L, // U+00B5 micro sign
      "\u03bcs", 1_000L, // U+03BC Greek small letter mu
      "ms", 1_000_000L,
      "s", 1_000_000_000L,
      "m", 60_000_000_000L,
      "h", 3_600_000_000_000L);

  private GoDuration() {}

  public static Parsed parse(String orig) {
    String s = orig;
    long d = 0;
    boolean neg = false;
    if (!s.isEmpty() && (s.charAt(0) == '-' || s.charAt(0) == '+')) {
      neg = s.charAt(0) == '-';
      s = s.substring(1);
    }
    if (s.equals("0")) {
      return new Valid(Duration.ZERO);
    }
    if (s.isEmpty()) {
      return invalid(orig);
    }
    while (!s.isEmpty()) {
      char c = s.charAt(0);
      if (!(c == '.' || isDigit(c))) {
        return invalid(orig);
      }
      int before = s.length();
      int i = 0;
      long v = 0;
      for (; i < s.length() && isDigit(s.charAt(i)); i++) {
        if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_POW_63, 10)) > 0) {
          return invalid(orig);
        }
        v = v * 10 + (s.charAt(i) - '0');
        if (Long.compareUnsigned(v, TWO_POW_63) > 0) {
          return invalid(orig);
        }
      }
      s = s.substring(i);
      boolean pre = before != s.length();

      long f = 0;
      double scale = 1;
      boolean post = false;
      if (!s.isEmpty() && s.charAt(0) == '.') {
        s = s.substring(1);
        boolean overflow = false;
        int j = 0;
        for (; j < s.length() && isDigit(s.charAt(j)); j++) {
          if (overflow) {
            continue;
          }
          if (Long.compareUnsigned(f, Long.MAX_VALUE / 10) > 0) {
            overflow = true;
            continue;
          }
          long y = f * 10 + (s.charAt(j) - '0');
          if (Long.compareUnsigned(y, TWO_POW_63) > 0) {
            overflow = true;
            continue;
          }
          f = y;
          scale *= 10;
        }
        post = j > 0;
        s = s.substring(j);
      }
      if (!pre && !post) {
        return invalid(orig);
      }

      int u = 0;
      while (u < s.length() && s.charAt(u) != '.' && !isDigit(s.charAt(u))) {
        u++;
      }
      if (u == 0) {
        return new Invalid("time: missing unit in duration " + quote(orig));
      }
      String unitName = s.substring(0, u);
      s = s.substring(u);
      Long unit = UNITS.get(unitName);
      if (unit == null) {
        return new Invalid(
            "time: unknown unit " + quote(unitName) + " in duration " + quote(orig));
      }
      if (Long.compareUnsigned(v, Long.divideUnsigned(TWO_POW_63, unit)) > 0) {
        return invalid(orig);
      }
      v *= unit;
      if (f > 0) {
        // Go uses float64 here to stay nanosecond-accurate for fractions of hours.
        v += (long) ((double) f * ((double) unit / scale));
        if (Long.compareUnsigned(v, TWO_POW_63) > 0) {
          return invalid(orig);
        }
      }
      d += v;
      if (Long.compareUnsigned(d, TWO_POW_63) > 0) {
        return invalid(orig);
      }
    }
    if (neg) {
      return new Valid(Duration.ofNanos(-d));
    }
    if (d < 0) { // above 1<<63 - 1 when read as unsigned
      return invalid(orig);
    }
    return new Valid(Duration.ofNanos(d));
  }

  private static Invalid invalid(String orig) {
    return new Invalid("time: invalid duration " + quote(orig));
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** The time package's own quoting: printable ASCII as is, every other byte as {@code \xNN}. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (byte raw : s.getBytes(StandardCharsets.UTF_8)) {
      int c = raw & 0xff;
      if (c >= 0x80 || c < ' ') {
        b.append(String.format("\\x%02x", c));
      } else {
        if (c == '"' || c == '\\') {
          b.append('\\');
        }
        b.append((char) c);
      }
    }
    return b.append('"').toString();
  }
}
