package dev.kanary.core.knative;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.Records;
import java.util.List;
import java.util.Map;

/** What a revision runs: the pod-spec subset kanary uses, plus Knative's revision fields. */
public record RevisionSpec(
    List<Container> containers,
    Long containerConcurrency,
    Long timeoutSeconds,
    Long responseStartTimeoutSeconds,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public RevisionSpec {
    containers = Records.list(containers);
    extra = Records.extra(extra);
  }
}
