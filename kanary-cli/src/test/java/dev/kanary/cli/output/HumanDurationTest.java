package dev.kanary.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kubernetes' own tables for duration.HumanDuration (apimachinery duration_test.go). */
class HumanDurationTest {
  private static final Duration S = Duration.ofSeconds(1);
  private static final Duration MS = Duration.ofMillis(1);
  private static final Duration MIN = Duration.ofMinutes(1);
  private static final Duration H = Duration.ofHours(1);

  static Stream<Arguments> humanDuration() {
    return Stream.of(
        Arguments.of(S, "1s"),
        Arguments.of(S.multipliedBy(70), "70s"),
        Arguments.of(S.multipliedBy(190), "3m10s"),
        Arguments.of(MIN.multipliedBy(70), "70m"),
        Arguments.of(H.multipliedBy(47), "47h"),
        Arguments.of(H.multipliedBy(49), "2d1h"),
        Arguments.of(H.multipliedBy(8 * 24 + 2), "8d"),
        Arguments.of(H.multipliedBy(367 * 24), "367d"),
        Arguments.of(H.multipliedBy(365 * 2 * 24 + 25), "2y1d"),
        Arguments.of(H.multipliedBy(365 * 8 * 24 + 2), "8y"));
  }

  static Stream<Arguments> boundaries() {
    Duration day = H.multipliedBy(24);
    Duration year = day.multipliedBy(365);
    return Stream.of(
        Arguments.of(S.multipliedBy(-2), "<invalid>"),
        Arguments.of(S.multipliedBy(-2).plusNanos(1), "0s"),
        Arguments.of(Duration.ZERO, "0s"),
        Arguments.of(S.minus(MS), "0s"),
        Arguments.of(MIN.multipliedBy(2).minus(MS), "119s"),
        Arguments.of(MIN.multipliedBy(2), "2m"),
        Arguments.of(MIN.multipliedBy(2).plus(S), "2m1s"),
        Arguments.of(MIN.multipliedBy(10).minus(MS), "9m59s"),
        Arguments.of(MIN.multipliedBy(10), "10m"),
        Arguments.of(MIN.multipliedBy(10).plus(S), "10m"),
        Arguments.of(H.multipliedBy(3).minus(MS), "179m"),
        Arguments.of(H.multipliedBy(3), "3h"),
        Arguments.of(H.multipliedBy(3).plus(MIN), "3h1m"),
        Arguments.of(H.multipliedBy(8).minus(MS), "7h59m"),
        Arguments.of(H.multipliedBy(8), "8h"),
        Arguments.of(H.multipliedBy(8).plus(MIN.multipliedBy(59)), "8h"),
        Arguments.of(day.multipliedBy(2).minus(MS), "47h"),
        Arguments.of(day.multipliedBy(2), "2d"),
        Arguments.of(day.multipliedBy(2).plus(H), "2d1h"),
        Arguments.of(day.multipliedBy(8).minus(MS), "7d23h"),
        Arguments.of(day.multipliedBy(8), "8d"),
        Arguments.of(day.multipliedBy(8).plus(H.multipliedBy(23)), "8d"),
        Arguments.of(year.multipliedBy(2).minus(MS), "729d"),
        Arguments.of(year.multipliedBy(2), "2y"),
        Arguments.of(year.multipliedBy(2).plus(H.multipliedBy(23)), "2y"),
        Arguments.of(year.multipliedBy(2).plus(H.multipliedBy(23)).plus(MIN.multipliedBy(59)),
            "2y"),
        Arguments.of(year.multipliedBy(2).plus(day).minus(MS), "2y"),
        Arguments.of(year.multipliedBy(2).plus(day), "2y1d"),
        Arguments.of(year.multipliedBy(3), "3y"),
        Arguments.of(year.multipliedBy(4), "4y"),
        Arguments.of(year.multipliedBy(5), "5y"),
        Arguments.of(year.multipliedBy(6), "6y"),
        Arguments.of(year.multipliedBy(7), "7y"),
        Arguments.of(year.multipliedBy(8).minus(MS), "7y364d"),
        Arguments.of(year.multipliedBy(8), "8y"),
        Arguments.of(year.multipliedBy(8).plus(day.multipliedBy(364)), "8y"),
        Arguments.of(year.multipliedBy(9), "9y"));
  }

  @ParameterizedTest
  @MethodSource({"humanDuration", "boundaries"})
  void formatsAsKubectl(Duration duration, String expected) {
    assertThat(HumanDuration.format(duration)).isEqualTo(expected);
  }
}
