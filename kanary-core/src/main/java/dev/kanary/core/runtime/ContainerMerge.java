package dev.kanary.core.runtime;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.k8s.ResourceRequirements;
import dev.kanary.core.kserve.ModelSpec;
import dev.kanary.core.kserve.PredictorSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * KServe's MergeRuntimeContainers: the model's container fields over the runtime's container as a
 * strategic merge patch lays them, except that args are the runtime's followed by the model's.
 * Scalars and plain lists (command, envFrom, ...) are replaced; env, ports and volumeMounts merge by
 * their keys; resource requests and limits merge by resource name. Then {@code {{.Name}}} becomes
 * the InferenceService's name, as KServe's placeholder step does.
 */
public final class ContainerMerge {
  static final String NAME_PLACEHOLDER = "{{.Name}}";

  /** Fields of the model spec that are not container fields and so are not merged. */
  private static final Set<String> MODEL_ONLY_FIELDS = Set.of("storage", "storageUris");
  /** Lists a strategic merge patch merges element by element, by this key. */
  private static final Map<String, String> MERGE_KEYS =
      Map.of("ports", "containerPort", "volumeMounts", "mountPath");

  private ContainerMerge() {}

  public static Container merge(Container runtime, ModelSpec model, String isvcName) {
    List<String> command = model.command().isEmpty() ? runtime.command() : model.command();
    List<String> args = new ArrayList<>(runtime.args());
    args.addAll(model.args());
    Map<String, EnvVar> env = new LinkedHashMap<>();
    runtime.env().forEach(e -> env.put(e.name(), e));
    model.env().forEach(e -> env.put(e.name(), e));
    Map<String, Object> extra = new LinkedHashMap<>(runtime.extra());
    model.extra().forEach((field, value) -> {
      if (!MODEL_ONLY_FIELDS.contains(field)) {
        extra.put(field, mergeField(field, extra.get(field), value));
      }
    });
    String image = model.image() != null ? model.image() : runtime.image();
    return new Container(
        PredictorSpec.KSERVE_CONTAINER,
        image == null ? null : named(image, isvcName),
        command.stream().map(a -> named(a, isvcName)).toList(),
        args.stream().map(a -> named(a, isvcName)).toList(),
        env.values().stream()
            .map(e -> e.value() == null ? e
                : new EnvVar(e.name(), named(e.value(), isvcName), e.extra()))
            .toList(),
        resources(runtime.resources(), model.resources()),
        extra);
  }

  private static String named(String text, String isvcName) {
    return text.replace(NAME_PLACEHOLDER, isvcName);
  }

  private static ResourceRequirements resources(
      ResourceRequirements runtime, ResourceRequirements model) {
    if (runtime == null || model == null) {
      return model != null ? model : runtime;
    }
    Map<String, Object> limits = new LinkedHashMap<>(runtime.limits());
    limits.putAll(model.limits());
    Map<String, Object> requests = new LinkedHashMap<>(runtime.requests());
    requests.putAll(model.requests());
    Map<String, Object> extra = new LinkedHashMap<>(runtime.extra());
    extra.putAll(model.extra());
    return new ResourceRequirements(limits, requests, extra);
  }

  /**
   * A keyed list merges entry by entry: the model's fields over those of the runtime's entry with
   * the same key; new entries follow.
   */
  private static Object mergeField(String field, Object runtime, Object model) {
    String key = MERGE_KEYS.get(field);
    if (key == null || !(runtime instanceof List<?> base) || !(model instanceof List<?> patch)) {
      return model;
    }
    Map<Object, Object> byKey = new LinkedHashMap<>();
    List<Object> unkeyed = new ArrayList<>();
    for (List<?> list : List.of(base, patch)) {
      for (Object entry : list) {
        if (entry instanceof Map<?, ?> map && map.get(key) != null) {
          Map<Object, Object> fields = new LinkedHashMap<>();
          if (byKey.get(map.get(key)) instanceof Map<?, ?> earlier) {
            fields.putAll(earlier);
          }
          fields.putAll(map);
          byKey.put(map.get(key), fields);
        } else {
          unkeyed.add(entry);
        }
      }
    }
    List<Object> merged = new ArrayList<>(byKey.values());
    merged.addAll(unkeyed);
    return merged;
  }
}
