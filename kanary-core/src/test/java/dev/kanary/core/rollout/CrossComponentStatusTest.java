package dev.kanary.core.rollout;

import static dev.kanary.core.kserve.ComponentType.EXPLAINER;
import static dev.kanary.core.kserve.ComponentType.PREDICTOR;
import static dev.kanary.core.kserve.ComponentType.TRANSFORMER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionManager;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceServiceConditions;
import dev.kanary.core.kserve.InferenceServiceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** reference/kserve.md §5.4, TestPropagateCrossComponentStatus, case for case. */
class CrossComponentStatusTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final List<ComponentType> ALL = List.of(PREDICTOR, EXPLAINER, TRANSFORMER);
  private static final ConditionStatus T = ConditionStatus.TRUE;
  private static final ConditionStatus F = ConditionStatus.FALSE;
  private static final ConditionStatus U = ConditionStatus.UNKNOWN;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("all routes ready", Map.of("PredictorRouteReady", T,
                "ExplainerRoutesReady", T, "TransformerRouteReady", T), ALL, "RoutesReady", T, null),
        Arguments.of("explainer route not ready", Map.of("PredictorRouteReady", T,
                "ExplainerRoutesReady", F, "TransformerRouteReady", T), ALL, "RoutesReady", F,
            "ExplainerRoutesReady not ready"),
        Arguments.of("explainer route unknown", Map.of("PredictorRouteReady", T,
                "ExplainerRoutesReady", U, "TransformerRouteReady", T), ALL, "RoutesReady", U,
            "ExplainerRoutesReady not ready"),
        Arguments.of("no components", Map.of(), List.of(), "RoutesReady", T, null),
        Arguments.of("unknown aggregate type does nothing", Map.of(), List.of(PREDICTOR),
            "UnknownConditionType", null, null),
        Arguments.of("all configurations ready", Map.of("PredictorConfigurationReady", T,
                "ExplainerConfigurationReady", T, "TransformerConfigurationReady", T), ALL,
            "LatestDeploymentReady", T, null),
        Arguments.of("explainer configuration not ready", Map.of("PredictorConfigurationReady", T,
                "ExplainerConfigurationReady", F, "TransformerConfigurationReady", T), ALL,
            "LatestDeploymentReady", F, "ExplainerConfigurationReady not ready"),
        Arguments.of("a missing component condition counts as unknown",
            Map.of("PredictorRouteReady", T), List.of(PREDICTOR, TRANSFORMER), "RoutesReady", U,
            "TransformerRouteReady not ready"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rollsUp(String name, Map<String, ConditionStatus> components, List<ComponentType> types,
      String aggregate, ConditionStatus expected, String reason) {
    ConditionManager m = InferenceServiceConditions.SET.manage(List.of(), NOW).initialize();
    components.forEach((type, status) -> m.set(type, Condition.of(type, status, null, null)));
    InferenceServiceStatus status = InferenceServiceStatus.EMPTY.withConditions(m.conditions());

    InferenceServiceStatus after =
        CrossComponentStatus.propagate(status, types, aggregate, NOW);

    if (expected == null) {
      assertThat(after.condition(aggregate)).isEmpty();
    } else {
      Condition c = after.condition(aggregate).orElseThrow();
      assertThat(c.status()).isEqualTo(expected);
      assertThat(c.reason()).isEqualTo(reason);
    }
  }
}
