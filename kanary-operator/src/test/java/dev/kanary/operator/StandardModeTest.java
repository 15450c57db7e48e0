package dev.kanary.operator;

import static dev.kanary.operator.MockCluster.WAIT;
import static dev.kanary.operator.MockCluster.storageUri;
import static dev.kanary.operator.MockCluster.weights;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.kserve.ComponentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Standard mode against fabric8's mock API server, the real operator running: a canary without
 * Knative, a Deployment per revision and HTTPRoute weights between them. The tests play the
 * Deployment controller, marking a revision's Deployment Available.
 */
class StandardModeTest {
  @RegisterExtension
  static final MockCluster cluster = new MockCluster();

  private static String isvc(String name, String annotations) {
    return """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: %s
          annotations: {serving.kserve.io/deploymentMode: Standard%s}
        spec:
          predictor:
            minReplicas: 2
            model:
              modelFormat: {name: onnx}
              storageUri: s3://models/v1
        """.formatted(name, annotations.isEmpty() ? "" : ", " + annotations);
  }

  private static HTTPRoute awaitRoute(String name, Map<String, Integer> weights) {
    return await().atMost(WAIT).until(() -> cluster.route(name).orElse(null),
        r -> r != null && weights(r).equals(weights));
  }

  private static void awaitRollout(String isvc, String latestRolledout, String previous) {
    await().atMost(WAIT).untilAsserted(() -> {
      ComponentStatus predictor = cluster.predictor(isvc);
      assertThat(predictor.latestRolledoutRevision()).isEqualTo(latestRolledout);
      assertThat(predictor.previousRolledoutRevision()).isEqualTo(previous);
    });
  }

  /** Creates the InferenceService and brings its first revision up. */
  private static void createAndServe(String name, String annotations) {
    cluster.createIsvc(isvc(name, annotations));
    await().atMost(WAIT).until(() -> cluster.deployment(name + "-predictor-00001").isPresent());
    cluster.markAvailable(name + "-predictor-00001");
    awaitRoute(name + "-predictor", Map.of(name + "-predictor-00001", 100));
  }

  @Test
  void canaryPromoteAndRollbackMoveTheRouteWeights() {
    cluster.createIsvc(isvc("sk", ""));
    await().atMost(WAIT).until(() -> cluster.deployment("sk-predictor-00001").isPresent());
    assertThat(cluster.deployment("sk-predictor-00001").orElseThrow().getSpec().getReplicas())
        .isEqualTo(2);
    assertThat(cluster.service("sk-predictor-00001")).isPresent();
    // Nothing is routed to a revision that is not Available.
    assertThat(cluster.route("sk-predictor")).isEmpty();
    assertThat(cluster.status("sk").condition("Ready")).map(Condition::isUnknown).contains(true);

    cluster.markAvailable("sk-predictor-00001");
    HTTPRoute route = awaitRoute("sk-predictor", Map.of("sk-predictor-00001", 100));
    assertThat(route.getSpec().getHostnames())
        .containsExactly("sk-predictor.default.example.com", "sk.default.example.com");
    assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
      assertThat(parent.getNamespace()).isEqualTo("kanary-system");
      assertThat(parent.getName()).isEqualTo("kanary-gateway");
    });
    awaitRollout("sk", "sk-predictor-00001", null);
    assertThat(cluster.status("sk").condition("Ready")).map(Condition::isTrue).contains(true);
    assertThat(cluster.status("sk").url()).isEqualTo("http://sk.default.example.com");
    assertThat(cluster.status("sk").extra()).containsEntry("deploymentMode", "Standard");

    // A canary at 20% that is not Available yet gets weight 0; the stable keeps its replicas.
    cluster.editPredictor("sk", p -> {
      p.put("canaryTrafficPercent", 20);
      storageUri(p, "s3://models/v2");
    });
    awaitRoute("sk-predictor", Map.of("sk-predictor-00001", 100, "sk-predictor-00002", 0));
    assertThat(cluster.deployment("sk-predictor-00001").orElseThrow().getSpec().getReplicas())
        .isEqualTo(2);
    assertThat(cluster.route("prev-sk-predictor")).hasValueSatisfying(prev ->
        assertThat(weights(prev)).isEqualTo(Map.of("sk-predictor-00001", 100)));

    cluster.markAvailable("sk-predictor-00002");
    awaitRoute("sk-predictor", Map.of("sk-predictor-00002", 20, "sk-predictor-00001", 80));
    await().atMost(WAIT).until(() ->
        "sk-predictor-00002".equals(cluster.predictor("sk").latestReadyRevision()));
    assertThat(cluster.predictor("sk").latestRolledoutRevision()).isEqualTo("sk-predictor-00001");

    // Promote: all traffic to the canary; the previous revision stays up for a rollback.
    cluster.editPredictor("sk", p -> p.remove("canaryTrafficPercent"));
    awaitRoute("sk-predictor", Map.of("sk-predictor-00002", 100));
    awaitRollout("sk", "sk-predictor-00002", "sk-predictor-00001");
    assertThat(cluster.deployment("sk-predictor-00001")).isPresent();
    await().atMost(WAIT).until(() -> cluster.route("prev-sk-predictor").isEmpty());

    // Roll back: canaryTrafficPercent 0 pins the previous revision, in one write.
    cluster.editPredictor("sk", p -> p.put("canaryTrafficPercent", 0));
    awaitRoute("sk-predictor", Map.of("sk-predictor-00001", 100, "sk-predictor-00002", 0));
    awaitRollout("sk", "sk-predictor-00001", "sk-predictor-00001");
    assertThat(cluster.route("prev-sk-predictor")).hasValueSatisfying(prev ->
        assertThat(weights(prev)).isEqualTo(Map.of("sk-predictor-00001", 100)));
  }

  @Test
  void aFailingCanaryNeverTakesTraffic() {
    createAndServe("failing", "");
    cluster.editPredictor("failing", p -> {
      p.put("canaryTrafficPercent", 50);
      storageUri(p, "s3://models/broken");
    });
    await().atMost(WAIT).until(() -> cluster.deployment("failing-predictor-00002").isPresent());

    cluster.client.apps().deployments().inNamespace(MockCluster.NAMESPACE)
        .withName("failing-predictor-00002").editStatus(d -> {
          d.setStatus(new DeploymentStatusBuilder()
              .withConditions(new DeploymentConditionBuilder().withType("Available")
                  .withStatus("False").withReason("MinimumReplicasUnavailable")
                  .withMessage("Deployment does not have minimum availability.").build())
              .build());
          return d;
        });

    await().atMost(WAIT).untilAsserted(() -> assertThat(
        cluster.status("failing").condition("PredictorReady")).hasValueSatisfying(c -> {
          assertThat(c.isFalse()).isTrue();
          assertThat(c.reason()).isEqualTo("RevisionFailed");
        }));
    assertThat(weights(cluster.route("failing-predictor").orElseThrow())).isEqualTo(
        Map.of("failing-predictor-00001", 100, "failing-predictor-00002", 0));
  }

  @Test
  void tagRoutingAddsTagHostsAndHeaderRules() {
    createAndServe("tags", "serving.kserve.io/enable-tag-routing: \"true\"");
    cluster.editPredictor("tags", p -> {
      p.put("canaryTrafficPercent", 10);
      storageUri(p, "s3://models/v2");
    });
    await().atMost(WAIT).until(() -> cluster.deployment("tags-predictor-00002").isPresent());
    cluster.markAvailable("tags-predictor-00002");
    HTTPRoute main = awaitRoute("tags-predictor",
        Map.of("tags-predictor-00002", 10, "tags-predictor-00001", 90));

    assertThat(main.getSpec().getRules()).hasSize(3);
    assertThat(main.getSpec().getRules().subList(1, 3)).extracting(rule ->
            rule.getMatches().get(0).getHeaders().get(0).getValue() + " -> "
                + rule.getBackendRefs().get(0).getName())
        .containsExactly("latest -> tags-predictor-00002", "prev -> tags-predictor-00001");
    HTTPRoute latest = cluster.route("latest-tags-predictor").orElseThrow();
    assertThat(latest.getSpec().getHostnames())
        .containsExactly("latest-tags-predictor.default.example.com");
    assertThat(weights(latest)).isEqualTo(Map.of("tags-predictor-00002", 100));
    assertThat(weights(cluster.route("prev-tags-predictor").orElseThrow()))
        .isEqualTo(Map.of("tags-predictor-00001", 100));
    assertThat(cluster.predictor("tags").traffic()).extracting(t -> t.tag() + " " + t.url())
        .containsExactly("latest http://latest-tags-predictor.default.example.com",
            "prev http://prev-tags-predictor.default.example.com");
  }

  @Test
  void revisionsGoOnceNoRouteOrRollbackNeedsThem() {
    createAndServe("gc", "");
    for (String version : List.of("2", "3")) {
      cluster.editPredictor("gc", p -> storageUri(p, "s3://models/v" + version));
      String revision = "gc-predictor-0000" + version;
      await().atMost(WAIT).until(() -> cluster.deployment(revision).isPresent());
      cluster.markAvailable(revision);
      awaitRoute("gc-predictor", Map.of(revision, 100));
    }

    awaitRollout("gc", "gc-predictor-00003", "gc-predictor-00002");
    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(cluster.deployment("gc-predictor-00001")).isEmpty();
      assertThat(cluster.service("gc-predictor-00001")).isEmpty();
    });
    assertThat(cluster.deployment("gc-predictor-00002")).isPresent();
  }

  @Test
  void anObjectThatIsNotItsOwnIsLeftAlone() {
    cluster.client.apps().deployments().inNamespace(MockCluster.NAMESPACE).resource(
        new DeploymentBuilder()
            .withNewMetadata().withName("clash-predictor-00001").endMetadata()
            .withNewSpec().withReplicas(7).endSpec()
            .build()).create();

    cluster.createIsvc(isvc("clash", ""));

    await().atMost(WAIT).untilAsserted(() -> assertThat(
        cluster.status("clash").condition("PredictorReady")).hasValueSatisfying(c -> {
          assertThat(c.reason()).isEqualTo("ReconcileFailed");
          assertThat(c.message()).isEqualTo("Deployment default/clash-predictor-00001 exists and"
              + " belongs to something else; rename or delete it, or rename the"
              + " InferenceService");
        }));
    assertThat(cluster.deployment("clash-predictor-00001").orElseThrow().getSpec().getReplicas())
        .isEqualTo(7);
  }

  @Test
  void deletingTheInferenceServiceDeletesEverythingItMade() {
    createAndServe("gone", "serving.kserve.io/enable-tag-routing: \"true\"");
    await().atMost(WAIT).untilAsserted(
        () -> assertThat(cluster.route("latest-gone-predictor")).isPresent());

    cluster.deleteIsvc("gone");

    await().atMost(WAIT).untilAsserted(() -> {
      assertThat(cluster.isvc("gone")).isEmpty();
      assertThat(cluster.deployment("gone-predictor-00001")).isEmpty();
      assertThat(cluster.service("gone-predictor-00001")).isEmpty();
      assertThat(cluster.route("gone-predictor")).isEmpty();
      assertThat(cluster.route("latest-gone-predictor")).isEmpty();
    });
  }
}
