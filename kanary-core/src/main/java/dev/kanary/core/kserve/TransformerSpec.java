package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.Records;
import java.util.List;
import java.util.Map;

/** {@code spec.transformer}: pre/post-processing containers in front of the predictor. */
public record TransformerSpec(
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

  public TransformerSpec {
    containers = Records.list(containers);
    labels = Records.map(labels);
    annotations = Records.map(annotations);
    extra = Records.extra(extra);
  }

  @Override
  public String typeName() {
    return "TransformerSpec";
  }

  @Override
  public List<String> implementationFieldNames() {
    return List.of("PodSpec");
  }

  @Override
  public int implementationCount() {
    return containers.isEmpty() ? 0 : 1;
  }
}
