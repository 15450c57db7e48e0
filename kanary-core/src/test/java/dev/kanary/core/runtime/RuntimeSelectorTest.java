package dev.kanary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.json.Json;
import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.kserve.ModelFormat;
import dev.kanary.core.kserve.ModelSpec;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.kserve.ServingRuntimeSpec;
import dev.kanary.core.kserve.SupportedModelFormat;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuntimeSelectorTest {
  private static final ServingRuntime ONNX = kanaryOnnx();
  private static final ServingRuntime LOW = cluster("low").format("onnx", true, 0).build();
  private static final ServingRuntime HIGH = cluster("high").format("onnx", true, 5).build();
  private static final ServingRuntime UNRANKED = cluster("unranked").format("onnx", true, null)
      .build();
  private static final ServingRuntime MANUAL = cluster("manual").format("sklearn", false, 9)
      .build();
  private static final ServingRuntime OFF = cluster("off").format("onnx", true, 99).disabled()
      .build();
  private static final ServingRuntime V2_ONLY = cluster("v2only").format("onnx", true, 50)
      .protocols("v2").build();
  private static final ServingRuntime MESH = cluster("mesh").format("onnx", true, 99)
      .multiModel().build();
  private static final ServingRuntime ANY_PROTOCOL = cluster("any").format("onnx", true, 1)
      .protocols().build();
  private static final ServingRuntime UNVERSIONED = cluster("unversioned")
      .format("onnx", true, 99).build();

  static Stream<Arguments> choices() {
    return Stream.of(
        argumentSet("the built-in runtime serves onnx", model("onnx", null, null, null),
            List.of(ONNX), "kanary-onnx"),
        argumentSet("highest priority wins", model("onnx", null, null, null),
            List.of(LOW, ONNX, HIGH), "high"),
        argumentSet("a runtime with a priority beats one without", model("onnx", null, null, null),
            List.of(UNRANKED, LOW), "low"),
        argumentSet("disabled runtimes are skipped", model("onnx", null, null, null),
            List.of(OFF, LOW), "low"),
        argumentSet("multi-model runtimes are skipped", model("onnx", null, null, null),
            List.of(MESH, LOW), "low"),
        argumentSet("protocol must match", model("onnx", null, null, null),
            List.of(V2_ONLY, LOW), "low"),
        argumentSet("v2 picks a v2 runtime", model("onnx", null, "v2", null),
            List.of(V2_ONLY, LOW), "v2only"),
        argumentSet("a runtime listing no protocol speaks any", model("onnx", null, "v2", null),
            List.of(ANY_PROTOCOL, LOW), "any"),
        argumentSet("format names ignore case", model("ONNX", null, null, null),
            List.of(ONNX), "kanary-onnx"),
        argumentSet("a version must match when both give one", model("onnx", "1", null, null),
            List.of(ONNX), "kanary-onnx"),
        argumentSet("a model version skips runtimes that list none", model("onnx", "1", null, null),
            List.of(UNVERSIONED, ONNX), "kanary-onnx"),
        argumentSet("a named runtime needs no autoSelect", model("sklearn", null, null, "manual"),
            List.of(MANUAL, ONNX), "manual"),
        argumentSet("a namespaced runtime comes before any cluster runtime",
            model("onnx", null, null, null),
            List.of(HIGH, namespaced("mine").format("onnx", true, 1).build()), "mine"),
        argumentSet("equal priority: the lowest protocol version first",
            model("onnx", null, "v2", null),
            List.of(cluster("a").format("onnx", true, 1).protocols("v2").build(),
                cluster("b").format("onnx", true, 1).protocols("v2", "v1").build()), "b"),
        argumentSet("equal priority: a runtime listing no protocol last",
            model("onnx", null, null, null),
            List.of(cluster("a").format("onnx", true, 1).protocols().build(),
                cluster("b").format("onnx", true, 1).build()), "b"),
        argumentSet("equal priority and protocol: the newest first",
            model("onnx", null, null, null),
            List.of(cluster("old").format("onnx", true, 1).created("2024-01-01T00:00:00Z").build(),
                cluster("new").format("onnx", true, 1).created("2025-01-01T00:00:00Z").build()),
            "new"),
        argumentSet("all else equal: the first by name", model("onnx", null, null, null),
            List.of(cluster("zeta").format("onnx", true, 1).build(),
                cluster("alpha").format("onnx", true, 1).build()), "alpha"));
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
        argumentSet("only a multi-model runtime", model("onnx", null, null, null),
            List.of(MESH), "NoSupportingRuntime",
            "No runtime found to support predictor with model type: onnx"),
        argumentSet("a named runtime that does not exist", model("onnx", null, null, "nope"),
            List.of(ONNX), "RuntimeNotRecognized",
            "No ServingRuntimes or ClusterServingRuntimes with the name: nope"),
        argumentSet("a named runtime that is disabled", model("onnx", null, null, "off"),
            List.of(OFF), "RuntimeDisabled", "Specified runtime off is disabled"),
        argumentSet("a named runtime for another format", model("onnx", null, null, "manual"),
            List.of(MANUAL), "NoSupportingRuntime",
            "Specified runtime manual does not support specified framework/version"),
        argumentSet("a named runtime for another protocol", model("onnx", null, "v2", "low"),
            List.of(LOW), "NoSupportingRuntime",
            "Specified runtime low does not support specified protocol version"),
        argumentSet("a disabled namespaced runtime hides the cluster one of its name",
            model("onnx", null, null, "low"),
            List.of(LOW, namespaced("low").format("onnx", true, 1).disabled().build()),
            "RuntimeDisabled", "Specified runtime low is disabled"),
        argumentSet("a runtime without a container", model("onnx", null, null, null),
            List.of(cluster("empty").format("onnx", true, 1).noContainer().build()),
            "InvalidRuntime", "runtime empty has no container"));
  }

  @ParameterizedTest
  @MethodSource("failures")
  void refuses(PredictorSpec predictor, List<ServingRuntime> runtimes, String reason,
      String message) {
    assertThat(RuntimeSelector.select("iris", predictor, runtimes))
        .isEqualTo(new RuntimeChoice.Unavailable(reason, message));
  }

  @Test
  void aNamespacedRuntimeWinsOverTheClusterRuntimeOfTheSameName() {
    ServingRuntime mine = namespaced("low").format("onnx", true, 1).image("mine:1").build();
    RuntimeChoice choice = RuntimeSelector.select("iris", model("onnx", null, null, "low"),
        List.of(LOW, mine));
    assertThat(((RuntimeChoice.Chosen) choice).container().image()).isEqualTo("mine:1");
  }

  static Stream<Arguments> fallbacks() {
    return Stream.of(
        argumentSet("nothing else serves the format", model("onnx", null, null, null),
            List.of(MANUAL), "built-in:1"),
        argumentSet("a cluster runtime serves it, even without priority",
            model("onnx", null, null, null), List.of(UNRANKED), "runtime:1"),
        argumentSet("named, and the cluster has no runtime of that name",
            model("onnx", null, null, "kanary-onnx"), List.of(HIGH), "built-in:1"),
        argumentSet("named, and a cluster runtime of that name shadows it",
            model("onnx", null, null, "kanary-onnx"),
            List.of(cluster("kanary-onnx").format("onnx", true, 1).build()), "runtime:1"));
  }

  @ParameterizedTest
  @MethodSource("fallbacks")
  void aFallbackServesOnlyWhatNoOtherRuntimeServes(
      PredictorSpec predictor, List<ServingRuntime> runtimes, String image) {
    ServingRuntime builtIn = cluster("kanary-onnx").format("onnx", true, 1).image("built-in:1")
        .build();
    RuntimeChoice choice = RuntimeSelector.select("iris", predictor, runtimes, List.of(builtIn));
    assertThat(((RuntimeChoice.Chosen) choice).container().image()).isEqualTo(image);
  }

  static Stream<Arguments> protocols() {
    return Stream.of(
        argumentSet("the model's own", model("onnx", null, "v2", null), List.of(ONNX), "v2"),
        argumentSet("else the runtime's lowest version", model("onnx", null, null, null),
            List.of(ONNX), "v1"),
        argumentSet("a named v2-only runtime speaks v2", model("onnx", null, null, "v2only"),
            List.of(V2_ONLY), "v2"),
        argumentSet("v1 when the runtime lists none", model("onnx", null, null, null),
            List.of(ANY_PROTOCOL), "v1"));
  }

  @ParameterizedTest
  @MethodSource("protocols")
  void theProtocolIsTheModelsElseTheRuntimesLowest(
      PredictorSpec predictor, List<ServingRuntime> runtimes, String protocol) {
    assertThat(RuntimeSelector.select("iris", predictor, runtimes))
        .isInstanceOfSatisfying(RuntimeChoice.Chosen.class,
            chosen -> assertThat(chosen.protocol()).isEqualTo(protocol));
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
  void theKserveContainerServesWhenTheRuntimeHasSeveral() {
    ServingRuntime runtime = cluster("two").format("onnx", true, 1).build();
    Container sidecar = new Container("agent", "agent:1", List.of(), List.of(), null, null, null);
    ServingRuntime withSidecar = new ServingRuntime(runtime.apiVersion(), runtime.kind(),
        runtime.metadata(), new ServingRuntimeSpec(runtime.spec().supportedModelFormats(),
            runtime.spec().protocolVersions(),
            List.of(sidecar, runtime.spec().containers().getFirst()), null, null), null);
    RuntimeChoice choice = RuntimeSelector.select("iris", model("onnx", null, null, null),
        List.of(withSidecar));
    assertThat(((RuntimeChoice.Chosen) choice).container().image()).isEqualTo("runtime:1");
  }

  @Test
  void theChosenRuntimeBringsItsPodFieldsLabelsAndAnnotations() throws Exception {
    ServingRuntime gpu = Json.yaml().readValue("""
        apiVersion: serving.kserve.io/v1alpha1
        kind: ClusterServingRuntime
        metadata: {name: gpu-onnx}
        spec:
          supportedModelFormats: [{name: onnx, version: "1", autoSelect: true, priority: 5}]
          protocolVersions: [v1, v2]
          containers: [{name: kserve-container, image: "gpu:1"}]
          nodeSelector: {accelerator: a100}
          tolerations: [{key: nvidia.com/gpu, operator: Exists}]
          volumes: [{name: shm, emptyDir: {medium: Memory}}]
          labels: {team: ml}
          annotations: {prometheus.io/scrape: "true"}
          multiModel: false
        """, ServingRuntime.class);

    RuntimeChoice choice = RuntimeSelector.select("iris", model("onnx", null, null, null),
        List.of(gpu));

    RuntimePod pod = ((RuntimeChoice.Chosen) choice).pod();
    assertThat(pod.fields()).containsOnlyKeys("volumes", "nodeSelector", "tolerations");
    assertThat(pod.fields().get("nodeSelector")).isEqualTo(Map.of("accelerator", "a100"));
    assertThat(pod.labels()).isEqualTo(Map.of("team", "ml"));
    assertThat(pod.annotations()).isEqualTo(Map.of("prometheus.io/scrape", "true"));
  }

  @Test
  void aCustomContainerRunsAsItIs() {
    Container custom = new Container("kserve-container", null, List.of("python", "serve.py"),
        List.of("--port", "{{.Port}}"), null, null, null);
    RuntimeChoice choice =
        RuntimeSelector.select("iris", PredictorSpec.ofContainers(List.of(custom)), List.of());
    assertThat(choice).isEqualTo(new RuntimeChoice.Chosen(custom, "v1", "", RuntimePod.NONE));
  }

  private static PredictorSpec model(String format, String version, String protocol,
      String runtime) {
    return PredictorSpec.ofModel(new ModelSpec(new ModelFormat(format, version), runtime,
        "file:///models/iris", null, protocol, null, null, null, null, null, null, null));
  }

  /** Standalone kanary's built-in runtime, as its store holds it. */
  private static ServingRuntime kanaryOnnx() {
    Container container = new Container(PredictorSpec.KSERVE_CONTAINER, null,
        List.of("kanary", "model-server"),
        List.of("--model-dir", "/mnt/models", "--model-name", "{{.Name}}",
            "--http-port", "{{.Port}}"),
        null, null, null);
    return new ServingRuntime(ServingRuntime.API_VERSION, ServingRuntime.CLUSTER_KIND,
        ObjectMeta.of(null, "kanary-onnx"),
        new ServingRuntimeSpec(List.of(new SupportedModelFormat("onnx", "1", true, 1)),
            List.of("v1", "v2"), List.of(container), null, null),
        null);
  }

  private static RuntimeBuilder cluster(String name) {
    return new RuntimeBuilder(ServingRuntime.CLUSTER_KIND, null, name);
  }

  private static RuntimeBuilder namespaced(String name) {
    return new RuntimeBuilder(ServingRuntime.KIND, "default", name);
  }

  private static final class RuntimeBuilder {
    private final String kind;
    private final String namespace;
    private final String name;
    private SupportedModelFormat format;
    private List<String> protocols = List.of("v1");
    private boolean disabled;
    private boolean multiModel;
    private boolean container = true;
    private String image = "runtime:1";
    private Instant created;

    RuntimeBuilder(String kind, String namespace, String name) {
      this.kind = kind;
      this.namespace = namespace;
      this.name = name;
    }

    RuntimeBuilder format(String formatName, boolean autoSelect, Integer priority) {
      format = new SupportedModelFormat(formatName, null, autoSelect, priority);
      return this;
    }

    RuntimeBuilder protocols(String... versions) {
      protocols = List.of(versions);
      return this;
    }

    RuntimeBuilder disabled() {
      disabled = true;
      return this;
    }

    RuntimeBuilder multiModel() {
      multiModel = true;
      return this;
    }

    RuntimeBuilder noContainer() {
      container = false;
      return this;
    }

    RuntimeBuilder image(String runtimeImage) {
      image = runtimeImage;
      return this;
    }

    RuntimeBuilder created(String timestamp) {
      created = Instant.parse(timestamp);
      return this;
    }

    ServingRuntime build() {
      Container serving = new Container("kserve-container", image, List.of("serve"), List.of(),
          null, null, null);
      ObjectMeta meta = new ObjectMeta(name, null, namespace, null, null, null, created, null,
          null, null, null, null, null);
      return new ServingRuntime(ServingRuntime.API_VERSION, kind, meta,
          new ServingRuntimeSpec(List.of(format), protocols,
              container ? List.of(serving) : List.of(), disabled,
              multiModel ? Map.of("multiModel", true) : null),
          null);
    }
  }
}
