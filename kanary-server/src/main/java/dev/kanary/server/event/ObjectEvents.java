package dev.kanary.server.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.server.store.LabelSelector;
import dev.kanary.server.store.ListResult;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.StoredObject;
import dev.kanary.server.store.Watch;
import dev.kanary.server.store.WatchEvent;
import dev.kanary.server.store.WatchListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the Events of the object chain from the changes the controllers commit: an
 * InferenceService becoming Ready or losing it, a Service's new revision, latest ready revision
 * and traffic, a Revision becoming ready or failing. Watching the store, rather than calling
 * from each reconciler, sees every committed change once, whichever reconcile made it.
 *
 * <p>Each kind is listed first and then watched from the list's resourceVersion: what is there at
 * start is the baseline and raises no event, so a restart does not replay history.
 */
public final class ObjectEvents implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ObjectEvents.class);

  static final String ISVC_SOURCE = "inferenceservice-controller";
  static final String SERVICE_SOURCE = "service-controller";
  static final String REVISION_SOURCE = "revision-controller";

  private final ResourceStore store;
  private final EventRecorder recorder;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private ObjectEvents(ResourceStore store, EventRecorder recorder) {
    this.store = store;
    this.recorder = recorder;
  }

  public static ObjectEvents start(ResourceStore store, EventRecorder recorder) {
    ObjectEvents events = new ObjectEvents(store, recorder);
    for (ResourceType type : List.of(
        ResourceType.INFERENCE_SERVICE, ResourceType.SERVICE, ResourceType.REVISION)) {
      events.watch(type);
    }
    return events;
  }

  private void watch(ResourceType type) {
    Map<ObjectKey, JsonNode> seen = new ConcurrentHashMap<>();
    ListResult listed = store.list(type, null, LabelSelector.EVERYTHING);
    listed.items().forEach(object -> seen.put(object.key(), object.json()));
    watches.add(store.watch(type, null, listed.resourceVersion(), new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        StoredObject object = event.object();
        JsonNode after = object.json();
        JsonNode before = event.type() == WatchEvent.Type.DELETED
            ? seen.remove(object.key())
            : seen.put(object.key(), after);
        if (event.type() != WatchEvent.Type.DELETED) {
          try {
            changed(type, before, after);
          } catch (RuntimeException e) {
            log.warn("no event recorded for {}", object.key(), e);
          }
        }
      }

      @Override
      public void onClose(Throwable cause) {
        if (!closed && cause != null) {
          log.warn("{} event watch ended ({}); watching again", type.kind(), cause.toString());
          watch(type);
        }
      }
    }));
  }

  /** @param before the object as last seen, null when it is new */
  private void changed(ResourceType type, JsonNode before, JsonNode after) {
    if (type.equals(ResourceType.INFERENCE_SERVICE)) {
      inferenceService(before, after);
    } else if (type.equals(ResourceType.SERVICE)) {
      service(before, after);
    } else if (type.equals(ResourceType.REVISION)) {
      revision(before, after);
    }
  }

  /** KServe's events, with its words: Ready, and no longer Ready because of what. */
  private void inferenceService(JsonNode before, JsonNode after) {
    InvolvedObject isvc = InvolvedObject.of(after);
    String wasReady = conditionStatus(before, "Ready");
    String isReady = conditionStatus(after, "Ready");
    if ("True".equals(isReady) && !"True".equals(wasReady)) {
      recorder.normal(isvc, "InferenceServiceReady",
          "InferenceService [" + isvc.name() + "] is Ready", ISVC_SOURCE);
    } else if ("True".equals(wasReady) && !"True".equals(isReady)) {
      recorder.warning(isvc, "InferenceServiceNotReady", "InferenceService [" + isvc.name()
          + "] is no longer Ready because of: " + String.join(", ", failing(after)), ISVC_SOURCE);
    }
    JsonNode predictor = condition(after, "PredictorReady");
    if ("False".equals(predictor.path("status").asText())
        && !"False".equals(conditionStatus(before, "PredictorReady"))) {
      recorder.warning(isvc, predictor.path("reason").asText("PredictorNotReady"),
          predictor.path("message").asText(""), ISVC_SOURCE);
    }
  }

  /** Knative's LatestReadyUpdate, and the traffic split the route now serves. */
  private void service(JsonNode before, JsonNode after) {
    InvolvedObject service = InvolvedObject.of(after);
    String latestReady = after.at("/status/latestReadyRevisionName").asText("");
    if (!latestReady.isEmpty()
        && !latestReady.equals(before == null
            ? "" : before.at("/status/latestReadyRevisionName").asText(""))) {
      recorder.normal(service, "LatestReadyUpdate",
          "LatestReadyRevisionName updated to \"" + latestReady + "\"", SERVICE_SOURCE);
    }
    JsonNode traffic = after.at("/status/traffic");
    if (!traffic.isEmpty()
        && (before == null || !traffic.equals(before.at("/status/traffic")))) {
      recorder.normal(service, "TrafficUpdated", "Traffic: " + describe(traffic),
          SERVICE_SOURCE);
    }
  }

  /** Knative's "Created Revision", on the Service; then the revision's own readiness. */
  private void revision(JsonNode before, JsonNode after) {
    InvolvedObject revision = InvolvedObject.of(after);
    JsonNode labels = after.at("/metadata/labels");
    String serviceName = labels.path(ServingLabels.SERVICE).asText("");
    if (before == null && !serviceName.isEmpty()) {
      InvolvedObject service = new InvolvedObject(ResourceType.SERVICE.apiVersion(),
          ResourceType.SERVICE.kind(), revision.namespace(), serviceName,
          labels.path(ServingLabels.SERVICE_UID).asText(null));
      recorder.normal(service, "Created", "Created Revision \"" + revision.name() + "\"",
          SERVICE_SOURCE);
    }
    JsonNode ready = condition(after, "Ready");
    String status = ready.path("status").asText("");
    if (Objects.equals(status, conditionStatus(before, "Ready"))) {
      return;
    }
    if (status.equals("True")) {
      recorder.normal(revision, "RevisionReady",
          "Revision \"" + revision.name() + "\" is ready to serve", REVISION_SOURCE);
    } else if (status.equals("False")) {
      recorder.warning(revision, ready.path("reason").asText("RevisionFailed"),
          ready.path("message").asText(""), REVISION_SOURCE);
    }
  }

  /** {@code name 90%, other 10% (tag prev)}, as the server log writes a split. */
  static String describe(JsonNode traffic) {
    List<String> targets = new ArrayList<>();
    for (JsonNode target : traffic) {
      String tag = target.path("tag").asText("");
      targets.add(target.path("revisionName").asText() + " " + target.path("percent").asLong()
          + "%" + (tag.isEmpty() ? "" : " (tag " + tag + ")"));
    }
    return String.join(", ", targets);
  }

  private static List<String> failing(JsonNode object) {
    List<String> types = new ArrayList<>();
    for (JsonNode condition : object.at("/status/conditions")) {
      if (!condition.path("status").asText().equals("True")
          && condition.path("severity").asText("").isEmpty()
          && !condition.path("type").asText().equals("Ready")) {
        types.add(condition.path("type").asText());
      }
    }
    return types;
  }

  private static String conditionStatus(JsonNode object, String type) {
    return object == null ? null : condition(object, type).path("status").asText(null);
  }

  private static JsonNode condition(JsonNode object, String type) {
    for (JsonNode condition : object.at("/status/conditions")) {
      if (condition.path("type").asText().equals(type)) {
        return condition;
      }
    }
    return MissingNode.getInstance();
  }

  @Override
  public void close() {
    closed = true;
    watches.forEach(Watch::close);
  }
}
