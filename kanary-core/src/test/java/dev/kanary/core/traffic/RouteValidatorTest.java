package dev.kanary.core.traffic;

import static dev.kanary.core.traffic.TrafficFixtures.annotated;
import static dev.kanary.core.traffic.TrafficFixtures.configuration;
import static dev.kanary.core.traffic.TrafficFixtures.named;
import static dev.kanary.core.traffic.TrafficFixtures.revision;
import static dev.kanary.core.traffic.TrafficFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.TrafficTarget;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Knative's {@code TestRouteValidation}, the traffic cases of {@code TestServiceValidation} and
 * {@code TestRouteAnnotationUpdate}, with the whole object's paths.
 */
class RouteValidatorTest {
  private static final String DNS1035_MESSAGE = "a DNS-1035 label must consist of lower case"
      + " alphanumeric characters or '-', start with an alphabetic character, and end with an"
      + " alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is"
      + " '[a-z]([-a-z0-9]*[a-z0-9])?')";
  private static final String ROLLOUT = RouteValidator.ROLLOUT_DURATION_KEY;
  private static final String LEGACY_ROLLOUT = RouteValidator.LEGACY_ROLLOUT_DURATION_KEY;

  static Stream<Arguments> routes() {
    return Stream.of(
        argumentSet("valid",
            named("valid"), List.of(revision("foo").withTag("bar").withPercent(100L)), ""),
        argumentSet("valid split",
            named("valid"),
            List.of(revision("foo").withTag("prod").withPercent(90L),
                configuration("bar").withTag("experiment").withPercent(10L)),
            ""),
        argumentSet("valid split without tags",
            named("valid"),
            List.of(revision("foo").withPercent(90L), revision("bar").withPercent(10L)), ""),
        argumentSet("invalid traffic entry (missing oneof)",
            named("valid"), List.of(target().withTag("foo").withPercent(100L)),
            "expected exactly one, got neither: spec.traffic[0].configurationName,"
                + " spec.traffic[0].revisionName"),
        argumentSet("invalid traffic entry (multiple names)",
            named("valid"),
            List.of(revision("bar").withTag("foo").withPercent(50L),
                revision("bar").withTag("foo").withPercent(50L)),
            "Multiple definitions for \"foo\": spec.traffic[0].tag, spec.traffic[1].tag"),
        argumentSet("invalid name - dots",
            named("do.not.use.dots"), List.of(revision("foo").withPercent(100L)),
            "not a DNS 1035 label: [" + DNS1035_MESSAGE + "]: metadata.name"),
        argumentSet("invalid name - dots and spec percent is not 100",
            named("do.not.use.dots"), List.of(revision("foo").withPercent(90L)),
            "Traffic targets sum to 90, want 100: spec.traffic\n"
                + "not a DNS 1035 label: [" + DNS1035_MESSAGE + "]: metadata.name"),
        argumentSet("invalid name - too long",
            named("a".repeat(64)), List.of(revision("foo").withPercent(100L)),
            "not a DNS 1035 label: [must be no more than 63 characters]: metadata.name"),
        argumentSet("invalid tag - not a DNS 1035 label",
            named("valid"), List.of(revision("bar").withTag("foo@").withPercent(100L)),
            "invalid value: not a DNS 1035 label: [" + DNS1035_MESSAGE + "]: spec.traffic.tag[0]"),
        argumentSet("DERIVED: too long and invalid, both messages",
            named("A".repeat(64)), List.of(revision("foo").withPercent(100L)),
            "not a DNS 1035 label: [must be no more than 63 characters " + DNS1035_MESSAGE
                + "]: metadata.name"),
        argumentSet("DERIVED: no name and no generateName",
            named(null), List.of(revision("foo").withPercent(100L)),
            "name or generateName is required: metadata.name"),
        argumentSet("DERIVED: a generateName may end in a dash",
            generated("route-"), List.of(revision("foo").withPercent(100L)), ""),
        argumentSet("DERIVED: an invalid generateName",
            generated("Route-"), List.of(revision("foo").withPercent(100L)),
            "not a DNS 1035 label prefix: [" + DNS1035_MESSAGE + "]: metadata.generateName"));
  }

  @ParameterizedTest
  @MethodSource("routes")
  void validatesARoute(ObjectMeta metadata, List<TrafficTarget> traffic, String expected) {
    assertThat(RouteValidator.validateRoute(metadata, traffic).render()).isEqualTo(expected);
  }

  static Stream<Arguments> services() {
    return Stream.of(
        argumentSet("valid run latest",
            named("valid"), List.of(target().withLatestRevision(true).withPercent(100L)), ""),
        argumentSet("valid release",
            named("valid"),
            List.of(revision("valid-00001").withTag("current").withLatestRevision(false)
                    .withPercent(98L),
                revision("valid-00002").withTag("candidate").withLatestRevision(false)
                    .withPercent(2L),
                target().withTag("latest").withLatestRevision(true)),
            ""),
        argumentSet("invalid configurationName",
            named("valid"),
            List.of(configuration("valid").withLatestRevision(true).withPercent(100L)),
            "must not set the field(s): spec.traffic[0].configurationName"),
        argumentSet("invalid latestRevision",
            named("valid"),
            List.of(revision("valid").withLatestRevision(true).withPercent(100L)),
            "may not set revisionName \"valid\" when latestRevision is true:"
                + " spec.traffic[0].latestRevision"),
        argumentSet("invalid rollout duration annotation",
            annotated("valid", Map.of(ROLLOUT, "CLXXXIIIs")),
            List.of(target().withLatestRevision(true).withPercent(100L)),
            "invalid value: CLXXXIIIs: metadata.annotations." + ROLLOUT));
  }

  @ParameterizedTest
  @MethodSource("services")
  void validatesAService(ObjectMeta metadata, List<TrafficTarget> traffic, String expected) {
    assertThat(RouteValidator.validateService(metadata, traffic).render()).isEqualTo(expected);
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        argumentSet("route: missing url in status",
            List.of(revision("foo").withTag("bar").withPercent(100L)),
            "missing field(s): status.traffic[0].url"),
        argumentSet("service: status update with invalid status",
            List.of(revision("foo").withTag("bar").withPercent(50L).withUrl("http://foo.bar.com")),
            "Traffic targets sum to 50, want 100: status.traffic"),
        argumentSet("DERIVED: a resolved floating target in status",
            List.of(revision("foo").withLatestRevision(true).withPercent(100L)), ""));
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void validatesStatusTraffic(List<TrafficTarget> traffic, String expected) {
    assertThat(RouteValidator.validateStatusTraffic(traffic).render()).isEqualTo(expected);
  }

  static Stream<Arguments> rolloutDurations() {
    return Stream.of(
        argumentSet("update is ok", Map.of(ROLLOUT, "123s"), ""),
        argumentSet("update is not ok",
            Map.of(ROLLOUT, "three hours and seventeen seconds"),
            "invalid value: three hours and seventeen seconds: metadata.annotations." + ROLLOUT),
        argumentSet("DERIVED: sub-second",
            Map.of(ROLLOUT, "1.5s"),
            "rollout-duration=1.5s is not at second precision: metadata.annotations." + ROLLOUT),
        argumentSet("DERIVED: negative",
            Map.of(ROLLOUT, "-5s"),
            "rollout-duration=-5s must be positive: metadata.annotations." + ROLLOUT),
        argumentSet("DERIVED: negative and sub-second, precision checked first",
            Map.of(ROLLOUT, "-1.5s"),
            "rollout-duration=-1.5s is not at second precision: metadata.annotations." + ROLLOUT),
        argumentSet("DERIVED: minutes are whole seconds", Map.of(ROLLOUT, "2m"), ""),
        argumentSet("DERIVED: zero", Map.of(ROLLOUT, "0"), ""),
        argumentSet("DERIVED: empty is unset", Map.of(ROLLOUT, ""), ""),
        argumentSet("DERIVED: the legacy key is checked under its own name",
            Map.of(LEGACY_ROLLOUT, "soon"),
            "invalid value: soon: metadata.annotations." + LEGACY_ROLLOUT),
        argumentSet("DERIVED: the current key wins over the legacy one",
            Map.of(ROLLOUT, "10s", LEGACY_ROLLOUT, "soon"), ""));
  }

  @ParameterizedTest
  @MethodSource("rolloutDurations")
  void validatesTheRolloutDuration(Map<String, String> annotations, String expected) {
    List<TrafficTarget> traffic = List.of(revision("foo").withPercent(100L));
    assertThat(RouteValidator.validateRoute(annotated("valid", annotations), traffic).render())
        .isEqualTo(expected);
  }

  private static ObjectMeta generated(String generateName) {
    return new ObjectMeta(null, generateName, "default", null, null, null, null, null, null, null,
        null, null, null);
  }
}
