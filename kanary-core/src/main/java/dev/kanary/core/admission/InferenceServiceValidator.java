package dev.kanary.core.admission;

import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.kserve.ComponentExtension;
import dev.kanary.core.kserve.ExplainerSpec;
import dev.kanary.core.kserve.FrameworkSpec;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.InferenceServiceSpec;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.kserve.TransformerSpec;
import dev.kanary.core.validation.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * KServe's InferenceService admission checks, in KServe's order and with its exact messages; the
 * first failing check is the answer, as in KServe's webhook. Then kanary's own: a
 * canaryTrafficPercent outside 0..100 is refused here instead of by Knative at reconcile time, and a
 * deployment mode kanary does not serve is refused instead of silently ignored. Standalone kanary
 * serves Knative mode only; the operator also serves Standard mode.
 */
public final class InferenceServiceValidator {
  static final String NAME_FORMAT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final Pattern NAME = Pattern.compile("^" + NAME_FORMAT + "$");

  public static final String DEPLOYMENT_MODE_ANNOTATION = "serving.kserve.io/deploymentMode";
  static final String AUTOSCALER_CLASS_ANNOTATION = "serving.kserve.io/autoscalerClass";
  static final String KNATIVE_CLASS_ANNOTATION = "autoscaling.knative.dev/class";
  static final String HPA_CLASS = "hpa.autoscaling.knative.dev";
  private static final Set<String> AUTOSCALER_CLASSES = Set.of("hpa", "external", "none", "keda");
  private static final Set<String> KPA_METRICS = Set.of("concurrency", "rps");
  private static final Set<String> HPA_METRICS = Set.of("cpu", "memory");
  private static final ServedModes STANDALONE = new ServedModes(Set.of("Knative", "Serverless"),
      "kanary serves InferenceServices in Knative mode only; remove the annotation or set it to"
          + " \"Knative\"");
  private static final ServedModes OPERATOR = new ServedModes(
      Set.of("Knative", "Serverless", "Standard", "RawDeployment"),
      "kanary's operator serves the Knative and Standard modes; remove the annotation or set it to"
          + " \"Knative\" or \"Standard\"");
  private static final Set<String> LOGGER_MODES = Set.of("all", "request", "response");

  private InferenceServiceValidator() {}

  /** The deployment modes one way of running kanary serves, and what to tell a user of another. */
  private record ServedModes(Set<String> modes, String hint) {}

  /** The first problem with the InferenceService for standalone kanary, or empty when valid. */
  public static Optional<String> validate(InferenceService isvc) {
    return validate(isvc, STANDALONE);
  }

  /**
   * The same checks for the Kubernetes operator, which also serves Standard (RawDeployment) mode:
   * the first problem, or empty when valid.
   */
  public static Optional<String> validateForOperator(InferenceService isvc) {
    return validate(isvc, OPERATOR);
  }

  private static Optional<String> validate(InferenceService isvc, ServedModes served) {
    String name = isvc.metadata() == null ? "" : nullToEmpty(isvc.metadata().name());
    Map<String, String> annotations =
        isvc.metadata() == null ? Map.of() : isvc.metadata().annotations();
    InferenceServiceSpec spec = isvc.spec();
    return first(
        () -> checkName(name),
        () -> checkAutoscalerClass(annotations),
        () -> spec == null || spec.predictor() == null
            ? Optional.of("spec.predictor: Required value: an InferenceService needs a predictor,"
                + " e.g. spec.predictor.model {modelFormat: {name: onnx}, storageUri: ...}")
            : Optional.empty(),
        () -> checkCollocatedTransformer(spec.predictor()),
        () -> checkStandardPredictorName(spec.predictor()),
        () -> checkStorageUris(spec.predictor()),
        () -> checkComponents(annotations, components(spec)),
        () -> checkCanaryPercents(spec),
        () -> checkDeploymentMode(annotations, served),
        () -> checkModelFormat(spec.predictor()));
  }

  @SafeVarargs
  private static Optional<String> first(java.util.function.Supplier<Optional<String>>... checks) {
    for (var check : checks) {
      Optional<String> problem = check.get();
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkName(String name) {
    if (NAME.matcher(name).matches()) {
      return Optional.empty();
    }
    return Optional.of("the InferenceService \"" + name + "\" is invalid: a InferenceService name"
        + " must consist of lower case alphanumeric characters or '-', and must start with"
        + " alphabetical character. (e.g. \"my-name\" or \"abc-123\", regex used for validation is '"
        + NAME_FORMAT + "')");
  }

  private static Optional<String> checkAutoscalerClass(Map<String, String> annotations) {
    String value = annotations.get(AUTOSCALER_CLASS_ANNOTATION);
    if (value == null || AUTOSCALER_CLASSES.contains(value)) {
      return Optional.empty();
    }
    return Optional.of("[" + value + "] is not a supported autoscaler class type");
  }

  private static Optional<String> checkCollocatedTransformer(PredictorSpec predictor) {
    return predictor.containers().stream()
        .filter(c -> "transformer-container".equals(c.name()))
        .findFirst()
        .filter(c -> c.env().stream().map(EnvVar::name).anyMatch("STORAGE_URI"::equals))
        .map(c -> "storage uri should not be specified in transformer container");
  }

  private static Optional<String> checkStandardPredictorName(PredictorSpec predictor) {
    boolean named = Stream.of(predictor.sklearn(), predictor.xgboost(), predictor.tensorflow(),
            predictor.pytorch(), predictor.triton(), predictor.onnx(), predictor.huggingface(),
            predictor.pmml(), predictor.lightgbm(), predictor.paddle())
        .filter(f -> f != null)
        .map(FrameworkSpec::name)
        .anyMatch(n -> n != null && !n.isEmpty())
        || (predictor.model() != null && predictor.model().name() != null
            && !predictor.model().name().isEmpty());
    return named
        ? Optional.of("the 'name' field is not allowed in standard predictor")
        : Optional.empty();
  }

  private static Optional<String> checkStorageUris(PredictorSpec predictor) {
    boolean both = predictor.extra().containsKey("storageUris")
        && predictor.effectiveModel().map(m -> m.storageUri() != null).orElse(false);
    return both
        ? Optional.of("Setting both StorageURI and StorageURIs is not supported.")
        : Optional.empty();
  }

  private static List<ComponentExtension> components(InferenceServiceSpec spec) {
    List<ComponentExtension> components = new ArrayList<>();
    components.add(spec.predictor());
    if (spec.transformer() != null) {
      components.add(spec.transformer());
    }
    if (spec.explainer() != null) {
      components.add(spec.explainer());
    }
    return components;
  }

  private static Optional<String> checkComponents(
      Map<String, String> annotations, List<ComponentExtension> components) {
    for (ComponentExtension component : components) {
      Optional<String> problem = first(
          () -> checkExactlyOne(component),
          () -> checkExtension(component),
          () -> checkAutoscaling(annotations, component));
      if (problem.isPresent()) {
        return problem;
      }
    }
    return Optional.empty();
  }

  private static Optional<String> checkExactlyOne(ComponentExtension component) {
    if (component.implementationCount() == 1) {
      return Optional.empty();
    }
    return Optional.of("exactly one of [" + String.join(", ", component.implementationFieldNames())
        + "] must be specified in " + component.typeName());
  }

  private static Optional<String> checkExtension(ComponentExtension component) {
    if (component.containerConcurrency() != null && component.containerConcurrency() < 0) {
      return Optional.of("parallelism cannot be less than 0");
    }
    int min = component.minReplicas() == null ? 1 : component.minReplicas();
    int max = component.maxReplicas() == null ? 0 : component.maxReplicas();
    if (min < 0) {
      return Optional.of("'MinReplicas' cannot be less than 0");
    }
    if (max < 0) {
      return Optional.of("'MaxReplicas' cannot be less than 0");
    }
    if (min > max && max != 0) {
      return Optional.of("'MinReplicas' cannot be greater than MaxReplicas");
    }
    if (extraOf(component).get("logger") instanceof Map<?, ?> logger
        && !LOGGER_MODES.contains(String.valueOf(logger.get("mode")))) {
      return Optional.of("invalid logger type");
    }
    return Optional.empty();
  }

  private static Optional<String> checkAutoscaling(
      Map<String, String> annotations, ComponentExtension component) {
    if ("Standard".equals(annotations.get(DEPLOYMENT_MODE_ANNOTATION))) {
      return Optional.empty();
    }
    Integer target = component.scaleTarget();
    if (HPA_CLASS.equals(annotations.get(KNATIVE_CLASS_ANNOTATION))) {
      String metric = component.scaleMetric() == null ? "cpu" : component.scaleMetric();
      if (!HPA_METRICS.contains(metric)) {
        return Optional.of("[" + metric + "] is not a supported metric");
      }
      // KServe's condition reads (cpu && target < 1) || target > 100, for any metric.
      if (target != null && (("cpu".equals(metric) && target < 1) || target > 100)) {
        return Optional.of("the target utilization percentage should be a [1-100] integer");
      }
      if (target != null && "memory".equals(metric) && target < 1) {
        return Optional.of("the target memory should be greater than 1 MiB");
      }
      return Optional.empty();
    }
    if (extraOf(component).containsKey("deploymentStrategy")) {
      return Optional.of("customizing deploymentStrategy is only supported for raw deployment mode");
    }
    String metric = component.scaleMetric() == null ? "concurrency" : component.scaleMetric();
    if (!KPA_METRICS.contains(metric)) {
      return Optional.of("[" + metric + "] is not a supported metric");
    }
    if (target != null && "rps".equals(metric) && target < 1) {
      return Optional.of("the target for rps should be greater than 1");
    }
    return Optional.empty();
  }

  private static Optional<String> checkCanaryPercents(InferenceServiceSpec spec) {
    FieldError errors = canaryPercent(spec.predictor().canaryTrafficPercent(), "predictor")
        .also(spec.transformer() == null ? FieldError.NONE
            : canaryPercent(spec.transformer().canaryTrafficPercent(), "transformer"))
        .also(spec.explainer() == null ? FieldError.NONE
            : canaryPercent(spec.explainer().canaryTrafficPercent(), "explainer"));
    return errors.isEmpty() ? Optional.empty() : Optional.of(errors.render());
  }

  private static FieldError canaryPercent(Long percent, String component) {
    if (percent == null || (percent >= 0 && percent <= 100)) {
      return FieldError.NONE;
    }
    return FieldError.outOfBounds(percent, 0, 100, "canaryTrafficPercent")
        .viaField(component).viaField("spec");
  }

  private static Optional<String> checkDeploymentMode(
      Map<String, String> annotations, ServedModes served) {
    String mode = annotations.get(DEPLOYMENT_MODE_ANNOTATION);
    if (mode == null || served.modes().contains(mode)) {
      return Optional.empty();
    }
    return Optional.of("metadata.annotations." + DEPLOYMENT_MODE_ANNOTATION + ": Unsupported value: \""
        + mode + "\": " + served.hint());
  }

  private static Optional<String> checkModelFormat(PredictorSpec predictor) {
    if (predictor.model() != null && (predictor.model().formatName() == null
        || predictor.model().formatName().isEmpty())) {
      return Optional.of("spec.predictor.model.modelFormat.name: Required value: name the model's"
          + " format, e.g. modelFormat: {name: onnx}");
    }
    return Optional.empty();
  }

  private static Map<String, Object> extraOf(ComponentExtension component) {
    return switch (component) {
      case PredictorSpec p -> p.extra();
      case TransformerSpec t -> t.extra();
      case ExplainerSpec e -> e.extra();
      default -> Map.of();
    };
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
