package dev.kanary.operator.isvc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.kserve.ComponentStatus;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.InferenceServiceConditions;
import dev.kanary.core.kserve.InferenceServiceStatus;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** KServe's ingress step (reference/kserve.md §3.3) and the recorded deployment mode. */
class StatusStepsTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final InferenceService FOO =
      InferenceService.of(ObjectMeta.of("ns", "foo"), null);

  @ParameterizedTest
  @CsvSource({
      "http://foo-predictor.ns.example.com, http://foo.ns.example.com",
      "http://foo-predictor.ns.example.com:8080/x, http://foo.ns.example.com:8080/x",
      "http://foo.ns.example.com, http://foo.ns.example.com",
      "http://predictor-foo.ns.example.com, http://predictor-foo.ns.example.com"})
  void theInferenceServiceUrlDropsThePredictorSuffix(String component, String expected) {
    assertThat(StatusSteps.withoutPredictorSuffix(component)).isEqualTo(expected);
  }

  private static InferenceServiceStatus predictor(ConditionStatus ready, String url) {
    var conditions = InferenceServiceConditions.SET.manage(List.of(), NOW).initialize();
    switch (ready) {
      case TRUE -> conditions.markTrue("PredictorReady");
      case FALSE -> conditions.markFalse("PredictorReady", "RevisionFailed", "boom");
      case UNKNOWN -> conditions.markUnknown("PredictorReady", null, null);
    }
    return InferenceServiceStatus.EMPTY.withConditions(conditions.conditions())
        .withComponent(ComponentType.PREDICTOR,
            new ComponentStatus(null, null, null, null, null, url, null, null, null));
  }

  static Stream<Arguments> ingress() {
    String url = "http://foo-predictor.ns.example.com";
    return Stream.of(
        Arguments.of(ConditionStatus.TRUE, url, DeploymentMode.KNATIVE, ConditionStatus.TRUE,
            "http://foo.ns.example.com", "http://foo.ns.svc.cluster.local"),
        Arguments.of(ConditionStatus.TRUE, url, DeploymentMode.STANDARD, ConditionStatus.TRUE,
            "http://foo.ns.example.com", null),
        Arguments.of(ConditionStatus.TRUE, null, DeploymentMode.KNATIVE,
            ConditionStatus.UNKNOWN, null, null),
        Arguments.of(ConditionStatus.FALSE, url, DeploymentMode.KNATIVE, ConditionStatus.FALSE,
            null, null),
        Arguments.of(ConditionStatus.UNKNOWN, url, DeploymentMode.KNATIVE,
            ConditionStatus.UNKNOWN, null, null));
  }

  @ParameterizedTest(name = "predictor {0}, url {1}, {2}")
  @MethodSource("ingress")
  void ingressFollowsThePredictor(ConditionStatus predictorReady, String componentUrl,
      DeploymentMode mode, ConditionStatus ingressReady, String url, String address) {
    InferenceServiceStatus status =
        StatusSteps.ingress(predictor(predictorReady, componentUrl), FOO, mode, NOW);

    assertThat(status.condition("IngressReady").orElseThrow().status()).isEqualTo(ingressReady);
    assertThat(status.url()).isEqualTo(url);
    assertThat(status.address() == null ? null : status.address().url()).isEqualTo(address);
    if (ingressReady != ConditionStatus.TRUE) {
      assertThat(status.condition("IngressReady").orElseThrow().reason())
          .isEqualTo("Predictor ingress not created");
    }
  }

  @Test
  void theModeIsRecordedOnlyWhenAsked() {
    InferenceServiceStatus status = predictor(ConditionStatus.TRUE, null);

    assertThat(StatusSteps.finish(status, FOO, DeploymentMode.STANDARD, true, NOW).extra())
        .containsEntry("deploymentMode", "Standard");
    assertThat(StatusSteps.finish(status, FOO, DeploymentMode.STANDARD, false, NOW).extra())
        .doesNotContainKey("deploymentMode");
  }
}
