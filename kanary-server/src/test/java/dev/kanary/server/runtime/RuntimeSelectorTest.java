package dev.kanary.server.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.kserve.ModelFormat;
import dev.kanary.core.kserve.ModelSpec;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.kserve.ServingRuntimeSpec;
import dev.kanary.core.kserve.SupportedModelFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuntimeSelectorTest {
  private static final ServingRuntime ONNX = BuiltInRuntimes.kanaryOnnx();
  private static final ServingRuntime LOW = runtime("low", "onnx", true, 0, false, "v1");
  private static final ServingRuntime HIGH = runtime("high", "onnx", true, 5, false, "v1");
  private static final ServingRuntime MANUAL = runtime("manual", "sklearn", false, 9, false, "v1");
  private static final ServingRuntime OFF = runtime("off", "onnx", true, 99, true, "v1");
  private static final ServingRuntime V2_ONLY = runtime("v2only", "onnx", true, 50, false, "v2");

  static Stream<Arguments> choices() {
    return Stream.of(
        argumentSet("the built-in runtime serves onnx", model("onnx", null, null, null),
            List.of(ONNX), "kanary-onnx"),
        argumentSet("highest priority wins", model("onnx", null, null, null),
            List.of(LOW, ONNX, HIGH), "high"),
        argumentSet("disabled runtimes are skipped", model("onnx", null, null, null),
            List.of(OFF, LOW), "low"),
        argumentSet("protocol must match", model("onnx", null, null, null),
            List.of(V2_ONLY, LOW), "low"),
        argumentSet("v2 picks a v2 runtime", model("onnx", null, "v2", null),
            List.of(V2_ONLY, LOW), "v2only"),
        argumentSet("format names ignore case", model("ONNX", null, null, null),
            List.of(ONNX), "kanary-onnx"),
        argumentSet("a version must match when both give one", model("onnx", "1", null, null),
            List.of(ONNX), "kanary-onnx"),
        argumentSet("a named runtime needs no autoSelect", model("sklearn", null, null, "manual"),
            List.of(MANUAL, ONNX), "manual"));
  }

  @ParameterizedTest
  @MethodSource("choices")
  void chooses(PredictorSpec predictor, List<ServingRuntime> runtimes, String expected) {
    assertThat(RuntimeSelector.select("iris", predictor, runtimes))
        .isInstanceOfSatisfying(RuntimeChoice.Chosen.class,
            chosen -> assertThat(chosen.runtime()).isEqualTo(expected));
  }

  static Stream<Arguments> failures() {
    return Stream.of(
        argumentSet("no runtime for the format", model("xgboost", null, null, null),
            List.of(ONNX), "NoSupportingRuntime",
            "No runtime found to support predictor with model type: xgboost"),
        argumentSet("autoSelect off is not chosen by format", model("sklearn", null, null, null),
            List.of(MANUAL), "NoSupportingRuntime",
            "No runtime found to support predictor with model type: sklearn"),
        argumentSet("a version no runtime has", model("onnx", "2", null, null),
            List.of(ONNX), "NoSupportingRuntime",
            "No runtime found to support predictor with model type: onnx"),
        argumentSet("a named runtime that does not exist", model("onnx", null, null, "nope"),
            List.of(ONNX), "RuntimeNotRecognized",
            "No ServingRuntimes or ClusterServingRuntimes with the name: nope"),
        argumentSet("a named runtime that is disabled", model("onnx", null, null, "off"),
            List.of(OFF), "RuntimeDisabled", "Specified runtime off is disabled"),
        argumentSet("a named runtime for another format", model("onnx", null, null, "manual"),
            List.of(MANUAL), "NoSupportingRuntime",
            "Specified runtime manual does not support specified framework/version"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void refuses(PredictorSpec predictor, List<ServingRuntime> runtimes, String reason,
      String message) {
    assertThat(RuntimeSelector.select("iris", predictor, runtimes))
        .isEqualTo(new RuntimeChoice.Unavailable(reason, message));
  }

  @Test
  void mergesTheModelIntoTheRuntimeContainerAndNamesTheModel() {
    ModelSpec model = new ModelSpec(new ModelFormat("onnx", null), null, "file:///m", null, null,
        null, null, null, List.of("--max-batch", "8"), List.of(new EnvVar("A", "{{.Name}}-a", null)),
        null, null);
    RuntimeChoice choice = RuntimeSelector.select("iris", PredictorSpec.ofModel(model), List.of(ONNX));

    Container container = ((RuntimeChoice.Chosen) choice).container();
    assertThat(container.name()).isEqualTo("kserve-container");
    assertThat(container.command()).containsExactly("kanary", "model-server");
    assertThat(container.args()).containsExactly("--model-dir", "/mnt/models", "--model-name",
        "iris", "--http-port", "{{.Port}}", "--max-batch", "8");
    assertThat(container.env()).containsExactly(new EnvVar("A", "iris-a", null));
  }

  @Test
  void aCustomContainerRunsAsItIs() {
    Container custom = new Container("kserve-container", null, List.of("python", "serve.py"),
        List.of("--port", "{{.Port}}"), null, null, null);
    RuntimeChoice choice =
        RuntimeSelector.select("iris", PredictorSpec.ofContainers(List.of(custom)), List.of());
    assertThat(choice).isEqualTo(new RuntimeChoice.Chosen(custom, "v1", ""));
  }

  private static PredictorSpec model(String format, String version, String protocol,
      String runtime) {
    return PredictorSpec.ofModel(new ModelSpec(new ModelFormat(format, version), runtime,
        "file:///models/iris", null, protocol, null, null, null, null, null, null, null));
  }

  private static ServingRuntime runtime(String name, String format, boolean auto, int priority,
      boolean disabled, String protocol) {
    Container container = new Container("kserve-container", null, List.of("serve"),
        List.of(), null, null, null);
    return new ServingRuntime(ServingRuntime.API_VERSION, ServingRuntime.CLUSTER_KIND,
        ObjectMeta.of(null, name),
        new ServingRuntimeSpec(List.of(new SupportedModelFormat(format, null, auto, priority)),
            List.of(protocol), List.of(container), disabled, null),
        null);
  }
}
