package dev.kanary.core.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * KServe's MergePodSpec: the predictor's pod-spec fields over the runtime's, as a strategic merge
 * patch applies them. Objects merge key by key (nodeSelector, affinity); the lists Kubernetes
 * merges by key (volumes, imagePullSecrets and initContainers by name, hostAliases by ip) merge
 * entry by entry, the predictor's entry replacing the runtime's of the same key; any other value
 * of the predictor replaces the runtime's.
 */
public final class PodSpecMerge {
  private static final Map<String, String> MERGE_KEYS = Map.of(
      "volumes", "name",
      "imagePullSecrets", "name",
      "initContainers", "name",
      "hostAliases", "ip");

  private PodSpecMerge() {}

  public static Map<String, Object> merge(Map<String, Object> runtime, Map<String, Object> predictor) {
    Map<String, Object> merged = new LinkedHashMap<>(runtime);
    predictor.forEach((field, value) -> merged.merge(field, value,
        (base, override) -> mergeValue(MERGE_KEYS.get(field), base, override)));
    return merged;
  }

  @SuppressWarnings("unchecked")
  private static Object mergeValue(String mergeKey, Object base, Object override) {
    if (base instanceof Map<?, ?> baseMap && override instanceof Map<?, ?> overrideMap) {
      Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) baseMap);
      ((Map<String, Object>) overrideMap).forEach((key, value) ->
          merged.merge(key, value, (a, b) -> mergeValue(null, a, b)));
      return merged;
    }
    if (mergeKey != null && base instanceof List<?> baseList
        && override instanceof List<?> overrideList) {
      Map<Object, Object> byKey = new LinkedHashMap<>();
      List<Object> unkeyed = new ArrayList<>();
      for (List<?> list : List.of(baseList, overrideList)) {
        for (Object entry : list) {
          if (entry instanceof Map<?, ?> map && map.get(mergeKey) != null) {
            byKey.put(map.get(mergeKey), entry);
          } else {
            unkeyed.add(entry);
          }
        }
      }
      List<Object> merged = new ArrayList<>(byKey.values());
      merged.addAll(unkeyed);
      return merged;
    }
    return override;
  }
}
