package dev.kanary.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.knative.TrafficTarget;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** reference/kserve.md §1.2 and the DERIVED vectors K1–K12 of §5.10. */
class TrafficPlannerTest {

  private static TrafficTarget latest(long p, String tag) {
    return TrafficTarget.latest(p).withTag(tag);
  }

  private static TrafficTarget prev(String revision, long p) {
    return TrafficTarget.revision(revision, p).withTag("prev");
  }

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of("K1 no canary, no rolled-out revision", null, "", null,
            List.of(latest(100, null))),
        Arguments.of("K2 no canary", null, "r1", null, List.of(latest(100, null))),
        Arguments.of("K3 no canary, tag routing", null, "r1", "true",
            List.of(latest(100, "latest"))),
        Arguments.of("K4 canary ignored before the first rollout", 20L, "", "true",
            List.of(latest(100, "latest"))),
        Arguments.of("K4b first revision with canary 0 is still 100% latest", 0L, "", null,
            List.of(latest(100, null))),
        Arguments.of("K4c null rolled-out revision reads as none", 20L, null, null,
            List.of(latest(100, null))),
        Arguments.of("K5 canary 20", 20L, "r1", null, List.of(latest(20, null), prev("r1", 80))),
        Arguments.of("K6 canary 20, tag routing", 20L, "r1", "true",
            List.of(latest(20, "latest"), prev("r1", 80))),
        Arguments.of("K7 canary 0 pins the previous revision", 0L, "r1", null,
            List.of(latest(0, null), prev("r1", 100))),
        Arguments.of("K8 canary 100 drops the prev target", 100L, "r1", "true",
            List.of(latest(100, "latest"))),
        Arguments.of("K9 canary 99", 99L, "r1", null, List.of(latest(99, null), prev("r1", 1))),
        Arguments.of("K10 annotation must be exactly \"true\"", 1L, "r1", "True",
            List.of(latest(1, null), prev("r1", 99))),
        Arguments.of("K11 above 100 passes through for Knative to reject", 150L, "r1", null,
            List.of(latest(150, null))),
        Arguments.of("K12 negative passes through for Knative to reject", -10L, "r1", null,
            List.of(latest(-10, null), prev("r1", 110))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void plansAsKServe(String name, Long canary, String lro, String tagAnnotation,
      List<TrafficTarget> expected) {
    assertThat(TrafficPlanner.plan(canary, lro, tagAnnotation)).isEqualTo(expected);
  }
}
