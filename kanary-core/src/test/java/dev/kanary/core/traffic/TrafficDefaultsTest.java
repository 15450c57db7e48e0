package dev.kanary.core.traffic;

import static dev.kanary.core.traffic.TrafficFixtures.configuration;
import static dev.kanary.core.traffic.TrafficFixtures.revision;
import static dev.kanary.core.traffic.TrafficFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.knative.TrafficTarget;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Knative's route defaulting (knative.md §1.2, route_defaults.go). */
class TrafficDefaultsTest {
  static Stream<Arguments> blocks() {
    return Stream.of(
        argumentSet("a Service's empty traffic goes 100% to the latest revision",
            true, List.of(), List.of(target().withLatestRevision(true).withPercent(100L))),
        argumentSet("a standalone route's empty traffic stays empty (and fails validation)",
            false, List.of(), List.of()),
        argumentSet("a pinned revision does not float",
            true, List.of(revision("a").withPercent(100L)),
            List.of(revision("a").withLatestRevision(false).withPercent(100L))),
        argumentSet("a target naming no revision floats",
            true, List.of(target().withTag("t").withPercent(100L)),
            List.of(target().withTag("t").withLatestRevision(true).withPercent(100L))),
        argumentSet("a configuration floats",
            false, List.of(configuration("c").withPercent(100L)),
            List.of(configuration("c").withLatestRevision(true).withPercent(100L))),
        argumentSet("a missing percent is 0",
            true, List.of(revision("a").withPercent(100L), target().withTag("latest")),
            List.of(revision("a").withLatestRevision(false).withPercent(100L),
                target().withTag("latest").withLatestRevision(true).withPercent(0L))),
        argumentSet("explicit values are kept, even invalid ones for validation to report",
            true, List.of(revision("a").withLatestRevision(true).withPercent(100L)),
            List.of(revision("a").withLatestRevision(true).withPercent(100L))));
  }

  @ParameterizedTest
  @MethodSource("blocks")
  void defaults(boolean serviceOwned, List<TrafficTarget> traffic, List<TrafficTarget> expected) {
    assertThat(TrafficDefaults.apply(traffic, serviceOwned)).isEqualTo(expected);
  }
}
