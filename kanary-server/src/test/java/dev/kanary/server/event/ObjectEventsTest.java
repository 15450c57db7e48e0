package dev.kanary.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.SqliteResourceStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The events the controllers' committed changes raise, through a real store's watch. */
class ObjectEventsTest {
  @TempDir Path dataDir;
  private SqliteResourceStore store;
  private EventRecorder recorder;
  private ObjectEvents events;

  @BeforeEach
  void start() {
    store = SqliteResourceStore.open(dataDir, Clock.systemUTC());
    recorder = new EventRecorder(Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    events.close();
    store.close();
  }

  @Test
  void whatIsThereAtStartRaisesNothing() {
    store.create(ResourceType.REVISION, revision("r-00001"));
    events = ObjectEvents.start(store, recorder);

    store.create(ResourceType.REVISION, revision("r-00002"));

    awaitEvents("Created Revision \"r-00002\"");
  }

  @Test
  void aRevisionIsCreatedOnItsServiceThenBecomesReadyOrFails() {
    events = ObjectEvents.start(store, recorder);
    store.create(ResourceType.REVISION, revision("r-00001"));
    store.create(ResourceType.REVISION, revision("r-00002"));

    setStatus(ResourceType.REVISION, "r-00001", """
        {"conditions": [{"type": "Ready", "status": "True"}]}""");
    setStatus(ResourceType.REVISION, "r-00002", """
        {"conditions": [{"type": "Ready", "status": "False", "reason": "ExitCode1",
          "message": "Container failed with: no model"}]}""");

    awaitEvents("Created Revision \"r-00001\"", "Created Revision \"r-00002\"",
        "Revision \"r-00001\" is ready to serve", "Container failed with: no model");
    KubeEvent created = recorder.list("ns").get(0);
    assertThat(created.involvedObject())
        .isEqualTo(new InvolvedObject("serving.knative.dev/v1", "Service", "ns", "r", "uid-r"));
    KubeEvent failed = recorder.list("ns").get(3);
    assertThat(failed.type()).isEqualTo(KubeEvent.WARNING);
    assertThat(failed.reason()).isEqualTo("ExitCode1");
    assertThat(failed.involvedObject().name()).isEqualTo("r-00002");
  }

  @Test
  void aServiceReportsItsLatestReadyRevisionAndEachNewSplit() {
    events = ObjectEvents.start(store, recorder);
    store.create(ResourceType.SERVICE, object("serving.knative.dev/v1", "Service", "r"));

    setStatus(ResourceType.SERVICE, "r", """
        {"latestReadyRevisionName": "r-00001",
         "traffic": [{"revisionName": "r-00001", "percent": 100, "latestRevision": true}]}""");
    setStatus(ResourceType.SERVICE, "r", """
        {"latestReadyRevisionName": "r-00002",
         "traffic": [{"revisionName": "r-00002", "percent": 10, "latestRevision": true},
                     {"revisionName": "r-00001", "percent": 90, "tag": "prev"}]}""");

    awaitEvents("LatestReadyRevisionName updated to \"r-00001\"", "Traffic: r-00001 100%",
        "LatestReadyRevisionName updated to \"r-00002\"",
        "Traffic: r-00002 10%, r-00001 90% (tag prev)");
  }

  @Test
  void anInferenceServiceIsReadyThenNoLongerReadyInKServesWords() {
    events = ObjectEvents.start(store, recorder);
    store.create(ResourceType.INFERENCE_SERVICE,
        object("serving.kserve.io/v1beta1", "InferenceService", "iris"));

    setStatus(ResourceType.INFERENCE_SERVICE, "iris", """
        {"conditions": [{"type": "PredictorReady", "status": "True"},
                        {"type": "Ready", "status": "True"}]}""");
    setStatus(ResourceType.INFERENCE_SERVICE, "iris", """
        {"conditions": [{"type": "PredictorReady", "status": "False",
                         "reason": "NoSupportingRuntime",
                         "message": "No runtime found to support predictor with model type: x"},
                        {"type": "LatestDeploymentReady", "status": "False", "severity": "Info"},
                        {"type": "Ready", "status": "False"}]}""");

    awaitEvents("InferenceService [iris] is Ready",
        "InferenceService [iris] is no longer Ready because of: PredictorReady",
        "No runtime found to support predictor with model type: x");
    assertThat(recorder.list("ns").get(2).reason()).isEqualTo("NoSupportingRuntime");
  }

  private void awaitEvents(String... messages) {
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(recorder.list("ns")).extracting(KubeEvent::message)
            .containsExactly(messages));
  }

  private void setStatus(ResourceType type, String name, String status) {
    ObjectNode object = store.get(ObjectKey.of(type, "ns", name)).orElseThrow().json();
    object.set("status", parse(status));
    store.updateStatus(type, object);
  }

  private static ObjectNode revision(String name) {
    ObjectNode revision = object("serving.knative.dev/v1", "Revision", name);
    ((ObjectNode) revision.get("metadata")).putObject("labels")
        .put("serving.knative.dev/service", "r")
        .put("serving.knative.dev/serviceUID", "uid-r");
    return revision;
  }

  private static ObjectNode object(String apiVersion, String kind, String name) {
    return parse("""
        {"apiVersion": "%s", "kind": "%s", "metadata": {"name": "%s", "namespace": "ns"},
         "spec": {}}""".formatted(apiVersion, kind, name));
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) Json.json().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
