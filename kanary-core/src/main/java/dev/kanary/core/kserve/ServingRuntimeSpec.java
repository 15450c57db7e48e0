package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.Records;
import java.util.List;
import java.util.Map;

public record ServingRuntimeSpec(
    List<SupportedModelFormat> supportedModelFormats,
    List<String> protocolVersions,
    List<Container> containers,
    Boolean disabled,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ServingRuntimeSpec {
    supportedModelFormats = Records.list(supportedModelFormats);
    protocolVersions = Records.list(protocolVersions);
    containers = Records.list(containers);
    extra = Records.extra(extra);
  }

  public boolean isDisabled() {
    return Boolean.TRUE.equals(disabled);
  }

  /** {@code multiModel: true} (kept in {@code extra}): a ModelMesh runtime, never auto-selected. */
  public boolean servesManyModels() {
    return Boolean.TRUE.equals(extra.get("multiModel"));
  }
}
