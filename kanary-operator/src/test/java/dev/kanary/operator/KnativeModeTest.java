package dev.kanary.operator;

import static dev.kanary.operator.MockCluster.WAIT;
import static dev.kanary.operator.MockCluster.latest;
import static dev.kanary.operator.MockCluster.pinned;
import static dev.kanary.operator.MockCluster.routed;
import static dev.kanary.operator.MockCluster.storageUri;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.kserve.ComponentStatus;
import dev.kanary.core.kserve.InferenceServiceStatus;
import io.fabric8.knative.serving.v1.TrafficTarget;
import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Knative mode against fabric8's mock API server, the real operator running: KServe's envtest
 * canary scenario (reference/kserve.md §5.9) step for step, then promote, rollback, tag routing and
 * deletion. The tests play Knative, writing the Knative Service's status as KServe's envtest does.
 */
class KnativeModeTest {
  @RegisterExtension
  static final MockCluster cluster = new MockCluster();

  private static String isvc(String name, String annotations, String predictorFields) {
    return """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: %s
          annotations: {%s}
        spec:
          predictor:
            minReplicas: 1
            maxReplicas: 3
            model:
              modelFormat: {name: onnx}
              storageUri: s3://test/mnist/export
        %s
        """.formatted(name, annotations, predictorFields.indent(4));
  }

  /** Steps 1 to 3 of KServe's envtest, ending with revision-v2 promoted over revision-v1. */
  private static void rollOutV2(String name, String ksvc) {
    cluster.knativeReports(ksvc, "revision-v1", "revision-v1",
        routed("revision-v1", true, 100, null));
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(cluster.predictor(name).latestReadyRevision()).isEqualTo("revision-v1");
      assertThat(cluster.predictor(name).latestRolledoutRevision()).isEqualTo("revision-v1");
    });

    cluster.editPredictor(name, p -> {
      p.put("canaryTrafficPercent", 20);
      storageUri(p, "s3://test/mnist/export/v2");
    });
    await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.ksvcTraffic(ksvc))
        .isEqualTo(List.of(latest(20), pinned("revision-v1", 80, "prev"))));
    cluster.knativeReports(ksvc, "revision-v2", "revision-v2",
        routed("revision-v2", true, 20, null), routed("revision-v1", false, 80, "prev"));
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(cluster.predictor(name).latestReadyRevision()).isEqualTo("revision-v2");
      assertThat(cluster.predictor(name).latestRolledoutRevision()).isEqualTo("revision-v1");
    });

    cluster.editPredictor(name, p -> p.remove("canaryTrafficPercent"));
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(cluster.ksvcTraffic(ksvc)).isEqualTo(List.of(latest(100))));
    cluster.knativeReports(ksvc, "revision-v2", "revision-v2",
        routed("revision-v2", true, 100, null));
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(cluster.predictor(name).latestRolledoutRevision()).isEqualTo("revision-v2");
      assertThat(cluster.predictor(name).previousRolledoutRevision()).isEqualTo("revision-v1");
    });
  }

  @Test
  void kserveEnvtestCanaryScenario() {
    cluster.createIsvc(isvc("foo-canary", "", ""));
    var ksvc = cluster.awaitKsvc("foo-canary-predictor");

    var template = ksvc.getSpec().getTemplate();
    assertThat(ksvc.getSpec().getTraffic()).isEqualTo(List.of(latest(100)));
    assertThat(template.getMetadata().getAnnotations()).containsAllEntriesOf(Map.of(
        "autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev",
        "autoscaling.knative.dev/min-scale", "1",
        "autoscaling.knative.dev/max-scale", "3",
        "internal.serving.kserve.io/storage-initializer-sourceuri", "s3://test/mnist/export"));
    assertThat(ksvc.getMetadata().getLabels()).containsAllEntriesOf(Map.of(
        "serving.kserve.io/inferenceservice", "foo-canary", "component", "predictor"));
    assertThat(ksvc.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
      assertThat(owner.getKind()).isEqualTo("InferenceService");
      assertThat(owner.getName()).isEqualTo("foo-canary");
      assertThat(owner.getController()).isTrue();
    });
    Container server = template.getSpec().getContainers().get(0);
    assertThat(server.getName()).isEqualTo("kserve-container");
    assertThat(server.getImage()).isEqualTo("kanary/kanary:0.1.0");
    assertThat(template.getSpec().getInitContainers()).singleElement()
        .satisfies(init -> assertThat(init.getArgs())
            .containsExactly("s3://test/mnist/export", "/mnt/models"));

    // Step 1: revision-v1 is ready and takes all traffic.
    cluster.knativeReports("foo-canary-predictor", "revision-v1", "revision-v1",
        routed("revision-v1", true, 100, null));
    await().atMost(WAIT).untilAsserted(() -> {
      ComponentStatus predictor = cluster.predictor("foo-canary");
      assertThat(predictor.latestReadyRevision()).isEqualTo("revision-v1");
      assertThat(predictor.latestRolledoutRevision()).isEqualTo("revision-v1");
    });
    InferenceServiceStatus ready = cluster.status("foo-canary");
    assertThat(ready.condition("Ready")).map(Condition::isTrue).contains(true);
    assertThat(ready.condition("IngressReady")).map(Condition::isTrue).contains(true);
    assertThat(ready.url()).isEqualTo("http://foo-canary.default.example.com");
    assertThat(ready.address().url()).isEqualTo("http://foo-canary.default.svc.cluster.local");
    assertThat(ready.extra()).containsEntry("deploymentMode", "Knative");

    // Step 2: a new model at 20%; without tag routing only prev is tagged.
    cluster.editPredictor("foo-canary", p -> {
      p.put("canaryTrafficPercent", 20);
      storageUri(p, "s3://test/mnist/export/v2");
    });
    await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.ksvcTraffic("foo-canary-predictor"))
        .isEqualTo(List.of(latest(20), pinned("revision-v1", 80, "prev"))));
    cluster.knativeReports("foo-canary-predictor", "revision-v2", "revision-v2",
        routed("revision-v2", true, 20, null), routed("revision-v1", false, 80, "prev"));
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(cluster.predictor("foo-canary").latestReadyRevision())
            .isEqualTo("revision-v2"));
    assertThat(cluster.predictor("foo-canary").latestRolledoutRevision())
        .isEqualTo("revision-v1");

    // Step 3: promote by removing canaryTrafficPercent.
    cluster.editPredictor("foo-canary", p -> p.remove("canaryTrafficPercent"));
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(cluster.ksvcTraffic("foo-canary-predictor")).isEqualTo(List.of(latest(100))));
    cluster.knativeReports("foo-canary-predictor", "revision-v2", "revision-v2",
        routed("revision-v2", true, 100, null));
    await().atMost(WAIT).untilAsserted(() -> {
      ComponentStatus predictor = cluster.predictor("foo-canary");
      assertThat(predictor.latestRolledoutRevision()).isEqualTo("revision-v2");
      assertThat(predictor.previousRolledoutRevision()).isEqualTo("revision-v1");
    });
  }

  @Test
  void canaryZeroAfterAPromotionRollsBackToThePreviousRevision() {
    cluster.createIsvc(isvc("rollback", "", ""));
    cluster.awaitKsvc("rollback-predictor");
    rollOutV2("rollback", "rollback-predictor");

    // reference/kserve.md §2.5 E: the first write pins prev to the rolled-out revision...
    cluster.editPredictor("rollback", p -> p.put("canaryTrafficPercent", 0));
    await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.ksvcTraffic("rollback-predictor"))
        .isEqualTo(List.of(latest(0), pinned("revision-v2", 100, "prev"))));
    // ...Knative reports it, the status steps back, and the next write pins the previous one.
    cluster.knativeReports("rollback-predictor", "revision-v2", "revision-v2",
        routed("revision-v2", true, 0, null), routed("revision-v2", false, 100, "prev"));
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(cluster.ksvcTraffic("rollback-predictor"))
          .isEqualTo(List.of(latest(0), pinned("revision-v1", 100, "prev")));
      ComponentStatus predictor = cluster.predictor("rollback");
      assertThat(predictor.latestRolledoutRevision()).isEqualTo("revision-v1");
      assertThat(predictor.previousRolledoutRevision()).isEqualTo("revision-v1");
    });

    // §2.5 F: undoing the pin rolls revision-v2 out again.
    cluster.knativeReports("rollback-predictor", "revision-v2", "revision-v2",
        routed("revision-v2", true, 0, null), routed("revision-v1", false, 100, "prev"));
    cluster.editPredictor("rollback", p -> p.remove("canaryTrafficPercent"));
    await().atMost(WAIT).untilAsserted(() ->
        assertThat(cluster.ksvcTraffic("rollback-predictor")).isEqualTo(List.of(latest(100))));
    cluster.knativeReports("rollback-predictor", "revision-v2", "revision-v2",
        routed("revision-v2", true, 100, null));
    await().atMost(WAIT).untilAsserted(() -> {
      ComponentStatus predictor = cluster.predictor("rollback");
      assertThat(predictor.latestRolledoutRevision()).isEqualTo("revision-v2");
      assertThat(predictor.previousRolledoutRevision()).isEqualTo("revision-v1");
    });
  }

  @Test
  void tagRoutingAnnotationTagsTheLatestRevisionToo() {
    cluster.createIsvc(isvc("tagged", "serving.kserve.io/enable-tag-routing: \"true\"", ""));
    cluster.awaitKsvc("tagged-predictor");
    TrafficTarget latestTagged = latest(100).toBuilder().withTag("latest").build();
    assertThat(cluster.ksvcTraffic("tagged-predictor")).isEqualTo(List.of(latestTagged));

    cluster.knativeReports("tagged-predictor", "tagged-predictor-00001",
        "tagged-predictor-00001", routed("tagged-predictor-00001", true, 100, "latest"));
    await().atMost(WAIT).until(() -> "tagged-predictor-00001".equals(
        cluster.predictor("tagged").latestRolledoutRevision()));
    cluster.editPredictor("tagged", p -> {
      p.put("canaryTrafficPercent", 10);
      storageUri(p, "s3://test/mnist/export/v2");
    });
    await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.ksvcTraffic("tagged-predictor"))
        .isEqualTo(List.of(latest(10).toBuilder().withTag("latest").build(),
            pinned("tagged-predictor-00001", 90, "prev"))));

    TrafficTarget canary = routed("tagged-predictor-00002", true, 10, "latest").toBuilder()
        .withUrl("http://latest-tagged-predictor.default.example.com").build();
    TrafficTarget stable = routed("tagged-predictor-00001", false, 90, "prev").toBuilder()
        .withUrl("http://prev-tagged-predictor.default.example.com").build();
    cluster.knativeReports("tagged-predictor", "tagged-predictor-00002",
        "tagged-predictor-00002", canary, stable);
    await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.predictor("tagged").traffic())
        .extracting(t -> t.tag() + " " + t.percent() + " " + t.url())
        .containsExactly("latest 10 http://latest-tagged-predictor.default.example.com",
            "prev 90 http://prev-tagged-predictor.default.example.com"));
  }

  @Test
  void anAnnotationAloneIsEnoughToReconcile() {
    cluster.createIsvc(isvc("annotated", "", ""));
    cluster.awaitKsvc("annotated-predictor");

    cluster.editIsvc("annotated", r ->
        r.getMetadata().getAnnotations().put("serving.kserve.io/enable-tag-routing", "true"));

    await().atMost(WAIT).untilAsserted(() -> assertThat(cluster.ksvcTraffic("annotated-predictor"))
        .isEqualTo(List.of(latest(100).toBuilder().withTag("latest").build())));
  }

  @Test
  void anUnchangedServiceIsNotWrittenAgain() {
    cluster.createIsvc(isvc("steady", "", ""));
    cluster.awaitKsvc("steady-predictor");
    cluster.knativeReports("steady-predictor", "steady-predictor-00001",
        "steady-predictor-00001", routed("steady-predictor-00001", true, 100, null));
    await().atMost(WAIT).until(() -> "steady-predictor-00001".equals(
        cluster.predictor("steady").latestRolledoutRevision()));

    // Knative reports again; the operator reconciles, and has nothing to write.
    cluster.knativeReports("steady-predictor", "steady-predictor-00001",
        "steady-predictor-00002", routed("steady-predictor-00001", true, 100, null));
    String version = cluster.ksvc("steady-predictor").orElseThrow().getMetadata()
        .getResourceVersion();
    await().atMost(WAIT).until(() -> "steady-predictor-00002".equals(
        cluster.predictor("steady").latestReadyRevision()));

    assertThat(cluster.ksvc("steady-predictor").orElseThrow().getMetadata().getResourceVersion())
        .isEqualTo(version);
  }

  @Test
  void whatKServesWebhookRefusesIsReportedAndNothingIsWritten() {
    cluster.createIsvc(isvc("too-much", "", "canaryTrafficPercent: 150"));

    await().atMost(WAIT).untilAsserted(() -> assertThat(
        cluster.status("too-much").condition("PredictorReady")).hasValueSatisfying(c -> {
          assertThat(c.isFalse()).isTrue();
          assertThat(c.reason()).isEqualTo("InvalidSpec");
          assertThat(c.message())
              .isEqualTo("expected 0 <= 150 <= 100: spec.predictor.canaryTrafficPercent");
        }));
    assertThat(cluster.status("too-much").condition("Ready")).map(Condition::isFalse)
        .contains(true);
    assertThat(cluster.ksvc("too-much-predictor")).isEmpty();
  }

  @Test
  void aFormatWithoutARuntimeIsReported() {
    cluster.createIsvc(isvc("tf", "", "").replace("name: onnx", "name: tensorflow"));

    await().atMost(WAIT).untilAsserted(() -> assertThat(
        cluster.status("tf").condition("PredictorReady")).hasValueSatisfying(c -> {
          assertThat(c.reason()).isEqualTo("NoSupportingRuntime");
          assertThat(c.message())
              .isEqualTo("No runtime found to support predictor with model type: tensorflow");
        }));
    assertThat(cluster.ksvc("tf-predictor")).isEmpty();
  }

  @Test
  void deletingTheInferenceServiceDeletesItsKnativeService() {
    cluster.createIsvc(isvc("doomed", "", "").replace("metadata:\n",
        "metadata:\n  finalizers: [inferenceservice.finalizers]\n"));
    cluster.awaitKsvc("doomed-predictor");
    // KServe's finalizer, left from before kanary, gives way to kanary's own.
    await().atMost(WAIT).untilAsserted(() -> assertThat(
        cluster.isvc("doomed").orElseThrow().metadata().finalizers())
        .containsExactly("serving.kanary.io/finalizer"));

    cluster.deleteIsvc("doomed");

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(cluster.isvc("doomed")).isEmpty();
      assertThat(cluster.ksvc("doomed-predictor")).isEmpty();
    });
  }
}
