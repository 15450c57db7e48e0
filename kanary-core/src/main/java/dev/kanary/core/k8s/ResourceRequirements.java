package dev.kanary.core.k8s;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Map;

/**
 * Requests and limits. Quantities are kept as written ({@code cpu: 1} stays a number, {@code "1"} a
 * string) so that a user's YAML comes back unchanged.
 */
public record ResourceRequirements(
    Map<String, Object> limits,
    Map<String, Object> requests,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ResourceRequirements {
    limits = Records.map(limits);
    requests = Records.map(requests);
    extra = Records.extra(extra);
  }
}
