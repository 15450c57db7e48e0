package dev.kanary.core.knative;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.condition.Condition;
import dev.kanary.core.k8s.Records;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A Knative Service's status: its configuration's and its route's, side by side. */
public record ServiceStatus(
    Long observedGeneration,
    List<Condition> conditions,
    String latestCreatedRevisionName,
    String latestReadyRevisionName,
    String url,
    Addressable address,
    List<TrafficTarget> traffic,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String READY = "Ready";
  public static final String ROUTES_READY = "RoutesReady";
  public static final String CONFIGURATIONS_READY = "ConfigurationsReady";

  public ServiceStatus {
    conditions = Records.list(conditions);
    traffic = Records.list(traffic);
    extra = Records.extra(extra);
  }

  public Optional<Condition> condition(String type) {
    return conditions.stream().filter(c -> c.type().equals(type)).findFirst();
  }
}
