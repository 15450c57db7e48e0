package dev.kanary.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.server.event.InvolvedObject;
import dev.kanary.server.event.ReplicaEvents;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaStatus;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;

/**
 * A replica as a Kubernetes Pod, so that {@code get pods} reads as on a cluster: one container,
 * {@code kserve-container}, on 127.0.0.1; phase Running while a process is up or backing off;
 * the revision's labels (and {@code serving.knative.dev/revision}) on it. The Pod's creation time
 * is when its current process started.
 */
final class Pods {
  static final String CONTAINER = "kserve-container";
  static final String PORT_ANNOTATION = "serving.kanary.io/port";
  static final String PID_ANNOTATION = "serving.kanary.io/pid";
  static final String REVISION_LABEL = "serving.knative.dev/revision";

  private Pods() {}

  static InvolvedObject identity(ReplicaStatus replica) {
    return ReplicaEvents.pod(replica);
  }

  /** @param revision the revision the replica serves, as stored; missing when it is gone */
  static ObjectNode toJson(ReplicaStatus replica, JsonNode revision) {
    InvolvedObject id = identity(replica);
    ObjectNode pod = Json.json().createObjectNode();
    pod.put("apiVersion", "v1");
    pod.put("kind", "Pod");
    ObjectNode meta = pod.putObject("metadata");
    meta.put("name", id.name());
    meta.put("namespace", id.namespace());
    meta.put("creationTimestamp", seconds(replica.startedAt()));
    if (replica.phase() == ReplicaPhase.STOPPING) {
      meta.put("deletionTimestamp", seconds(replica.startedAt()));
    }
    ObjectNode labels = meta.putObject("labels");
    Iterator<Map.Entry<String, JsonNode>> revisionLabels =
        revision.path("metadata").path("labels").fields();
    revisionLabels.forEachRemaining(label -> {
      if (!label.getKey().equals(ServingLabels.ROUTING_STATE)) {
        labels.set(label.getKey(), label.getValue());
      }
    });
    labels.put(REVISION_LABEL, revisionName(replica));
    ObjectNode annotations = meta.putObject("annotations");
    annotations.put(PORT_ANNOTATION, Integer.toString(replica.port()));
    replica.pid().ifPresent(pid -> annotations.put(PID_ANNOTATION, Long.toString(pid)));

    ObjectNode container = pod.putObject("spec").putArray("containers").addObject();
    container.put("name", CONTAINER);
    container.putArray("ports").addObject().put("containerPort", replica.port());

    ObjectNode status = pod.putObject("status");
    status.put("phase", "Running");
    status.put("podIP", "127.0.0.1");
    status.put("startTime", seconds(replica.startedAt()));
    String ready = replica.ready() ? "True" : "False";
    ObjectNode readyCondition = status.putArray("conditions").addObject();
    readyCondition.put("type", "Ready");
    readyCondition.put("status", ready);
    ObjectNode containerStatus = status.putArray("containerStatuses").addObject();
    containerStatus.put("name", CONTAINER);
    containerStatus.put("ready", replica.ready());
    containerStatus.put("restartCount", replica.restarts());
    containerStatus.put("started", replica.phase() != ReplicaPhase.CRASH_LOOP_BACK_OFF);
    ObjectNode state = containerStatus.putObject("state");
    if (replica.phase() == ReplicaPhase.CRASH_LOOP_BACK_OFF) {
      ObjectNode waiting = state.putObject("waiting");
      waiting.put("reason", ReplicaStatus.CRASH_LOOP_BACK_OFF);
      waiting.put("message", replica.message());
    } else {
      state.putObject("running").put("startedAt", seconds(replica.startedAt()));
    }
    replica.lastExitCode().ifPresent(code ->
        containerStatus.putObject("lastState").putObject("terminated").put("exitCode", code));
    return pod;
  }

  static String revisionName(ReplicaStatus replica) {
    return replica.revision().substring(replica.revision().indexOf('/') + 1);
  }

  private static String seconds(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
