package dev.kanary.operator.predictor;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.kserve.ModelSpec;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.runtime.PodSpecMerge;
import dev.kanary.core.runtime.RuntimeChoice;
import dev.kanary.core.runtime.RuntimeSelector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a predictor's pods run, or why nothing can run. A custom predictor runs its own containers;
 * a model runs on the runtime KServe's selection picks from the cluster's ServingRuntimes and
 * ClusterServingRuntimes, with the built-in kanary-onnx runtime behind them, its container merged
 * with the model's. A storageUri adds KServe's storage initializer as an init container filling
 * /mnt/models, mounted read-only into the server (in a cluster with KServe, KServe's pod webhook
 * injects these; kanary has no webhook, so the operator writes them into the pod itself).
 *
 * @param containers the pod's containers
 * @param podFields the other pod-spec fields: init containers, volumes, and the pod-level fields
 *     the user set on the predictor (serviceAccountName, nodeSelector, tolerations, ...) over
 *     those the runtime sets
 * @param annotations annotations for the pod template that win over the InferenceService's, e.g.
 *     KServe's storage-initializer source URI
 * @param runtimeLabels the runtime's labels for the pod, under the InferenceService's
 * @param runtimeAnnotations the runtime's annotations for the pod, under the InferenceService's
 */
public record PredictorPod(
    List<Container> containers,
    Map<String, Object> podFields,
    Map<String, String> annotations,
    Map<String, String> runtimeLabels,
    Map<String, String> runtimeAnnotations) {

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
    runtimeLabels = Map.copyOf(runtimeLabels);
    runtimeAnnotations = Map.copyOf(runtimeAnnotations);
  }

  /** The labels of the pod: the runtime's under {@code own}. */
  public Map<String, String> labelsOver(Map<String, String> own) {
    Map<String, String> labels = new LinkedHashMap<>(runtimeLabels);
    labels.putAll(own);
    return labels;
  }

  /** The annotations of the pod: the runtime's under {@code own}, the operator's over both. */
  public Map<String, String> annotationsOver(Map<String, String> own) {
    Map<String, String> merged = new LinkedHashMap<>(runtimeAnnotations);
    merged.putAll(own);
    merged.putAll(annotations);
    return merged;
  }

  /**
   * The pod for {@code isvcName}'s predictor, or why there is none.
   *
   * @param runtimes the ServingRuntimes of the InferenceService's namespace and the
   *     ClusterServingRuntimes
   */
  public static Result build(String isvcName, PredictorSpec predictor,
      List<ServingRuntime> runtimes, RuntimeImages images) {
    Map<String, Object> podFields = new LinkedHashMap<>();
    POD_FIELDS.stream().sorted()
        .filter(predictor.extra()::containsKey)
        .forEach(field -> podFields.put(field, predictor.extra().get(field)));

    RuntimeChoice choice = RuntimeSelector.select(isvcName, predictor, runtimes,
        List.of(BuiltInRuntime.kanaryOnnx(images)));
    Optional<ModelSpec> model = predictor.effectiveModel();
    return switch (choice) {
      case RuntimeChoice.Unavailable unavailable -> new Result.Failed(unavailable);
      case RuntimeChoice.Chosen chosen when model.isEmpty() -> new Result.Built(
          new PredictorPod(predictor.containers(), podFields, Map.of(), Map.of(), Map.of()));
      case RuntimeChoice.Chosen chosen -> {
        Container server = chosen.container();
        Map<String, Object> fields = PodSpecMerge.merge(chosen.pod().fields(), podFields);
        Map<String, String> annotations = new LinkedHashMap<>();
        String storageUri = model.get().storageUri();
        if (storageUri != null && !storageUri.isBlank()) {
          annotations.put(STORAGE_URI_ANNOTATION, storageUri);
          append(fields, "initContainers", storageInitializer(storageUri, images));
          append(fields, "volumes", Map.of("name", MODEL_VOLUME, "emptyDir", Map.of()));
          server = withModelMount(server);
        }
        yield new Result.Built(new PredictorPod(List.of(server), fields, annotations,
            chosen.pod().labels(), chosen.pod().annotations()));
      }
    };
  }

  /** Either a pod or KServe's reason and message why there is none. */
  public sealed interface Result {
    record Built(PredictorPod pod) implements Result {}

    record Failed(RuntimeChoice.Unavailable unavailable) implements Result {}
  }

  /** The server reads the model the storage initializer wrote, as KServe's injector mounts it. */
  private static Container withModelMount(Container server) {
    Map<String, Object> fields = new LinkedHashMap<>(server.extra());
    append(fields, "volumeMounts",
        Map.of("name", MODEL_VOLUME, "mountPath", MODEL_DIR, "readOnly", true));
    return new Container(server.name(), server.image(), server.command(), server.args(),
        server.env(), server.resources(), fields);
  }

  private static Map<String, Object> storageInitializer(String storageUri, RuntimeImages images) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", STORAGE_INITIALIZER);
    container.put("image", images.storageInitializer());
    container.put("args", List.of(storageUri, MODEL_DIR));
    container.put("volumeMounts", List.of(Map.of("name", MODEL_VOLUME, "mountPath", MODEL_DIR)));
    return container;
  }

  /** Adds an entry to a list-valued field, after the ones already there. */
  private static void append(Map<String, Object> fields, String field, Object entry) {
    List<Object> values = new ArrayList<>();
    if (fields.get(field) instanceof List<?> existing) {
      values.addAll(existing);
    }
    values.add(entry);
    fields.put(field, values);
  }
}
