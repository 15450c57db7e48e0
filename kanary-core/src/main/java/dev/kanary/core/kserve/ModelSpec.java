package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.k8s.Records;
import dev.kanary.core.k8s.ResourceRequirements;
import java.util.List;
import java.util.Map;

/**
 * {@code spec.predictor.model}: a model of a given format, served by a runtime chosen by that format
 * (or named in {@code runtime}). The container override fields KServe inlines here sit beside it.
 */
public record ModelSpec(
    ModelFormat modelFormat,
    String runtime,
    String storageUri,
    String runtimeVersion,
    String protocolVersion,
    String name,
    String image,
    List<String> command,
    List<String> args,
    List<EnvVar> env,
    ResourceRequirements resources,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ModelSpec {
    command = Records.list(command);
    args = Records.list(args);
    env = Records.list(env);
    extra = Records.extra(extra);
  }

  public static ModelSpec of(String format, String storageUri) {
    return new ModelSpec(new ModelFormat(format, null), null, storageUri, null, null, null, null,
        null, null, null, null, null);
  }

  public String formatName() {
    return modelFormat == null ? null : modelFormat.name();
  }

  public ModelSpec withStorageUri(String uri) {
    return new ModelSpec(modelFormat, runtime, uri, runtimeVersion, protocolVersion, name, image,
        command, args, env, resources, extra);
  }
}
