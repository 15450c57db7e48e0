package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where an InferenceService's rollout stands, from the objects of its chain: done once the
 * InferenceService is Ready at its current generation and its predictor Service has made its
 * latest revision ready and routed to it as asked; failed once that revision, or the Service's
 * route, has failed.
 *
 * @param line what to tell the user: progress, success, or what failed
 */
record RolloutProgress(State state, String line) {

  enum State { WAITING, DONE, FAILED }

  /**
   * @param service the predictor Service, when there is one yet
   * @param revision the Service's latest created revision, when there is one yet
   */
  static RolloutProgress of(String name, JsonNode isvc, Optional<JsonNode> service,
      Optional<JsonNode> revision) {
    String subject = "inferenceservice \"" + name + "\"";
    String waiting = "Waiting for " + subject + " rollout to finish: ";
    long generation = isvc.at("/metadata/generation").asLong();
    if (revision.isPresent() && Conditions.status(revision.get(), "Ready").equals("False")) {
      JsonNode ready = Conditions.find(revision.get(), "Ready");
      return failed(subject, "revision " + revision.get().at("/metadata/name").asText() + ": "
          + ready.path("reason").asText("") + ": " + ready.path("message").asText(""));
    }
    boolean observed = isvc.at("/status/observedGeneration").asLong() == generation;
    if (observed && service.isEmpty()
        && Conditions.status(isvc, "PredictorReady").equals("False")) {
      JsonNode predictor = Conditions.find(isvc, "PredictorReady");
      return failed(subject, predictor.path("reason").asText("") + ": "
          + predictor.path("message").asText(""));
    }
    if (!observed) {
      return new RolloutProgress(State.WAITING, waiting + "generation " + generation
          + " not yet observed by the controller");
    }
    if (service.isEmpty()) {
      return new RolloutProgress(State.WAITING, waiting + "no predictor service yet");
    }
    JsonNode ksvc = service.get();
    boolean serviceCurrent = ksvc.at("/status/observedGeneration").asLong()
        == ksvc.at("/metadata/generation").asLong();
    String serviceReady = Conditions.status(ksvc, "Ready");
    if (serviceCurrent && serviceReady.equals("False")) {
      JsonNode ready = Conditions.find(ksvc, "Ready");
      return failed(subject, ready.path("reason").asText("") + ": "
          + ready.path("message").asText(""));
    }
    String latestCreated = ksvc.at("/status/latestCreatedRevisionName").asText("");
    boolean done = serviceCurrent && serviceReady.equals("True")
        && latestCreated.equals(ksvc.at("/status/latestReadyRevisionName").asText())
        && latestCreated.equals(
            isvc.at("/status/components/predictor/latestCreatedRevision").asText())
        && Conditions.isTrue(isvc, "Ready")
        && split(isvc.at("/status/components/predictor/traffic"))
            .equals(split(ksvc.at("/status/traffic")));
    if (done) {
      return new RolloutProgress(State.DONE, subject + " successfully rolled out; traffic: "
          + traffic(isvc.at("/status/components/predictor/traffic")));
    }
    String replicas = revision
        .map(r -> r.at("/status/actualReplicas").asInt() + "/"
            + Math.max(1, r.at("/status/desiredReplicas").asInt()) + " replicas ready")
        .orElse("no replicas yet");
    return new RolloutProgress(State.WAITING, waiting + (latestCreated.isEmpty()
        ? "no revision yet" : "revision " + latestCreated + " " + replicas)
        + "; traffic: " + traffic(ksvc.at("/status/traffic")));
  }

  /** The split as (revision, percent, tag): the InferenceService's copy must have caught up. */
  private static List<String> split(JsonNode targets) {
    List<String> split = new ArrayList<>();
    for (JsonNode target : targets) {
      split.add(target.path("revisionName").asText() + " " + target.path("percent").asLong() + " "
          + target.path("tag").asText(""));
    }
    return split;
  }

  /** {@code name 90% (prev), other 10% (latest)}: the split, with each target's tag. */
  static String traffic(JsonNode targets) {
    List<String> parts = new ArrayList<>();
    for (JsonNode target : targets) {
      String tag = target.path("tag").asText("");
      String label = !tag.isEmpty() ? tag
          : target.path("latestRevision").asBoolean() ? "latest" : "";
      parts.add(target.path("revisionName").asText() + " " + target.path("percent").asLong() + "%"
          + (label.isEmpty() ? "" : " (" + label + ")"));
    }
    return parts.isEmpty() ? "none yet" : String.join(", ", parts);
  }

  private static RolloutProgress failed(String subject, String why) {
    return new RolloutProgress(State.FAILED, "rollout of " + subject + " failed: "
        + why.strip().replaceAll("\\s*\\R\\s*", "; "));
  }
}
