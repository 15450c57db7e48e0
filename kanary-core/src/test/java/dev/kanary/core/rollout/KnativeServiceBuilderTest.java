package dev.kanary.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.RevisionSpec;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.kserve.ComponentStatus;
import dev.kanary.core.kserve.PredictorSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * reference/kserve.md §5.1 (TestCreateKnativeService) and §5.2 (TestKsvcReconciler_Reconcile),
 * case for case, with the common metadata, status and "full" extension of those tests.
 */
class KnativeServiceBuilderTest {
  private static final ObjectMeta META = ObjectMeta.of("default", "test-service")
      .withLabels(Map.of("app", "test-app"))
      .withAnnotations(orderedMap(
          "serving.knative.dev/rollout-duration", "30s",
          "serving.knative.openshift.io/enablePassthrough", "true",
          "serving.kserve.io/enable-tag-routing", "true"));
  private static final ComponentStatus STATUS = new ComponentStatus("test-revision-2",
      "test-revision-2", "test-revision-0", "test-revision-1", null, null, null, null, null);
  private static final Set<String> DISALLOWED = Set.of("serving.knative.dev/revision");
  private static final RevisionSpec POD = new RevisionSpec(
      List.of(new Container("kserve-container", "test-image", null, null, null, null, null)),
      null, null, null, null);
  private static final PredictorSpec FULL = PredictorSpec.ofContainers(List.of())
      .withReplicas(1, 3).withContainerConcurrency(100L).withCanaryTrafficPercent(20L);
  private static final PredictorSpec FULL_WITH_TARGETS = new PredictorSpec(null, null, null, null,
      null, null, null, null, null, null, null, null, 1, 3, 10, "concurrency", 100L, 300L, 20L,
      null, null, null);

  private static Map<String, String> orderedMap(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Service build(PredictorSpec extension) {
    return KnativeServiceBuilder.build(META, extension, POD, STATUS, DISALLOWED);
  }

  @Test
  void withCanaryTrafficSplit() {
    Service ksvc = build(FULL_WITH_TARGETS);

    assertThat(ksvc.spec().traffic()).containsExactly(
        TrafficTarget.latest(20).withTag("latest"),
        TrafficTarget.revision("test-revision-1", 80).withTag("prev"));
    Map<String, String> template = ksvc.spec().template().metadata().annotations();
    assertThat(template).containsEntry("autoscaling.knative.dev/min-scale", "1")
        .containsEntry("autoscaling.knative.dev/max-scale", "3")
        .containsEntry("autoscaling.knative.dev/target", "10")
        .containsEntry("autoscaling.knative.dev/metric", "concurrency")
        .containsEntry("autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev")
        .containsEntry("serving.kserve.io/enable-tag-routing", "true")
        .doesNotContainKeys("serving.knative.dev/rollout-duration",
            "serving.knative.openshift.io/enablePassthrough");
    assertThat(ksvc.metadata().annotations())
        .containsEntry("serving.knative.dev/rollout-duration", "30s")
        .containsEntry("serving.knative.openshift.io/enablePassthrough", "true");
    assertThat(ksvc.spec().template().spec().timeoutSeconds()).isEqualTo(300L);
    assertThat(ksvc.spec().template().spec().responseStartTimeoutSeconds()).isEqualTo(300L);
    assertThat(ksvc.spec().template().spec().containerConcurrency()).isEqualTo(100L);
    assertThat(ksvc.metadata().labels()).containsEntry("app", "test-app");
  }

  @Test
  void withoutCanaryTraffic() {
    Service ksvc = build(PredictorSpec.ofContainers(List.of()));

    assertThat(ksvc.spec().traffic()).containsExactly(TrafficTarget.latest(100).withTag("latest"));
    Map<String, String> template = ksvc.spec().template().metadata().annotations();
    assertThat(template).containsEntry("autoscaling.knative.dev/min-scale", "1")
        .doesNotContainKey("autoscaling.knative.dev/max-scale");
    assertThat(ksvc.spec().template().spec().timeoutSeconds()).isNull();
    assertThat(ksvc.spec().template().spec().responseStartTimeoutSeconds()).isNull();
  }

  @Test
  void withCanary100Percent() {
    Service ksvc = build(PredictorSpec.ofContainers(List.of()).withCanaryTrafficPercent(100L));

    assertThat(ksvc.spec().traffic()).containsExactly(TrafficTarget.latest(100).withTag("latest"));
  }

  @Test
  void keepsAUserAutoscalingClassAndDropsDisallowedTemplateLabels() {
    ObjectMeta meta = META.withLabels(Map.of("app", "a", "serving.knative.dev/revision", "x"))
        .withAnnotations(Map.of("autoscaling.knative.dev/class", "hpa.autoscaling.knative.dev"));

    Service ksvc = KnativeServiceBuilder.build(meta, FULL, POD, STATUS, DISALLOWED);

    assertThat(ksvc.spec().template().metadata().annotations())
        .containsEntry("autoscaling.knative.dev/class", "hpa.autoscaling.knative.dev");
    assertThat(ksvc.spec().template().metadata().labels()).containsOnlyKeys("app");
    assertThat(ksvc.metadata().labels()).containsKey("serving.knative.dev/revision");
  }

  @Test
  void reconcileCreatesAServiceThatDoesNotExist() {
    Service desired = build(FULL_WITH_TARGETS);

    assertThat(KnativeServiceUpdate.reconcile(null, desired)).contains(desired);
  }

  @Test
  void reconcileUpdatesAServiceWithADifferentConfiguration() {
    Service desired = build(FULL_WITH_TARGETS);
    ObjectMeta oldMeta = ObjectMeta.of("default", "test-service")
        .withLabels(Map.of("app", "test-app-old"))
        .withAnnotations(orderedMap("serving.knative.dev/rollout-duration", "60s",
            "serving.knative.dev/creator", "someone", "serving.knative.dev/lastModifier", "other"));
    Service existing = Service.of(oldMeta, desired.spec().withTraffic(List.of())).withSpec(
        new dev.kanary.core.knative.ServiceSpec(
            new dev.kanary.core.knative.RevisionTemplate(desired.spec().template().metadata(),
                new RevisionSpec(List.of(new Container("kserve-container", "test-image-old", null,
                    null, null, null, null)), 50L, 200L, 200L, null)),
            List.of(), null));

    Service updated = KnativeServiceUpdate.reconcile(existing, desired).orElseThrow();

    assertThat(updated.metadata().labels()).containsEntry("app", "test-app");
    assertThat(updated.metadata().annotations())
        .containsEntry("serving.knative.dev/rollout-duration", "30s")
        .containsEntry("serving.knative.dev/creator", "someone")
        .containsEntry("serving.knative.openshift.io/enablePassthrough", "true");
    assertThat(updated.spec().traffic()).containsExactly(
        TrafficTarget.latest(20).withTag("latest"),
        TrafficTarget.revision("test-revision-1", 80).withTag("prev"));
    assertThat(updated.spec().template().spec().containers().get(0).image())
        .isEqualTo("test-image");
  }

  @Test
  void reconcileLeavesAnIdenticalServiceAlone() {
    Service desired = build(FULL_WITH_TARGETS);
    Service existing = desired.withMetadata(desired.metadata().withAnnotations(orderedMap(
        "serving.knative.dev/rollout-duration", "30s",
        "serving.knative.openshift.io/enablePassthrough", "true",
        "serving.knative.dev/creator", "someone")));

    assertThat(KnativeServiceUpdate.reconcile(existing, desired)).isEqualTo(Optional.empty());
  }

  @Test
  void reconcileRemovesAServiceLevelAnnotationTheUserDropped() {
    Service existing = build(FULL_WITH_TARGETS);
    Service desired = KnativeServiceBuilder.build(
        META.withAnnotations(Map.of()), FULL_WITH_TARGETS, POD, STATUS, DISALLOWED);

    Service updated = KnativeServiceUpdate.reconcile(existing, desired).orElseThrow();

    assertThat(updated.metadata().annotations())
        .doesNotContainKeys("serving.knative.dev/rollout-duration",
            "serving.knative.openshift.io/enablePassthrough");
  }
}
