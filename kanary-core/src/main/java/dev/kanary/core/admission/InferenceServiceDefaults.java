package dev.kanary.core.admission;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.kserve.InferenceService;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Admission defaulting, run before validation: the namespace, the apiVersion and kind, and KServe's
 * rewrite of legacy deployment-mode annotation values.
 */
public final class InferenceServiceDefaults {
  public static final String DEFAULT_NAMESPACE = "default";
  private static final Map<String, String> LEGACY_MODES =
      Map.of("Serverless", "Knative", "RawDeployment", "Standard");

  private InferenceServiceDefaults() {}

  public static InferenceService apply(InferenceService isvc) {
    ObjectMeta meta = isvc.metadata() == null ? ObjectMeta.of(null, null) : isvc.metadata();
    if (meta.namespace() == null || meta.namespace().isEmpty()) {
      meta = meta.withNamespace(DEFAULT_NAMESPACE);
    }
    String mode = meta.annotation(InferenceServiceValidator.DEPLOYMENT_MODE_ANNOTATION);
    if (mode != null && LEGACY_MODES.containsKey(mode)) {
      Map<String, String> annotations = new LinkedHashMap<>(meta.annotations());
      annotations.put(InferenceServiceValidator.DEPLOYMENT_MODE_ANNOTATION, LEGACY_MODES.get(mode));
      meta = meta.withAnnotations(annotations);
    }
    return new InferenceService(
        isvc.apiVersion() == null ? InferenceService.API_VERSION : isvc.apiVersion(),
        isvc.kind() == null ? InferenceService.KIND : isvc.kind(),
        meta, isvc.spec(), isvc.status(), isvc.extra());
  }
}
