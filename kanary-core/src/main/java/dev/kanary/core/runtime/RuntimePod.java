package dev.kanary.core.runtime;

import dev.kanary.core.kserve.ServingRuntimeSpec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a runtime gives its predictor's pods besides the serving container: the pod-level fields of
 * KServe's ServingRuntimePodSpec (volumes, nodeSelector, tolerations, ...) and the labels and
 * annotations it asks for. The predictor's own values win over these ({@link PodSpecMerge}).
 *
 * @param fields pod-spec fields by their JSON name, as the runtime wrote them
 */
public record RuntimePod(
    Map<String, Object> fields, Map<String, String> labels, Map<String, String> annotations) {

  /** Nothing: a custom container's pod, or a runtime that sets no pod field. */
  public static final RuntimePod NONE = new RuntimePod(Map.of(), Map.of(), Map.of());

  /** The pod-spec fields of ServingRuntimePodSpec other than its containers. */
  static final List<String> POD_FIELDS = List.of("volumes", "nodeSelector", "affinity",
      "tolerations", "imagePullSecrets", "schedulerName", "hostIPC", "hostNetwork", "hostPID",
      "dnsPolicy");

  public RuntimePod {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    labels = Map.copyOf(labels);
    annotations = Map.copyOf(annotations);
  }

  static RuntimePod of(ServingRuntimeSpec spec) {
    Map<String, Object> fields = new LinkedHashMap<>();
    POD_FIELDS.stream()
        .filter(field -> spec.extra().get(field) != null)
        .forEach(field -> fields.put(field, spec.extra().get(field)));
    return new RuntimePod(fields, strings(spec.extra().get("labels")),
        strings(spec.extra().get("annotations")));
  }

  private static Map<String, String> strings(Object value) {
    Map<String, String> strings = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> map) {
      map.forEach((key, entry) -> {
        if (key != null && entry != null) {
          strings.put(key.toString(), entry.toString());
        }
      });
    }
    return strings;
  }
}
