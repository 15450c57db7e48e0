package dev.kanary.core.traffic;

import static dev.kanary.core.condition.ConditionStatus.TRUE;
import static dev.kanary.core.condition.ConditionStatus.UNKNOWN;
import static dev.kanary.core.traffic.TrafficFixtures.configuration;
import static dev.kanary.core.traffic.TrafficFixtures.newRevision;
import static dev.kanary.core.traffic.TrafficFixtures.revision;
import static dev.kanary.core.traffic.TrafficFixtures.revisionObject;
import static dev.kanary.core.traffic.TrafficFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.knative.TrafficTarget;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The labeler's choice of active revisions (metasync.go); rows DERIVED from knative.md §2.4. */
class RoutedRevisionsTest {
  private static final RouteIdentity SERVICE_ROUTE =
      RouteIdentity.ofService("default", "svc", "example.com");
  private static final TrafficLookup LOOKUP = TrafficLookup.of(
      List.of(new ConfigurationState("svc", "svc-00003", "svc-00002", UNKNOWN),
          new ConfigurationState("standalone", "standalone-00002", "standalone-00001", TRUE)),
      List.of(revisionObject("svc-00001", "svc", "svc", TRUE),
          revisionObject("svc-00002", "svc", "svc", TRUE),
          newRevision("svc-00003", "svc", "svc"),
          revisionObject("standalone-00001", "standalone", null, TRUE)));

  static Stream<Arguments> routes() {
    return Stream.of(
        argumentSet("DERIVED: floating keeps the latest ready and the latest created",
            List.of(target().withLatestRevision(true).withPercent(100L)),
            List.of(revision("svc-00002").withLatestRevision(true).withPercent(100L)),
            List.of("svc-00002", "svc-00003")),
        argumentSet("DERIVED: pinned keeps only the pinned revision",
            List.of(revision("svc-00001").withLatestRevision(false).withPercent(100L)),
            List.of(revision("svc-00001").withLatestRevision(false).withPercent(100L)),
            List.of("svc-00001")),
        argumentSet("DERIVED: a 0% tag is kept",
            List.of(revision("svc-00001").withLatestRevision(false).withPercent(100L),
                revision("svc-00002").withTag("t").withLatestRevision(false).withPercent(0L)),
            List.of(),
            List.of("svc-00001", "svc-00002")),
        argumentSet("DERIVED: while a change waits, old and new are both kept",
            List.of(revision("svc-00003").withLatestRevision(false).withPercent(100L)),
            List.of(revision("svc-00001").withLatestRevision(false).withPercent(100L)),
            List.of("svc-00001", "svc-00003")),
        argumentSet("DERIVED: a missing revision is not labelled",
            List.of(revision("svc-00009").withLatestRevision(false).withPercent(100L)),
            List.of(),
            List.of()),
        argumentSet("DERIVED: a named configuration's latest created is kept",
            List.of(configuration("standalone").withLatestRevision(true).withPercent(100L)),
            List.of(),
            List.of("standalone-00002")));
  }

  @ParameterizedTest
  @MethodSource("routes")
  void keeps(List<TrafficTarget> spec, List<TrafficTarget> status, List<String> expected) {
    assertThat(RoutedRevisions.of(SERVICE_ROUTE, spec, status, LOOKUP))
        .containsExactlyElementsOf(expected);
  }
}
