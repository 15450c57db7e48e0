package dev.kanary.core.traffic;

import static dev.kanary.core.traffic.TrafficFixtures.configuration;
import static dev.kanary.core.traffic.TrafficFixtures.revision;
import static dev.kanary.core.traffic.TrafficFixtures.revisionAndConfiguration;
import static dev.kanary.core.traffic.TrafficFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.knative.TrafficTarget;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Knative's {@code TestTrafficTargetValidation} ({@code route_validation_test.go}), row by row. */
class TrafficValidatorTest {
  private static final String QUALIFIED_NAME_DETAILS = "name part must consist of alphanumeric"
      + " characters, '-', '_' or '.', and must start and end with an alphanumeric character"
      + " (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
      + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  private static final TrafficContext SPEC = TrafficContext.spec();
  private static final TrafficContext STATUS = TrafficContext.status();
  private static final TrafficContext BARE = TrafficContext.bare();
  private static final TrafficContext DEFAULT_CONFIG = BARE.withDefaultConfigurationName();
  private static final TrafficContext DEFAULT_CONFIG_SPEC = SPEC.withDefaultConfigurationName();

  static Stream<Arguments> targets() {
    return Stream.of(
        argumentSet("valid with revisionName",
            SPEC, revision("bar").withPercent(12L), ""),
        argumentSet("valid with revisionName and name (spec)",
            SPEC, revision("bar").withTag("foo").withPercent(12L), ""),
        argumentSet("valid with revisionName and name (status)",
            STATUS, revision("bar").withTag("foo").withPercent(12L).withUrl("http://foo.bar.com"),
            ""),
        argumentSet("invalid with revisionName and name (status)",
            STATUS, revision("bar").withTag("foo").withPercent(12L),
            "missing field(s): url"),
        argumentSet("invalid with bad revisionName",
            SPEC, revision("b ar").withPercent(12L),
            "invalid key name \"b ar\": revisionName\n" + QUALIFIED_NAME_DETAILS),
        argumentSet("valid with revisionName and latestRevision",
            SPEC, revision("bar").withLatestRevision(false).withPercent(12L), ""),
        argumentSet("invalid with revisionName and latestRevision (spec)",
            SPEC, revision("bar").withLatestRevision(true).withPercent(12L),
            "may not set revisionName \"bar\" when latestRevision is true: latestRevision"),
        argumentSet("valid with revisionName and latestRevision (status)",
            STATUS, revision("bar").withLatestRevision(true).withPercent(12L), ""),
        argumentSet("valid with configurationName",
            SPEC, configuration("bar").withPercent(37L), ""),
        argumentSet("valid with configurationName and name (spec)",
            SPEC, configuration("bar").withTag("foo").withPercent(37L), ""),
        argumentSet("invalid with bad configurationName",
            SPEC, configuration("b ar").withPercent(37L),
            "invalid key name \"b ar\": configurationName\n" + QUALIFIED_NAME_DETAILS),
        argumentSet("valid with configurationName and latestRevision",
            SPEC, configuration("blah").withLatestRevision(true).withPercent(37L), ""),
        argumentSet("invalid with configurationName and latestRevision",
            SPEC, configuration("blah").withLatestRevision(false).withPercent(37L),
            "may not set revisionName \"\" when latestRevision is false: latestRevision"),
        argumentSet("invalid with configurationName and default configurationName",
            DEFAULT_CONFIG, configuration("blah").withPercent(37L),
            "must not set the field(s): configurationName"),
        argumentSet("valid with only default configurationName",
            DEFAULT_CONFIG_SPEC, target().withPercent(37L), ""),
        argumentSet("valid with default configurationName and latestRevision",
            DEFAULT_CONFIG_SPEC, target().withLatestRevision(true).withPercent(37L), ""),
        argumentSet("invalid with default configurationName and latestRevision",
            DEFAULT_CONFIG_SPEC, target().withLatestRevision(false).withPercent(37L),
            "may not set revisionName \"\" when latestRevision is false: latestRevision"),
        argumentSet("invalid without revisionName in status",
            STATUS, configuration("blah").withPercent(37L), "missing field(s): revisionName"),
        argumentSet("valid with revisionName and default configurationName",
            DEFAULT_CONFIG, revision("bar").withPercent(12L), ""),
        argumentSet("valid with no percent",
            BARE, configuration("booga"), ""),
        argumentSet("valid with nil percent",
            BARE, configuration("booga").withPercent(null), ""),
        argumentSet("valid with zero percent",
            BARE, configuration("booga").withPercent(0L), ""),
        argumentSet("valid with no name",
            BARE, configuration("booga").withPercent(100L), ""),
        argumentSet("invalid with both",
            BARE, revisionAndConfiguration("foo", "bar"),
            "expected exactly one, got both: configurationName, revisionName"),
        argumentSet("invalid with neither",
            BARE, target().withPercent(100L),
            "expected exactly one, got neither: configurationName, revisionName"),
        argumentSet("invalid percent too low",
            BARE, revision("foo").withPercent(-5L), "expected 0 <= -5 <= 100: percent"),
        argumentSet("invalid percent too high",
            BARE, revision("foo").withPercent(101L), "expected 0 <= 101 <= 100: percent"),
        argumentSet("disallowed url set",
            SPEC, configuration("foo").withPercent(100L).withUrl("should.not.be.set"),
            "must not set the field(s): url"));
  }

  @ParameterizedTest
  @MethodSource("targets")
  void validatesATarget(TrafficContext context, TrafficTarget target, String expected) {
    assertThat(TrafficValidator.validateTarget(target, context).render()).isEqualTo(expected);
  }

  static Stream<Arguments> blocks() {
    return Stream.of(
        argumentSet("errors of each target carry its index",
            List.of(revision("foo").withPercent(100L), revision("b ar").withPercent(0L)),
            "invalid key name \"b ar\": [1].revisionName\n" + QUALIFIED_NAME_DETAILS),
        argumentSet("DERIVED: empty tags are not tags (serving#5630)",
            List.of(revision("a").withTag("").withPercent(50L),
                revision("b").withTag("").withPercent(50L)),
            ""),
        argumentSet("DERIVED: a repeated tag is reported with both indexes",
            List.of(revision("a").withTag("x").withPercent(50L),
                revision("b").withTag("y").withPercent(0L),
                revision("c").withTag("x").withPercent(50L)),
            "Multiple definitions for \"x\": [0].tag, [2].tag"),
        // The sum is reported at the block itself, an empty path until the caller adds one.
        argumentSet("DERIVED: an empty block sums to 0",
            List.of(), "Traffic targets sum to 0, want 100: "),
        argumentSet("DERIVED: a missing percent counts as 0",
            List.of(revision("a").withPercent(60L), revision("b")),
            "Traffic targets sum to 60, want 100: "),
        argumentSet("DERIVED: a tag longer than a DNS label",
            List.of(revision("a").withTag("t".repeat(64)).withPercent(100L)),
            "invalid value: not a DNS 1035 label: [must be no more than 63 characters]: tag[0]"),
        argumentSet("DERIVED: a tag starting with a digit",
            List.of(revision("a").withTag("1st").withPercent(100L)),
            "invalid value: not a DNS 1035 label: [a DNS-1035 label must consist of lower case"
                + " alphanumeric characters or '-', start with an alphabetic character, and end"
                + " with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for"
                + " validation is '[a-z]([-a-z0-9]*[a-z0-9])?')]: tag[0]"),
        argumentSet("DERIVED: the same revision may appear untagged and under two tags",
            List.of(revision("a").withPercent(50L), revision("a").withTag("x").withPercent(25L),
                revision("a").withTag("y").withPercent(25L)),
            ""));
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void validatesABlock(List<TrafficTarget> traffic, String expected) {
    assertThat(TrafficValidator.validateTraffic(traffic, TrafficContext.spec()).render())
        .isEqualTo(expected);
  }
}
