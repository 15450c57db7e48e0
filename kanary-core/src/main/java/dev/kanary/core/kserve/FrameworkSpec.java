package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.k8s.Records;
import dev.kanary.core.k8s.ResourceRequirements;
import java.util.List;
import java.util.Map;

/**
 * The older per-framework predictor fields ({@code sklearn:}, {@code onnx:}, …): KServe's
 * PredictorExtensionSpec. Each is read as a {@link ModelSpec} of that framework's format.
 */
public record FrameworkSpec(
    String storageUri,
    String runtimeVersion,
    String protocolVersion,
    String name,
    String image,
    List<String> args,
    List<EnvVar> env,
    ResourceRequirements resources,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public FrameworkSpec {
    args = Records.list(args);
    env = Records.list(env);
    extra = Records.extra(extra);
  }

  public static FrameworkSpec of(String storageUri) {
    return new FrameworkSpec(storageUri, null, null, null, null, null, null, null, null);
  }

  ModelSpec asModel(String format) {
    return new ModelSpec(new ModelFormat(format, null), null, storageUri, runtimeVersion,
        protocolVersion, name, image, null, args, env, resources, null);
  }
}
