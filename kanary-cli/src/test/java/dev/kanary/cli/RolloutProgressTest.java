package dev.kanary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a rollout is done, still going, or failed, from the objects of its chain. */
class RolloutProgressTest {
  private static final String TRAFFIC = """
      [{"revisionName": "x-predictor-00002", "percent": 10, "latestRevision": true},
       {"revisionName": "x-predictor-00001", "percent": 90, "tag": "prev"}]""";
  private static final JsonNode READY_ISVC = isvc(2, 2, "True", TRAFFIC);
  private static final JsonNode READY_SERVICE = service(3, 3, "True", "x-predictor-00002", TRAFFIC);
  private static final JsonNode READY_REVISION = revision("True", "", "", 1);

  @Test
  void doneWhenEveryLevelIsReadyAtItsGenerationAndTheSplitHasReachedTheInferenceService() {
    RolloutProgress progress = RolloutProgress.of("x", READY_ISVC, Optional.of(READY_SERVICE),
        Optional.of(READY_REVISION));

    assertThat(progress.state()).isEqualTo(RolloutProgress.State.DONE);
    assertThat(progress.line()).isEqualTo("inferenceservice \"x\" successfully rolled out;"
        + " traffic: x-predictor-00002 10% (latest), x-predictor-00001 90% (prev)");
  }

  @Test
  void waitingWhileTheControllerHasNotSeenTheNewGeneration() {
    RolloutProgress progress = RolloutProgress.of("x", isvc(3, 2, "True", TRAFFIC),
        Optional.of(READY_SERVICE), Optional.of(READY_REVISION));

    assertThat(progress.state()).isEqualTo(RolloutProgress.State.WAITING);
    assertThat(progress.line()).isEqualTo("Waiting for inferenceservice \"x\" rollout to finish:"
        + " generation 3 not yet observed by the controller");
  }

  @Test
  void waitingWhileTheServiceHasNotCaughtUpOrTheInferenceServiceNotCopiedItsSplit() {
    RolloutProgress serviceBehind = RolloutProgress.of("x", READY_ISVC,
        Optional.of(service(4, 3, "True", "x-predictor-00002", TRAFFIC)),
        Optional.of(READY_REVISION));
    RolloutProgress isvcBehind = RolloutProgress.of("x", isvc(2, 2, "True", """
        [{"revisionName": "x-predictor-00001", "percent": 100, "latestRevision": true}]"""),
        Optional.of(READY_SERVICE), Optional.of(READY_REVISION));

    assertThat(serviceBehind.state()).isEqualTo(RolloutProgress.State.WAITING);
    assertThat(isvcBehind.state()).isEqualTo(RolloutProgress.State.WAITING);
    assertThat(isvcBehind.line()).isEqualTo("Waiting for inferenceservice \"x\" rollout to finish:"
        + " revision x-predictor-00002 1/1 replicas ready; traffic: x-predictor-00002 10%"
        + " (latest), x-predictor-00001 90% (prev)");
  }

  @Test
  void failedWhenTheLatestRevisionFailedWithItsReasonOnOneLine() {
    RolloutProgress progress = RolloutProgress.of("x", READY_ISVC, Optional.of(READY_SERVICE),
        Optional.of(revision("False", "ExitCode1", "Container failed with:\\nno model\\n", 0)));

    assertThat(progress.state()).isEqualTo(RolloutProgress.State.FAILED);
    assertThat(progress.line()).isEqualTo("rollout of inferenceservice \"x\" failed: revision"
        + " x-predictor-00002: ExitCode1: Container failed with:; no model");
  }

  private static JsonNode isvc(long generation, long observed, String ready, String traffic) {
    return parse("""
        {"metadata": {"name": "x", "generation": %d},
         "status": {"observedGeneration": %d,
                    "conditions": [{"type": "Ready", "status": "%s"}],
                    "components": {"predictor": {"latestCreatedRevision": "x-predictor-00002",
                                                 "traffic": %s}}}}"""
        .formatted(generation, observed, ready, traffic));
  }

  private static JsonNode service(long generation, long observed, String ready,
      String latestReady, String traffic) {
    return parse("""
        {"metadata": {"name": "x-predictor", "generation": %d},
         "status": {"observedGeneration": %d, "conditions": [{"type": "Ready", "status": "%s"}],
                    "latestCreatedRevisionName": "x-predictor-00002",
                    "latestReadyRevisionName": "%s", "traffic": %s}}"""
        .formatted(generation, observed, ready, latestReady, traffic));
  }

  private static JsonNode revision(String ready, String reason, String message, int replicas) {
    return parse("""
        {"metadata": {"name": "x-predictor-00002"},
         "status": {"conditions": [{"type": "Ready", "status": "%s", "reason": "%s",
                                    "message": "%s"}],
                    "actualReplicas": %d, "desiredReplicas": 1}}"""
        .formatted(ready, reason, message, replicas));
  }

  private static JsonNode parse(String json) {
    try {
      return Json.json().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
