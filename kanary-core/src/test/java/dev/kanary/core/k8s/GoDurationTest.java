package dev.kanary.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Go's {@code parseDurationTests} and {@code parseDurationErrorTests} (time_test.go). */
class GoDurationTest {
  private static final long MAX = Long.MAX_VALUE;
  private static final long MIN = Long.MIN_VALUE;

  static Stream<Arguments> valid() {
    return Stream.of(
        argumentSet("0", "0", 0L),
        argumentSet("5s", "5s", seconds(5)),
        argumentSet("30s", "30s", seconds(30)),
        argumentSet("1478s", "1478s", seconds(1478)),
        argumentSet("-5s", "-5s", -seconds(5)),
        argumentSet("+5s", "+5s", seconds(5)),
        argumentSet("-0", "-0", 0L),
        argumentSet("+0", "+0", 0L),
        argumentSet("5.0s", "5.0s", seconds(5)),
        argumentSet("5.6s", "5.6s", seconds(5) + millis(600)),
        argumentSet("5.s", "5.s", seconds(5)),
        argumentSet(".5s", ".5s", millis(500)),
        argumentSet("1.0s", "1.0s", seconds(1)),
        argumentSet("1.00s", "1.00s", seconds(1)),
        argumentSet("1.004s", "1.004s", seconds(1) + millis(4)),
        argumentSet("1.0040s", "1.0040s", seconds(1) + millis(4)),
        argumentSet("100.00100s", "100.00100s", seconds(100) + millis(1)),
        argumentSet("10ns", "10ns", 10L),
        argumentSet("11us", "11us", 11_000L),
        argumentSet("12µs (U+00B5)", "12\u00b5s", 12_000L),
        argumentSet("12μs (U+03BC)", "12\u03bcs", 12_000L),
        argumentSet("13ms", "13ms", millis(13)),
        argumentSet("14s", "14s", seconds(14)),
        argumentSet("15m", "15m", seconds(15 * 60)),
        argumentSet("16h", "16h", seconds(16 * 3600)),
        argumentSet("3h30m", "3h30m", seconds(3 * 3600 + 30 * 60)),
        argumentSet("10.5s4m", "10.5s4m", seconds(4 * 60 + 10) + millis(500)),
        argumentSet("-2m3.4s", "-2m3.4s", -(seconds(2 * 60 + 3) + millis(400))),
        argumentSet("1h2m3s4ms5us6ns", "1h2m3s4ms5us6ns",
            seconds(3600 + 2 * 60 + 3) + millis(4) + 5_000L + 6L),
        argumentSet("39h9m14.425s", "39h9m14.425s", seconds(39 * 3600 + 9 * 60 + 14) + millis(425)),
        argumentSet("52763797000ns", "52763797000ns", 52763797000L),
        argumentSet("0.3333333333333333333h", "0.3333333333333333333h", seconds(20 * 60)),
        argumentSet("9007199254740993ns", "9007199254740993ns", (1L << 53) + 1),
        argumentSet("9223372036854775807ns", "9223372036854775807ns", MAX),
        argumentSet("9223372036854775.807us", "9223372036854775.807us", MAX),
        argumentSet("9223372036s854ms775us807ns", "9223372036s854ms775us807ns", MAX),
        argumentSet("-9223372036854775808ns", "-9223372036854775808ns", MIN),
        argumentSet("-9223372036854775.808us", "-9223372036854775.808us", MIN),
        argumentSet("-9223372036s854ms775us808ns", "-9223372036s854ms775us808ns", MIN),
        argumentSet("-2562047h47m16.854775808s", "-2562047h47m16.854775808s", MIN),
        argumentSet("0.100000000000000000000h", "0.100000000000000000000h", seconds(6 * 60)),
        argumentSet("0.830103483285477580700h", "0.830103483285477580700h",
            seconds(49 * 60 + 48) + 372539827L));
  }

  @ParameterizedTest
  @MethodSource("valid")
  void parses(String in, long nanos) {
    assertThat(GoDuration.parse(in)).isEqualTo(new GoDuration.Valid(Duration.ofNanos(nanos)));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        argumentSet("empty", "", "time: invalid duration \"\""),
        argumentSet("3", "3", "time: missing unit in duration \"3\""),
        argumentSet("-", "-", "time: invalid duration \"-\""),
        argumentSet("s", "s", "time: invalid duration \"s\""),
        argumentSet(".", ".", "time: invalid duration \".\""),
        argumentSet("-.", "-.", "time: invalid duration \"-.\""),
        argumentSet(".s", ".s", "time: invalid duration \".s\""),
        argumentSet("+.s", "+.s", "time: invalid duration \"+.s\""),
        argumentSet("1d", "1d", "time: unknown unit \"d\" in duration \"1d\""),
        argumentSet("utf8.RuneError", "\ufffd", "time: invalid duration \"\\xef\\xbf\\xbd\""),
        argumentSet("utf8.RuneError in text", "\ufffd hello \ufffd world",
            "time: invalid duration \"\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world\""),
        argumentSet("9223372036854775810ns", "9223372036854775810ns",
            "time: invalid duration \"9223372036854775810ns\""),
        argumentSet("9223372036854775808ns", "9223372036854775808ns",
            "time: invalid duration \"9223372036854775808ns\""),
        argumentSet("-9223372036854775809ns", "-9223372036854775809ns",
            "time: invalid duration \"-9223372036854775809ns\""),
        argumentSet("9223372036854776us", "9223372036854776us",
            "time: invalid duration \"9223372036854776us\""),
        argumentSet("3000000h", "3000000h", "time: invalid duration \"3000000h\""),
        argumentSet("9223372036854775.808us", "9223372036854775.808us",
            "time: invalid duration \"9223372036854775.808us\""),
        argumentSet("9223372036854ms775us808ns", "9223372036854ms775us808ns",
            "time: invalid duration \"9223372036854ms775us808ns\""),
        argumentSet("DERIVED: unknown unit with a non-ASCII name", "1é",
            "time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\""));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejects(String in, String message) {
    assertThat(GoDuration.parse(in)).isEqualTo(new GoDuration.Invalid(message));
  }

  private static long seconds(long s) {
    return s * 1_000_000_000L;
  }

  private static long millis(long ms) {
    return ms * 1_000_000L;
  }
}
