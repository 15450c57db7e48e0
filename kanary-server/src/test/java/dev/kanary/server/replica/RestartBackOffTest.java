package dev.kanary.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartBackOffTest {
  private static final RestartBackOff KUBELET_LIKE =
      new RestartBackOff(Duration.ofSeconds(1), Duration.ofMinutes(5));

  @ParameterizedTest(name = "crash {0} waits {1}")
  @CsvSource({
    "1, PT1S",
    "2, PT2S",
    "3, PT4S",
    "4, PT8S",
    "8, PT2M8S",
    "9, PT4M16S",
    "10, PT5M",
    "11, PT5M",
    "1000, PT5M",
    "2147483647, PT5M",
  })
  void doublesFromTheInitialDelayUpToTheCap(int crashes, Duration wanted) {
    assertThat(KUBELET_LIKE.delay(crashes)).isEqualTo(wanted);
  }

  @ParameterizedTest(name = "crash {0} waits {1}")
  @CsvSource({"1, PT0.05S", "2, PT0.1S", "3, PT0.2S", "4, PT0.3S", "5, PT0.3S"})
  void aCapBetweenTwoDoublingsIsHeldExactly(int crashes, Duration wanted) {
    assertThat(new RestartBackOff(Duration.ofMillis(50), Duration.ofMillis(300)).delay(crashes))
        .isEqualTo(wanted);
  }

  @ParameterizedTest(name = "initial {0}, max {1}")
  @CsvSource({
    "PT0S, PT1S, back-off initial must be positive; got PT0S",
    "PT-1S, PT1S, back-off initial must be positive; got PT-1S",
    "PT2S, PT1S, back-off max must be at least initial (PT2S); got PT1S",
  })
  void refusesABackOffThatIsNotOne(Duration initial, Duration max, String message) {
    assertThatThrownBy(() -> new RestartBackOff(initial, max))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest
  @CsvSource({"0", "-1"})
  void crashesCountFromOne(int crashes) {
    assertThatThrownBy(() -> KUBELET_LIKE.delay(crashes))
        .hasMessage("consecutiveCrashes counts from 1; got " + crashes);
  }
}
