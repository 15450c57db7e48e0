package dev.kanary.server.revision;

import static dev.kanary.core.revision.RoutingState.ACTIVE;
import static dev.kanary.core.revision.RoutingState.PENDING;
import static dev.kanary.core.revision.RoutingState.RESERVE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.revision.RoutingState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RevisionScalerTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final Duration WARM = Duration.ofMinutes(10);

  static Stream<Arguments> decisions() {
    return Stream.of(
        argumentSet("routed: one replica by default", ACTIVE, 0, null, null, 0, false, GRACE,
            new ScaleDecision(1, Optional.empty())),
        argumentSet("pending: started so it can become ready", PENDING, 0, null, null, 0, false,
            GRACE, new ScaleDecision(1, Optional.empty())),
        argumentSet("min-scale", ACTIVE, 0, "3", null, 1, false, GRACE,
            new ScaleDecision(3, Optional.empty())),
        argumentSet("min-scale 0 still runs one: nothing would wake it", ACTIVE, 0, "0", null, 0,
            false, GRACE, new ScaleDecision(1, Optional.empty())),
        argumentSet("max-scale caps min-scale", ACTIVE, 0, "4", "2", 0, false, GRACE,
            new ScaleDecision(2, Optional.empty())),
        argumentSet("failed: scaled down even when routed", ACTIVE, 0, null, null, 1, true, GRACE,
            new ScaleDecision(0, Optional.empty())),
        argumentSet("unrouted within the grace period keeps its replicas", RESERVE, 10, null, null,
            1, false, GRACE, new ScaleDecision(1, Optional.of(Duration.ofSeconds(20)))),
        argumentSet("unrouted past the grace period stops", RESERVE, 31, null, null, 1, false,
            GRACE, new ScaleDecision(0, Optional.empty())),
        argumentSet("previous rolled-out stays warm", RESERVE, 300, null, null, 1, false, WARM,
            new ScaleDecision(1, Optional.of(Duration.ofSeconds(300)))),
        argumentSet("previous rolled-out past its window stops", RESERVE, 601, null, null, 1,
            false, WARM, new ScaleDecision(0, Optional.empty())),
        argumentSet("unrouted and stopped is not started again", RESERVE, 5, null, null, 0, false,
            WARM, new ScaleDecision(0, Optional.empty())));
  }

  @ParameterizedTest
  @MethodSource("decisions")
  void decides(RoutingState state, int secondsSinceChange, String minScale, String maxScale,
      int running, boolean failed, Duration keepWarm, ScaleDecision expected) {
    Map<String, String> annotations = new HashMap<>();
    if (minScale != null) {
      annotations.put("autoscaling.knative.dev/min-scale", minScale);
    }
    if (maxScale != null) {
      annotations.put("autoscaling.knative.dev/max-scale", maxScale);
    }
    Revision revision = new Revision(Revision.API_VERSION, Revision.KIND,
        ObjectMeta.of("ns", "svc-00001").withAnnotations(annotations), null, null, null);

    ScaleDecision decision = RevisionScaler.decide(revision, state,
        NOW.minusSeconds(secondsSinceChange), running, failed, keepWarm, NOW);

    assertThat(decision).isEqualTo(expected);
  }
}
