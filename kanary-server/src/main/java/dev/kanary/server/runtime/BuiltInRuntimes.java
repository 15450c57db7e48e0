package dev.kanary.server.runtime;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.kserve.ServingRuntimeSpec;
import dev.kanary.core.kserve.SupportedModelFormat;
import java.util.List;

/** The runtimes a new data directory starts with. */
public final class BuiltInRuntimes {
  public static final String KANARY_ONNX = "kanary-onnx";

  private BuiltInRuntimes() {}

  /**
   * ONNX models on kanary's own model server, V1 and V2. {@code kanary} at the head of the command
   * means this very kanary, so the runtime needs no install.
   */
  public static ServingRuntime kanaryOnnx() {
    Container container = new Container(PredictorSpec.KSERVE_CONTAINER, null,
        List.of("kanary", "model-server"),
        List.of("--model-dir", "/mnt/models", "--model-name", "{{.Name}}",
            "--http-port", "{{.Port}}"),
        null, null, null);
    ServingRuntimeSpec spec = new ServingRuntimeSpec(
        List.of(new SupportedModelFormat("onnx", "1", true, 1)),
        List.of("v1", "v2"),
        List.of(container),
        null,
        null);
    return new ServingRuntime(ServingRuntime.API_VERSION, ServingRuntime.CLUSTER_KIND,
        ObjectMeta.of(null, KANARY_ONNX), spec, null);
  }

  public static List<ServingRuntime> all() {
    return List.of(kanaryOnnx());
  }
}
