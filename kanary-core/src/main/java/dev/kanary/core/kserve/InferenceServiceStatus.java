package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.condition.Condition;
import dev.kanary.core.k8s.Records;
import dev.kanary.core.knative.Addressable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

public record InferenceServiceStatus(
    Long observedGeneration,
    List<Condition> conditions,
    String url,
    Addressable address,
    Map<String, ComponentStatus> components,
    ModelStatus modelStatus,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final InferenceServiceStatus EMPTY =
      new InferenceServiceStatus(null, null, null, null, null, null, null);

  public InferenceServiceStatus {
    conditions = Records.list(conditions);
    components = Records.map(components);
    extra = Records.extra(extra);
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }

  public ComponentStatus component(ComponentType type) {
    return components.getOrDefault(type.key(), ComponentStatus.EMPTY);
  }

  public InferenceServiceStatus withComponent(ComponentType type, ComponentStatus status) {
    Map<String, ComponentStatus> next = new LinkedHashMap<>(components);
    next.put(type.key(), status);
    return new InferenceServiceStatus(observedGeneration, conditions, url, address, next,
        modelStatus, extra);
  }

  public InferenceServiceStatus withConditions(List<Condition> newConditions) {
    return new InferenceServiceStatus(observedGeneration, newConditions, url, address, components,
        modelStatus, extra);
  }

  public InferenceServiceStatus withObservedGeneration(Long generation) {
    return new InferenceServiceStatus(generation, conditions, url, address, components,
        modelStatus, extra);
  }

  public InferenceServiceStatus withUrl(String newUrl, Addressable newAddress) {
    return new InferenceServiceStatus(observedGeneration, conditions, newUrl, newAddress,
        components, modelStatus, extra);
  }

  public InferenceServiceStatus withModelStatus(ModelStatus newModelStatus) {
    return new InferenceServiceStatus(observedGeneration, conditions, url, address, components,
        newModelStatus, extra);
  }
}
