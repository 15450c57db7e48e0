package dev.kanary.operator.predictor;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.kserve.ModelSpec;
import dev.kanary.core.kserve.PredictorSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a predictor's pods run, or why nothing can run. A custom predictor runs its own containers;
 * a model runs on the built-in kanary-onnx runtime, with KServe's storage initializer as an init
 * container filling /mnt/models from the storageUri (in a cluster with KServe, KServe's pod webhook
 * injects that container; kanary has no webhook, so the operator writes it into the pod itself).
 *
 * @param containers the pod's containers
 * @param podFields the other pod-spec fields: init containers, volumes, and the pod-level fields
 *     the user set on the predictor (serviceAccountName, nodeSelector, tolerations, ...)
 * @param annotations annotations for the pod template, e.g. KServe's storage-initializer source URI
 */
public record PredictorPod(
    List<Container> containers,
    Map<String, Object> podFields,
    Map<String, String> annotations) {

  public static final String RUNTIME = "kanary-onnx";
  public static final String STORAGE_URI_ANNOTATION =
      "internal.serving.kserve.io/storage-initializer-sourceuri";
  public static final String MODEL_DIR = "/mnt/models";
  public static final int DEFAULT_PORT = 8080;
  static final String STORAGE_INITIALIZER = "storage-initializer";
  static final String MODEL_VOLUME = "kserve-provision-location";

  /** Pod-spec fields KServe's PredictorSpec inlines and the operator passes through as written. */
  private static final Set<String> POD_FIELDS = Set.of("serviceAccountName", "nodeSelector",
      "tolerations", "affinity", "imagePullSecrets", "securityContext", "priorityClassName",
      "runtimeClassName", "schedulerName", "topologySpreadConstraints",
      "automountServiceAccountToken", "hostAliases", "dnsPolicy", "dnsConfig", "volumes",
      "initContainers");

  public PredictorPod {
    containers = List.copyOf(containers);
    podFields = Collections.unmodifiableMap(new LinkedHashMap<>(podFields));
    annotations = Map.copyOf(annotations);
  }

  /** KServe's reasons when a predictor has no runtime, with their messages. */
  public record Unavailable(String reason, String message) {}

  /** The pod for {@code isvcName}'s predictor, or why there is none. */
  public static Result build(String isvcName, PredictorSpec predictor, RuntimeImages images) {
    Map<String, Object> podFields = new LinkedHashMap<>();
    POD_FIELDS.stream().sorted()
        .filter(predictor.extra()::containsKey)
        .forEach(field -> podFields.put(field, predictor.extra().get(field)));

    Optional<ModelSpec> model = predictor.effectiveModel();
    if (model.isEmpty()) {
      if (predictor.containers().isEmpty()) {
        return new Result.Failed(new Unavailable("InvalidPredictorSpec",
            "spec.predictor needs a model or a container"));
      }
      return new Result.Built(new PredictorPod(predictor.containers(), podFields, Map.of()));
    }
    ModelSpec spec = model.get();
    if (spec.runtime() != null && !spec.runtime().isBlank() && !RUNTIME.equals(spec.runtime())) {
      return new Result.Failed(new Unavailable("RuntimeNotRecognized",
          "No ServingRuntimes or ClusterServingRuntimes with the name: " + spec.runtime()));
    }
    if (!"onnx".equalsIgnoreCase(spec.formatName())) {
      return new Result.Failed(new Unavailable("NoSupportingRuntime",
          "No runtime found to support predictor with model type: " + spec.formatName()));
    }
    Map<String, String> annotations = new LinkedHashMap<>();
    if (spec.storageUri() != null && !spec.storageUri().isBlank()) {
      annotations.put(STORAGE_URI_ANNOTATION, spec.storageUri());
      append(podFields, "initContainers", storageInitializer(spec.storageUri(), images));
      append(podFields, "volumes", Map.of("name", MODEL_VOLUME, "emptyDir", Map.of()));
    }
    return new Result.Built(new PredictorPod(
        List.of(modelServer(isvcName, spec, images)), podFields, annotations));
  }

  /** Either a pod or the reason there is none. */
  public sealed interface Result {
    record Built(PredictorPod pod) implements Result {}

    record Failed(Unavailable unavailable) implements Result {}
  }

  /** The model server as the standalone kanary-onnx runtime starts it, listening on the pod IP. */
  private static Container modelServer(String isvcName, ModelSpec model, RuntimeImages images) {
    List<String> args = new ArrayList<>(List.of("--model-dir", MODEL_DIR, "--model-name",
        isvcName, "--http-port", String.valueOf(DEFAULT_PORT), "--bind", "0.0.0.0"));
    args.addAll(model.args());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("ports", List.of(
        Map.of("name", "http1", "containerPort", DEFAULT_PORT, "protocol", "TCP")));
    extra.put("readinessProbe", Map.of(
        "httpGet", Map.of("path", "/v2/health/ready", "port", DEFAULT_PORT)));
    extra.put("volumeMounts", List.of(
        Map.of("name", MODEL_VOLUME, "mountPath", MODEL_DIR, "readOnly", true)));
    List<EnvVar> env = model.env();
    return new Container(PredictorSpec.KSERVE_CONTAINER,
        model.image() != null ? model.image() : images.modelServer(),
        model.command().isEmpty() ? List.of("kanary", "model-server") : model.command(),
        args, env, model.resources(), extra);
  }

  private static Map<String, Object> storageInitializer(String storageUri, RuntimeImages images) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", STORAGE_INITIALIZER);
    container.put("image", images.storageInitializer());
    container.put("args", List.of(storageUri, MODEL_DIR));
    container.put("volumeMounts", List.of(Map.of("name", MODEL_VOLUME, "mountPath", MODEL_DIR)));
    return container;
  }

  /** Adds an entry to a list-valued pod field, after the ones the user wrote. */
  private static void append(Map<String, Object> podFields, String field, Object entry) {
    List<Object> values = new ArrayList<>();
    if (podFields.get(field) instanceof List<?> existing) {
      values.addAll(existing);
    }
    values.add(entry);
    podFields.put(field, values);
  }
}
