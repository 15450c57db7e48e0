package dev.kanary.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** ReplicaSpec, ReadinessProbe and SupervisorSettings refuse what cannot run, saying why. */
class SpecValidationTest {
  private static final ReadinessProbe PROBE = ReadinessProbe.httpGet("/v2/health/ready");
  private static final Path DIR = Path.of(".");
  private static final Path LOG = Path.of("r.log");

  private static ReplicaSpec spec(String name, List<String> command, Map<String, String> env) {
    return new ReplicaSpec(name, "rev-00001", command, env, DIR, LOG, PROBE);
  }

  static Stream<Arguments> invalid() {
    List<String> withNull = new ArrayList<>(List.of("server"));
    withNull.add(null);
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("A", null);
    return Stream.of(
        row("a name with a slash", () -> spec("../x", List.of("s"), Map.of()),
            "replica name must be 1 to 253 letters, digits, '.', '_' or '-', starting with a"
                + " letter or digit; got \"../x\""),
        row("no name", () -> spec(null, List.of("s"), Map.of()),
            "replica name must be 1 to 253 letters, digits, '.', '_' or '-', starting with a"
                + " letter or digit; got null"),
        row("no revision",
            () -> new ReplicaSpec("r", " ", List.of("s"), Map.of(), DIR, LOG, PROBE),
            "replica r: revision is required"),
        row("an empty command", () -> spec("r", List.of(), Map.of()),
            "replica r: command must name a program, with no null argument; got []"),
        row("a null argument", () -> spec("r", withNull, Map.of()),
            "replica r: command must name a program, with no null argument; got [server, null]"),
        row("PORT in the environment", () -> spec("r", List.of("s"), Map.of("PORT", "1")),
            "replica r: environment must not set PORT, the supervisor sets it; use {{.Port}} for"
                + " the replica's port"),
        row("a null variable", () -> spec("r", List.of("s"), nullValue),
            "replica r: environment variable \"A\" needs a name and a value; got value null"),
        row("no log file",
            () -> new ReplicaSpec("r", "rev", List.of("s"), Map.of(), DIR, null, PROBE),
            "replica r: logFile is required"),
        row("a relative probe path", () -> ReadinessProbe.httpGet("health"),
            "readiness probe path must start with '/', e.g. /v2/health/ready; got health"),
        row("a zero probe period",
            () -> new ReadinessProbe("/", Duration.ZERO, Duration.ofSeconds(1), 3),
            "readiness probe period must be a positive duration; got PT0S"),
        row("no failure allowed",
            () -> new ReadinessProbe("/", Duration.ofSeconds(1), Duration.ofSeconds(1), 0),
            "readiness probe failureThreshold must be at least 1; got 0"),
        row("a negative grace period", () -> {
          SupervisorSettings defaults = SupervisorSettings.defaults();
          return new SupervisorSettings(defaults.backOff(), defaults.backOffReset(),
              Duration.ofSeconds(-1), defaults.startupProbeInterval(), 20);
        }, "stopGracePeriod must be a duration of 0 or more; got PT-1S"));
  }

  private static Arguments row(String name, Supplier<Object> build, String message) {
    return Arguments.of(Named.of(name, build), message);
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void refusesWithAMessageNamingTheField(Supplier<Object> build, String message) {
    assertThatThrownBy(build::get)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void copiesWhatItIsGiven() {
    List<String> command = new ArrayList<>(List.of("server"));
    Map<String, String> env = new HashMap<>(Map.of("A", "1"));
    ReplicaSpec spec = spec("r.v1_0-a", command, env);

    command.add("more");
    env.put("B", "2");

    assertThat(spec.command()).containsExactly("server");
    assertThat(spec.environment()).containsExactly(Map.entry("A", "1"));
    assertThat(spec).isEqualTo(spec("r.v1_0-a", List.of("server"), Map.of("A", "1")));
  }
}
