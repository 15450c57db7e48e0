package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.cli.client.KanaryClient;
import dev.kanary.cli.client.ResourceKind;
import java.util.Optional;

/**
 * The seed tutorial's two moves on {@code spec.predictor.canaryTrafficPercent}, as merge patches:
 * promote removes it (all traffic to the latest ready revision), rollback sets it to 0 (all
 * traffic back to the last rolled-out one).
 */
final class CanaryPatch {
  static final String FIELD = "canaryTrafficPercent";

  private CanaryPatch() {}

  /**
   * Patches the InferenceService unless it already is that way.
   *
   * @param percent the new value; empty removes the field
   * @return true when it was patched
   */
  static boolean set(KanaryClient client, String namespace, String name, Optional<Integer> percent) {
    String path = ResourceKind.INFERENCE_SERVICE.path(namespace, name);
    JsonNode current = client.get(path).at("/spec/predictor/" + FIELD);
    boolean already = percent.isEmpty()
        ? current.isMissingNode() || current.isNull()
        : current.isNumber() && current.asInt() == percent.get();
    if (already) {
      return false;
    }
    ObjectNode patch = JsonNodeFactory.instance.objectNode();
    ObjectNode predictor = patch.putObject("spec").putObject("predictor");
    percent.ifPresentOrElse(value -> predictor.put(FIELD, value), () -> predictor.putNull(FIELD));
    client.mergePatch(path, patch);
    return true;
  }
}
