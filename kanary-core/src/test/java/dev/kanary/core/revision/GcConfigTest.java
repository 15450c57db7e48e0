package dev.kanary.core.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Knative's {@code TestOurConfig} (pkg/gc/config_test.go), v2 settings. Knative's table asserts
 * only that these fail; the exact texts are those config.go builds.
 */
class GcConfigTest {
  static Stream<Arguments> configMaps() {
    return Stream.of(
        argumentSet("defaults", Map.of(), valid(GcConfig.DEFAULTS)),
        argumentSet("with value overrides",
            Map.of("stale-revision-create-delay", "15h",
                "retain-since-create-time", "17h",
                "retain-since-last-active-time", "16h",
                "min-non-active-revisions", "5",
                "max-non-active-revisions", "500"),
            valid(new GcConfig(Optional.of(Duration.ofHours(17)),
                Optional.of(Duration.ofHours(16)), 5, OptionalLong.of(500)))),
        argumentSet("Invalid negative min stale",
            Map.of("min-non-active-revisions", "-1"),
            invalid("min-non-active-revisions must be non-negative, was: -1")),
        argumentSet("Invalid negative maximum generation",
            Map.of("max-non-active-revisions", "-2"),
            invalid("failed to parse max-non-active-revisions: strconv.ParseUint: parsing \"-2\":"
                + " invalid syntax")),
        argumentSet("invalid max less than min",
            Map.of("min-non-active-revisions", "20", "max-non-active-revisions", "10"),
            invalid("min-non-active-revisions(20) must be <= max-non-active-revisions(10)")),
        argumentSet("unparsable create duration",
            Map.of("retain-since-create-time", "invalid"),
            invalid("failed to parse retain-since-create-time: time: invalid duration"
                + " \"invalid\"")),
        argumentSet("negative create duration",
            Map.of("retain-since-create-time", "-1h"),
            invalid("failed to parse retain-since-create-time: must be non-negative")),
        argumentSet("negative last-active duration",
            Map.of("retain-since-last-active-time", "-1h"),
            invalid("failed to parse retain-since-last-active-time: must be non-negative")),
        argumentSet("create delay disabled",
            Map.of("retain-since-create-time", "disabled"),
            valid(new GcConfig(Optional.empty(), Optional.of(Duration.ofHours(15)), 20,
                OptionalLong.of(1000)))),
        argumentSet("last-active disabled",
            Map.of("retain-since-last-active-time", "disabled"),
            valid(new GcConfig(Optional.of(Duration.ofHours(48)), Optional.empty(), 20,
                OptionalLong.of(1000)))),
        argumentSet("max-non-active unparsable",
            Map.of("max-non-active-revisions", "invalid"),
            invalid("failed to parse max-non-active-revisions: strconv.ParseUint: parsing"
                + " \"invalid\": invalid syntax")),
        argumentSet("max-non-active disabled",
            Map.of("max-non-active-revisions", "disabled"),
            valid(new GcConfig(Optional.of(Duration.ofHours(48)),
                Optional.of(Duration.ofHours(15)), 20, OptionalLong.empty()))),
        argumentSet("DERIVED: disabled is case-insensitive, and a disabled max has no minimum",
            Map.of("max-non-active-revisions", "Disabled", "min-non-active-revisions", "5000"),
            valid(new GcConfig(Optional.of(Duration.ofHours(48)),
                Optional.of(Duration.ofHours(15)), 5000, OptionalLong.empty()))),
        argumentSet("DERIVED: unparsable min",
            Map.of("min-non-active-revisions", "x"),
            invalid("failed to parse data: failed to parse \"min-non-active-revisions\":"
                + " strconv.ParseInt: parsing \"x\": invalid syntax")),
        argumentSet("DERIVED: min out of range",
            Map.of("min-non-active-revisions", "9223372036854775808"),
            invalid("failed to parse data: failed to parse \"min-non-active-revisions\":"
                + " strconv.ParseInt: parsing \"9223372036854775808\": value out of range")),
        argumentSet("DERIVED: max above int64",
            Map.of("max-non-active-revisions", "18446744073709551615"),
            invalid("failed to parse max-non-active-revisions: value should be lower than"
                + " 9223372036854775807")),
        argumentSet("DERIVED: max above uint64",
            Map.of("max-non-active-revisions", "18446744073709551616"),
            invalid("failed to parse max-non-active-revisions: strconv.ParseUint: parsing"
                + " \"18446744073709551616\": value out of range")),
        argumentSet("DERIVED: immediate collection, as Knative's e2e sets it",
            Map.of("retain-since-create-time", "disabled",
                "retain-since-last-active-time", "disabled",
                "min-non-active-revisions", "0",
                "max-non-active-revisions", "0"),
            valid(new GcConfig(Optional.empty(), Optional.empty(), 0, OptionalLong.of(0)))));
  }

  @ParameterizedTest
  @MethodSource("configMaps")
  void parses(Map<String, String> data, GcConfig.Parsed expected) {
    assertThat(GcConfig.parse(data)).isEqualTo(expected);
  }

  private static GcConfig.Parsed valid(GcConfig config) {
    return new GcConfig.Valid(config);
  }

  private static GcConfig.Parsed invalid(String message) {
    return new GcConfig.Invalid(message);
  }
}
