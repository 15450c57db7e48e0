package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.Records;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code spec.predictor}: exactly one implementation (a framework field, {@code model}, or custom
 * {@code containers}), plus the deployment settings of KServe's ComponentExtensionSpec.
 */
public record PredictorSpec(
    FrameworkSpec sklearn,
    FrameworkSpec xgboost,
    FrameworkSpec tensorflow,
    FrameworkSpec pytorch,
    FrameworkSpec triton,
    FrameworkSpec onnx,
    FrameworkSpec huggingface,
    FrameworkSpec pmml,
    FrameworkSpec lightgbm,
    FrameworkSpec paddle,
    ModelSpec model,
    List<Container> containers,
    Integer minReplicas,
    Integer maxReplicas,
    Integer scaleTarget,
    String scaleMetric,
    Long containerConcurrency,
    Long timeout,
    Long canaryTrafficPercent,
    Map<String, String> labels,
    Map<String, String> annotations,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra)
    implements ComponentExtension {

  /** KServe's name for the main container of a custom predictor. */
  public static final String KSERVE_CONTAINER = "kserve-container";

  private static final List<String> IMPLEMENTATION_FIELDS =
      List.of("SKLearn", "XGBoost", "Tensorflow", "PyTorch", "Triton", "ONNX", "HuggingFace",
          "PMML", "LightGBM", "Paddle", "Model", "StorageUris", "WorkerSpec", "PodSpec");

  public PredictorSpec {
    containers = Records.list(containers);
    labels = Records.map(labels);
    annotations = Records.map(annotations);
    extra = Records.extra(extra);
  }

  public static PredictorSpec ofModel(ModelSpec model) {
    return new PredictorSpec(null, null, null, null, null, null, null, null, null, null, model,
        null, null, null, null, null, null, null, null, null, null, null);
  }

  public static PredictorSpec ofContainers(List<Container> containers) {
    return new PredictorSpec(null, null, null, null, null, null, null, null, null, null, null,
        containers, null, null, null, null, null, null, null, null, null, null);
  }

  @Override
  public String typeName() {
    return "PredictorSpec";
  }

  @Override
  public List<String> implementationFieldNames() {
    return IMPLEMENTATION_FIELDS;
  }

  /**
   * Counts as KServe does: each framework field and {@code model}; then each container named
   * kserve-container, or, when nothing else is set, the first container. StorageUris and
   * WorkerSpec appear in the message's field list but are never counted, as in KServe.
   */
  @Override
  public int implementationCount() {
    int count = (int) frameworks().count() + (model != null ? 1 : 0);
    long named = containers.stream().filter(c -> KSERVE_CONTAINER.equals(c.name())).count();
    if (named > 0) {
      count += (int) named;
    } else if (!containers.isEmpty() && count == 0) {
      count = 1;
    }
    return count;
  }

  /**
   * The model to serve, with the older framework fields read as a model of that format. Empty for a
   * custom-container predictor.
   */
  @JsonIgnore
  public Optional<ModelSpec> effectiveModel() {
    if (model != null) {
      return Optional.of(model);
    }
    Map.Entry<String, FrameworkSpec> framework = frameworkEntries()
        .filter(e -> e.getValue() != null).findFirst().orElse(null);
    return framework == null
        ? Optional.empty()
        : Optional.of(framework.getValue().asModel(framework.getKey()));
  }

  /** The custom predictor container: kserve-container, else the first container. */
  @JsonIgnore
  public Optional<Container> customContainer() {
    return containers.stream().filter(c -> KSERVE_CONTAINER.equals(c.name())).findFirst()
        .or(() -> containers.stream().findFirst());
  }

  private Stream<FrameworkSpec> frameworks() {
    return frameworkEntries().map(Map.Entry::getValue).filter(f -> f != null);
  }

  private Stream<Map.Entry<String, FrameworkSpec>> frameworkEntries() {
    return Stream.of(
        entry("sklearn", sklearn), entry("xgboost", xgboost), entry("tensorflow", tensorflow),
        entry("pytorch", pytorch), entry("triton", triton), entry("onnx", onnx),
        entry("huggingface", huggingface), entry("pmml", pmml), entry("lightgbm", lightgbm),
        entry("paddle", paddle));
  }

  private static Map.Entry<String, FrameworkSpec> entry(String format, FrameworkSpec spec) {
    return new java.util.AbstractMap.SimpleImmutableEntry<>(format, spec);
  }

  public PredictorSpec withCanaryTrafficPercent(Long percent) {
    return new PredictorSpec(sklearn, xgboost, tensorflow, pytorch, triton, onnx, huggingface,
        pmml, lightgbm, paddle, model, containers, minReplicas, maxReplicas, scaleTarget,
        scaleMetric, containerConcurrency, timeout, percent, labels, annotations, extra);
  }

  public PredictorSpec withModel(ModelSpec newModel) {
    return new PredictorSpec(sklearn, xgboost, tensorflow, pytorch, triton, onnx, huggingface,
        pmml, lightgbm, paddle, newModel, containers, minReplicas, maxReplicas, scaleTarget,
        scaleMetric, containerConcurrency, timeout, canaryTrafficPercent, labels, annotations,
        extra);
  }

  public PredictorSpec withReplicas(Integer min, Integer max) {
    return new PredictorSpec(sklearn, xgboost, tensorflow, pytorch, triton, onnx, huggingface,
        pmml, lightgbm, paddle, model, containers, min, max, scaleTarget, scaleMetric,
        containerConcurrency, timeout, canaryTrafficPercent, labels, annotations, extra);
  }

  public PredictorSpec withContainerConcurrency(Long concurrency) {
    return new PredictorSpec(sklearn, xgboost, tensorflow, pytorch, triton, onnx, huggingface,
        pmml, lightgbm, paddle, model, containers, minReplicas, maxReplicas, scaleTarget,
        scaleMetric, concurrency, timeout, canaryTrafficPercent, labels, annotations, extra);
  }
}
