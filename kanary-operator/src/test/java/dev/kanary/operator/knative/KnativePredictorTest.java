package dev.kanary.operator.knative;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.core.knative.Service;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The server-side dry-run comparison as a pure function: fabric8's mock API server stores dry runs
 * instead of discarding them, so the tests on it turn dry runs off, and this stands in a function
 * for Knative's defaulting webhook.
 */
class KnativePredictorTest {
  private static final String DESIRED = """
      apiVersion: serving.knative.dev/v1
      kind: Service
      metadata:
        name: iris-predictor
        namespace: default
        labels: {component: predictor}
        annotations: {serving.kserve.io/deploymentMode: Knative}
      spec:
        template:
          metadata:
            annotations: {autoscaling.knative.dev/min-scale: "1"}
          spec:
            containers:
            - {name: kserve-container, image: "server:1"}
        traffic:
        - {latestRevision: true, percent: 100}
      """;

  /** What Knative's webhook adds to a Service it stores. */
  private static final UnaryOperator<Service> WEBHOOK = service -> {
    ObjectNode tree = (ObjectNode) Json.toTree(service);
    ObjectNode spec = (ObjectNode) tree.at("/spec/template/spec");
    spec.put("containerConcurrency", 0).put("timeoutSeconds", 300)
        .put("enableServiceLinks", false);
    ((ObjectNode) spec.at("/containers/0")).putObject("readinessProbe")
        .putObject("tcpSocket").put("port", 0);
    return Json.convert(tree, Service.class);
  };

  private static Service service(String yaml) {
    try {
      return Json.yaml().readValue(yaml, Service.class);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  /** The Service as stored: defaulted, with the system fields and Knative's annotations. */
  private static Service stored(Service desired) {
    Service defaulted = WEBHOOK.apply(desired);
    Map<String, String> annotations = new LinkedHashMap<>(
        defaulted.metadata().annotations());
    annotations.put("serving.knative.dev/creator", "system:serviceaccount:kanary");
    annotations.put("serving.knative.dev/lastModifier", "system:serviceaccount:kanary");
    return defaulted.withMetadata(defaulted.metadata().withAnnotations(annotations)
        .withSystemFields("uid-1", 3L, "42", Instant.parse("2025-01-01T00:00:00Z")));
  }

  @Test
  void theDryRunIsTheDesiredServiceAsAnUpdateOfTheExistingOne() {
    Service desired = service(DESIRED);
    Service request = KnativePredictor.dryRunRequest(stored(desired), desired);

    assertThat(request.metadata().resourceVersion()).isEqualTo("42");
    assertThat(request.metadata().uid()).isEqualTo("uid-1");
    assertThat(request.metadata().generation()).isEqualTo(3L);
    assertThat(request.metadata().annotations()).containsEntry(
        "serving.knative.dev/creator", "system:serviceaccount:kanary");
    assertThat(request.spec()).isEqualTo(desired.spec());
  }

  @Test
  void webhookDefaultsCauseNoWriteWithTheDryRunButOneWithout() {
    Service desired = service(DESIRED);
    Service existing = stored(desired);

    assertThat(KnativePredictor.update(existing, desired,
        wanted -> WEBHOOK.apply(KnativePredictor.dryRunRequest(existing, wanted)))).isEmpty();
    assertThat(KnativePredictor.update(existing, desired, UnaryOperator.identity())).isPresent();
  }

  @Test
  void aRealChangeIsWrittenAsTheWebhookDefaultsIt() {
    Service existing = stored(service(DESIRED));
    Service changed = service(DESIRED.replace("server:1", "server:2"));

    Optional<Service> update = KnativePredictor.update(existing, changed,
        wanted -> WEBHOOK.apply(KnativePredictor.dryRunRequest(existing, wanted)));

    assertThat(update).hasValueSatisfying(written -> {
      assertThat(written.spec().template().spec().containers().getFirst().image())
          .isEqualTo("server:2");
      assertThat(written.spec().template().spec().timeoutSeconds()).isEqualTo(300L);
      assertThat(written.metadata().resourceVersion()).isEqualTo("42");
    });
  }
}
