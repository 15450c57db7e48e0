package dev.kanary.operator.predictor;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.kserve.ServingRuntimeSpec;
import dev.kanary.core.kserve.SupportedModelFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's kanary-onnx runtime: ONNX models on kanary's own model server from the kanary
 * image, as the standalone runtime of that name serves them, but listening on the pod's port 8080
 * on every interface. It is not an object in the cluster: it serves only what no ServingRuntime
 * or ClusterServingRuntime serves, and one named kanary-onnx takes its place.
 */
public final class BuiltInRuntime {
  public static final String NAME = "kanary-onnx";

  private BuiltInRuntime() {}

  public static ServingRuntime kanaryOnnx(RuntimeImages images) {
    String port = String.valueOf(PredictorPod.DEFAULT_PORT);
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("ports", List.of(
        Map.of("name", "http1", "containerPort", PredictorPod.DEFAULT_PORT, "protocol", "TCP")));
    fields.put("readinessProbe", Map.of(
        "httpGet", Map.of("path", "/v2/health/ready", "port", PredictorPod.DEFAULT_PORT)));
    Container server = new Container(PredictorSpec.KSERVE_CONTAINER, images.modelServer(),
        List.of("kanary", "model-server"),
        List.of("--model-dir", PredictorPod.MODEL_DIR, "--model-name", "{{.Name}}",
            "--http-port", port, "--bind", "0.0.0.0"),
        null, null, fields);
    ServingRuntimeSpec spec = new ServingRuntimeSpec(
        List.of(new SupportedModelFormat("onnx", "1", true, 1)),
        List.of("v1", "v2"),
        List.of(server),
        null,
        null);
    return new ServingRuntime(ServingRuntime.API_VERSION, ServingRuntime.CLUSTER_KIND,
        ObjectMeta.of(null, NAME), spec, null);
  }
}
