package dev.kanary.core.knative;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.condition.Condition;
import dev.kanary.core.k8s.Records;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Revision's status: Ready = ResourcesAvailable ∧ ContainerHealthy, as in Knative. */
public record RevisionStatus(
    Long observedGeneration,
    List<Condition> conditions,
    Integer actualReplicas,
    Integer desiredReplicas,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String READY = "Ready";
  public static final String RESOURCES_AVAILABLE = "ResourcesAvailable";
  public static final String CONTAINER_HEALTHY = "ContainerHealthy";

  public RevisionStatus {
    conditions = Records.list(conditions);
    extra = Records.extra(extra);
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
