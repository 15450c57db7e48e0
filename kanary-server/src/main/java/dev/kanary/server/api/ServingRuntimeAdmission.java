package dev.kanary.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.k8s.Container;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.kserve.ServingRuntimeSpec;
import dev.kanary.core.kserve.SupportedModelFormat;
import dev.kanary.server.store.ResourceType;
import java.util.List;

/**
 * A ClusterServingRuntime must say which formats it serves and how to start it. kanary runs the
 * first container as a local process and has no images, so its command is required.
 */
final class ServingRuntimeAdmission implements Admission {
  private static final ResourceType TYPE = ResourceType.CLUSTER_SERVING_RUNTIME;

  @Override
  public ObjectNode admit(ObjectNode object, ObjectNode current) {
    ServingRuntime runtime = Admission.decode(object, ServingRuntime.class, TYPE);
    String name = runtime.metadata() == null ? null : runtime.metadata().name();
    ServingRuntimeSpec spec = runtime.spec();
    if (spec == null || spec.supportedModelFormats().isEmpty()) {
      throw ApiException.invalid(TYPE, name, "spec.supportedModelFormats: Required value: name"
          + " the model formats the runtime serves, e.g. supportedModelFormats:"
          + " [{name: onnx, autoSelect: true}]");
    }
    List<SupportedModelFormat> formats = spec.supportedModelFormats();
    for (int i = 0; i < formats.size(); i++) {
      if (formats.get(i).name() == null || formats.get(i).name().isBlank()) {
        throw ApiException.invalid(TYPE, name, "spec.supportedModelFormats[" + i + "].name:"
            + " Required value: name the format, e.g. {name: onnx}");
      }
    }
    List<Container> containers = spec.containers();
    if (containers.isEmpty() || containers.get(0).command().isEmpty()) {
      throw ApiException.invalid(TYPE, name, "spec.containers[0].command: Required value: kanary"
          + " starts the runtime's first container as a local process and has no images; give"
          + " the command that serves the model, e.g. command: [python, -m, my_server,"
          + " --model_dir={{.ModelDir}}, --model_name={{.Name}}, --http_port={{.Port}}]");
    }
    return object;
  }
}
