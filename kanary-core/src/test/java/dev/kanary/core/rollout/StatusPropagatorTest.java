package dev.kanary.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.knative.Addressable;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.kserve.ComponentStatus;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceServiceConditions;
import dev.kanary.core.kserve.InferenceServiceStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** reference/kserve.md §2.2, the tables of §5.3 and the DERIVED vectors P1–P14 of §5.10. */
class StatusPropagatorTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final List<Condition> ALL_READY = List.of(
      Condition.of("Foo", ConditionStatus.TRUE, null, null),
      Condition.of("RoutesReady", ConditionStatus.TRUE, null, null),
      Condition.of("ConfigurationsReady", ConditionStatus.TRUE, null, null),
      Condition.of("Ready", ConditionStatus.TRUE, null, null));

  /** (revision, latestRevision, percent, tag) as the tables write it. */
  private static TrafficTarget t(String rev, boolean latest, Long percent, String tag) {
    return new TrafficTarget(tag, rev, null, latest, percent, null);
  }

  private static InferenceServiceStatus prior(String lro, String pro) {
    return InferenceServiceStatus.EMPTY.withComponent(ComponentType.PREDICTOR,
        new ComponentStatus(null, null, pro, lro, null, null, null, null, null));
  }

  private static ServiceStatus knative(String created, String ready, TrafficTarget... traffic) {
    return new ServiceStatus(1L, ALL_READY, created, ready, "http://x.default.example.com", null,
        List.of(traffic), null);
  }

  static Stream<Arguments> vectors() {
    return Stream.of(
        Arguments.of("P1 first rollout", prior("", ""),
            knative("r1", "r1", t("r1", true, 100L, null)), "r1", ""),
        Arguments.of("P2 canary 20 does not roll out", prior("r1", ""),
            knative("r2", "r2", t("r2", true, 20L, null), t("r1", false, 80L, "prev")), "r1", ""),
        Arguments.of("P3 promote", prior("r1", ""),
            knative("r2", "r2", t("r2", true, 100L, null)), "r2", "r1"),
        Arguments.of("P4 rollback after a promotion", prior("r2", "r1"),
            knative("r2", "r2", t("r2", true, 0L, null), t("r2", false, 100L, "prev")),
            "r1", "r1"),
        Arguments.of("P5 same-revision split without a previous: no rollback", prior("r1", ""),
            knative("r1", "r1", t("r1", true, 10L, null), t("r1", false, 90L, "prev")), "r1", ""),
        Arguments.of("P6 ready != created: no rollback", prior("r2", "r1"),
            knative("r3", "r2", t("r2", true, 20L, null), t("r2", false, 80L, "prev")),
            "r2", "r1"),
        Arguments.of("P7 new revision not ready yet", prior("r1", ""),
            knative("r2", "r1", t("r1", true, 100L, null)), "r1", ""),
        Arguments.of("P8 revision total 90: no rollback", prior("r1", ""),
            knative("r1", "r1", t("r1", true, 90L, null)), "r1", ""),
        Arguments.of("P9 revision total 30: no rollback", prior("r2", "r1"),
            knative("r2", "r2", t("r2", true, 30L, null), t("r1", false, 70L, "prev")),
            "r2", "r1"),
        Arguments.of("P10 null percent ignored", prior("r1", ""),
            knative("r2", "r2", t("r2", true, 100L, null), t("r1", false, null, "prev")),
            "r2", "r1"),
        Arguments.of("P11 entry for a revision that is not the latest ready is ignored",
            prior("r1", ""), knative("r2", "r1", t("r2", true, 100L, null)), "r1", ""),
        Arguments.of("P12 steady state", prior("r2", "r1"),
            knative("r2", "r2", t("r2", true, 100L, null)), "r2", "r1"),
        Arguments.of("P13 no previous: no rollback", prior("r2", ""),
            knative("r2", "r2", t("r2", true, 0L, null), t("r2", false, 100L, "prev")), "r2", ""),
        Arguments.of("P14 roll forward after a rollback", prior("r1", "r1"),
            knative("r2", "r2", t("r2", true, 100L, null)), "r2", "r1"),
        Arguments.of("§5.3 rolled-out revision at 90 stays", prior("test-predictor-default-0001", ""),
            knative("test-predictor-default-0001", "test-predictor-default-0001",
                t("test-predictor-default-0001", true, 90L, null)),
            "test-predictor-default-0001", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void tracksRolloutHistory(String name, InferenceServiceStatus prior, ServiceStatus service,
      String lro, String pro) {
    ComponentStatus after =
        StatusPropagator.propagate(prior, ComponentType.PREDICTOR, service, NOW)
            .component(ComponentType.PREDICTOR);
    assertThat(after.latestRolledoutOrEmpty()).as("latestRolledoutRevision").isEqualTo(lro);
    assertThat(after.previousRolledoutOrEmpty()).as("previousRolledoutRevision").isEqualTo(pro);
    assertThat(after.latestReadyRevision()).isEqualTo(service.latestReadyRevisionName());
    assertThat(after.latestCreatedRevision()).isEqualTo(service.latestCreatedRevisionName());
    assertThat(after.traffic()).isEqualTo(service.traffic());
  }

  @Test
  void trafficRoutingForLatestRevision() {
    ServiceStatus service = new ServiceStatus(1L, ALL_READY, null, "test-predictor-default-0001",
        "http://test-predictor-default.default.example.com", new Addressable(null),
        List.of(t("test-predictor-default-0001", true, 100L, null)), null);

    InferenceServiceStatus status = StatusPropagator.propagate(
        InferenceServiceStatus.EMPTY, ComponentType.PREDICTOR, service, NOW);

    assertThat(status.condition("PredictorReady")).get()
        .extracting(Condition::status).isEqualTo(ConditionStatus.TRUE);
    ComponentStatus predictor = status.component(ComponentType.PREDICTOR);
    assertThat(predictor.traffic().get(0)).isEqualTo(service.traffic().get(0));
    assertThat(predictor.latestRolledoutRevision()).isEqualTo("test-predictor-default-0001");
    assertThat(predictor.previousRolledoutRevision()).isNull();
    assertThat(predictor.url()).isEqualTo("http://test-predictor-default.default.example.com");
    assertThat(status.observedGeneration()).isEqualTo(1L);
  }

  @Test
  void urlAndAddressChangeOnlyWhileReady() {
    InferenceServiceStatus before = InferenceServiceStatus.EMPTY.withComponent(
        ComponentType.PREDICTOR, new ComponentStatus(null, null, null, null, null,
            "http://old.example.com", null, null, new Addressable("http://old.local")));
    ServiceStatus notReady = new ServiceStatus(2L,
        List.of(Condition.of("Ready", ConditionStatus.FALSE, "RevisionFailed", "boom")),
        "r2", "r1", "http://new.example.com", new Addressable("http://new.local"),
        List.of(t("r1", true, 100L, null)), null);

    ComponentStatus after = StatusPropagator.propagate(
        before, ComponentType.PREDICTOR, notReady, NOW).component(ComponentType.PREDICTOR);

    assertThat(after.url()).isEqualTo("http://old.example.com");
    assertThat(after.address()).isEqualTo(new Addressable("http://old.local"));
  }

  @Test
  void knativeNotReadyMakesPredictorAndInferenceServiceNotReadyWithItsReason() {
    ServiceStatus failed = new ServiceStatus(1L,
        List.of(Condition.of("Ready", ConditionStatus.FALSE, "RevisionFailed", "model missing")),
        "r1", null, null, null, null, null);

    InferenceServiceStatus status = StatusPropagator.propagate(
        InferenceServiceStatus.EMPTY, ComponentType.PREDICTOR, failed, NOW);

    for (String type : List.of("PredictorReady", "Ready")) {
      Condition c = status.condition(type).orElseThrow();
      assertThat(c.status()).as(type).isEqualTo(ConditionStatus.FALSE);
      assertThat(c.reason()).as(type).isEqualTo("RevisionFailed");
      assertThat(c.message()).as(type).isEqualTo("model missing");
    }
  }

  @Test
  void noKnativeConditionsLeavesPredictorReadyAloneButReplacesTraffic() {
    InferenceServiceStatus before = InferenceServiceStatus.EMPTY
        .withConditions(InferenceServiceConditions.SET.manage(List.of(), NOW)
            .markTrue("PredictorReady").conditions())
        .withComponent(ComponentType.PREDICTOR, new ComponentStatus(null, null, null, null,
            List.of(t("r0", true, 100L, null)), null, null, null, null));
    ServiceStatus bare = new ServiceStatus(null, null, "r1", "r1", null, null,
        List.of(t("r1", true, 100L, null)), null);

    InferenceServiceStatus after = StatusPropagator.propagate(
        before, ComponentType.PREDICTOR, bare, NOW);

    assertThat(after.condition("PredictorReady")).isEqualTo(before.condition("PredictorReady"));
    assertThat(after.component(ComponentType.PREDICTOR).traffic())
        .containsExactly(t("r1", true, 100L, null));
  }

  @Test
  void predictorReadyAloneWithoutInitializingLeavesReadyUnknown() {
    InferenceServiceStatus status = StatusPropagator.propagate(InferenceServiceStatus.EMPTY,
        ComponentType.PREDICTOR, knative("r1", "r1", t("r1", true, 100L, null)), NOW);

    assertThat(status.condition("PredictorReady").orElseThrow().status())
        .isEqualTo(ConditionStatus.TRUE);
    assertThat(status.condition("Ready").orElseThrow().status())
        .isEqualTo(ConditionStatus.UNKNOWN);
  }

  static Stream<Arguments> conditionMappings() {
    return Stream.of(
        Arguments.of(ComponentType.PREDICTOR,
            List.of("PredictorReady", "PredictorRouteReady", "PredictorConfigurationReady")),
        Arguments.of(ComponentType.TRANSFORMER,
            List.of("TransformerReady", "TransformerRouteReady", "TransformerConfigurationReady")),
        Arguments.of(ComponentType.EXPLAINER,
            List.of("ExplainerReady", "ExplainerRoutesReady", "ExplainerConfigurationReady")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("conditionMappings")
  void mapsKnativeConditionsPerComponent(ComponentType component, List<String> expected) {
    ServiceStatus service = new ServiceStatus(1L, List.of(
        Condition.of("Ready", ConditionStatus.FALSE, "R1", "m1"),
        Condition.of("RoutesReady", ConditionStatus.UNKNOWN, "R2", "m2"),
        Condition.of("ConfigurationsReady", ConditionStatus.TRUE, "R3", "m3")),
        "r1", "r1", null, null, null, null);

    InferenceServiceStatus status =
        StatusPropagator.propagate(InferenceServiceStatus.EMPTY, component, service, NOW);

    List<Condition> mapped = new ArrayList<>();
    expected.forEach(type -> mapped.add(status.condition(type).orElseThrow()));
    assertThat(mapped).extracting(Condition::status).containsExactly(
        ConditionStatus.FALSE, ConditionStatus.UNKNOWN, ConditionStatus.TRUE);
    assertThat(mapped).extracting(Condition::reason).containsExactly("R1", "R2", "R3");
    assertThat(mapped).extracting(Condition::message).containsExactly("m1", "m2", "m3");
  }
}
