package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.Records;
import java.util.List;
import java.util.Map;

/** {@code spec.explainer}: an ART explainer or custom containers. */
public record ExplainerSpec(
    Map<String, Object> art,
    List<Container> containers,
    Integer minReplicas,
    Integer maxReplicas,
    Integer scaleTarget,
    String scaleMetric,
    Long containerConcurrency,
    Long timeout,
    Long canaryTrafficPercent,
    Map<String, String> labels,
    Map<String, String> annotations,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra)
    implements ComponentExtension {

  public ExplainerSpec {
    containers = Records.list(containers);
    labels = Records.map(labels);
    annotations = Records.map(annotations);
    extra = Records.extra(extra);
  }

  @Override
  public String typeName() {
    return "ExplainerSpec";
  }

  @Override
  public List<String> implementationFieldNames() {
    return List.of("ART", "PodSpec");
  }

  @Override
  public int implementationCount() {
    return (art != null ? 1 : 0) + (containers.isEmpty() ? 0 : 1);
  }
}
