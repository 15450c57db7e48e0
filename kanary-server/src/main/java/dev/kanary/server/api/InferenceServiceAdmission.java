package dev.kanary.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.admission.InferenceServiceDefaults;
import dev.kanary.core.admission.InferenceServiceValidator;
import dev.kanary.core.json.Json;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.server.store.ResourceType;

/** KServe's InferenceService webhook: defaults, then validation with KServe's messages. */
final class InferenceServiceAdmission implements Admission {
  /**
   * The API server fills a generateName before webhooks run; the store fills it here only at write
   * time, so the name is checked with a suffix of the form it will get.
   */
  private static final String GENERATED_SUFFIX = "x0000";

  @Override
  public ObjectNode admit(ObjectNode object, ObjectNode current) {
    InferenceService isvc = InferenceServiceDefaults.apply(
        Admission.decode(object, InferenceService.class, ResourceType.INFERENCE_SERVICE));
    InferenceServiceValidator.validate(withNameToCheck(isvc)).ifPresent(message -> {
      throw ApiException.invalid(ResourceType.INFERENCE_SERVICE, isvc.metadata().name(), message);
    });
    return (ObjectNode) Json.toTree(isvc);
  }

  private static InferenceService withNameToCheck(InferenceService isvc) {
    ObjectMeta meta = isvc.metadata();
    boolean generated = (meta.name() == null || meta.name().isEmpty())
        && meta.generateName() != null && !meta.generateName().isEmpty();
    if (!generated) {
      return isvc;
    }
    return new InferenceService(isvc.apiVersion(), isvc.kind(),
        meta.withName(meta.generateName() + GENERATED_SUFFIX), isvc.spec(), isvc.status(),
        isvc.extra());
  }
}
