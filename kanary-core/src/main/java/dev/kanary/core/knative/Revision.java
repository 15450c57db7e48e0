package dev.kanary.core.knative;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.k8s.Records;
import java.util.Map;

/** An immutable snapshot of a Service's template, named {@code {service}-0000N}. */
public record Revision(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    RevisionSpec spec,
    RevisionStatus status,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String API_VERSION = "serving.knative.dev/v1";
  public static final String KIND = "Revision";

  public Revision {
    extra = Records.extra(extra);
  }

  /** The Ready condition's status; Unknown while the revision has none. */
  public ConditionStatus readiness() {
    if (status == null) {
      return ConditionStatus.UNKNOWN;
    }
    return status.condition(RevisionStatus.READY)
        .map(Condition::status)
        .orElse(ConditionStatus.UNKNOWN);
  }

  /**
   * Knative's IsReady: Ready=True and the status describes the current generation, so a revision
   * that was ready for an older spec does not count.
   */
  public boolean isReady() {
    return readiness() == ConditionStatus.TRUE
        && status.observedGeneration() != null
        && status.observedGeneration() == metadata.generationOrZero();
  }

  public Revision withStatus(RevisionStatus newStatus) {
    return new Revision(apiVersion, kind, metadata, spec, newStatus, extra);
  }
}
