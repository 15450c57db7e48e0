package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.Records;
import java.util.Map;

/** {@code status.modelStatus}: where the model's loading stands, as KServe reports it. */
public record ModelStatus(
    String transitionStatus,
    States states,
    FailureInfo lastFailureInfo,
    Copies copies,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ModelStatus {
    extra = Records.extra(extra);
  }

  public record States(String activeModelState, String targetModelState) {}

  public record FailureInfo(
      String location, String reason, String message, String modelRevisionName, Integer exitCode) {}

  public record Copies(Integer failedCopies, Integer totalCopies) {}
}
