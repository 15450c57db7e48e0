package dev.kanary.core.traffic;

import dev.kanary.core.k8s.GoDuration;
import dev.kanary.core.k8s.K8sNames;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.validation.FieldError;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The route-facing validation of a Route or a Service: its name, its rollout-duration annotation
 * and its traffic block, with Knative's full paths ({@code metadata.name}, {@code spec.traffic[0]
 * .percent}, ...). Traffic should be defaulted first ({@link TrafficDefaults}), as Knative's
 * webhook defaults before it validates.
 */
public final class RouteValidator {
  /** Per-route gradual rollout duration, a Go duration at second precision. */
  public static final String ROLLOUT_DURATION_KEY = "serving.knative.dev/rollout-duration";

  /** The annotation's older spelling, still honoured; the current one wins when both are set. */
  public static final String LEGACY_ROLLOUT_DURATION_KEY = "serving.knative.dev/rolloutDuration";

  private RouteValidator() {}

  /** A standalone Route: every target must name a revision or a configuration. */
  public static FieldError validateRoute(ObjectMeta metadata, List<TrafficTarget> traffic) {
    return validateMetadata(metadata).viaField("metadata")
        .also(TrafficValidator.validateTraffic(traffic, TrafficContext.spec())
            .viaField("traffic").viaField("spec"));
  }

  /**
   * A Service: its traffic has the Service's own configuration as default, so a target may name
   * neither a revision nor a configuration, and must not name a configuration.
   */
  public static FieldError validateService(ObjectMeta metadata, List<TrafficTarget> traffic) {
    TrafficContext context = TrafficContext.spec().withDefaultConfigurationName();
    return validateMetadata(metadata).viaField("metadata")
        .also(TrafficValidator.validateTraffic(traffic, context)
            .viaField("traffic").viaField("spec"));
  }

  /** A Route's or Service's {@code status.traffic}, as the controller writes it. */
  public static FieldError validateStatusTraffic(List<TrafficTarget> traffic) {
    return TrafficValidator.validateTraffic(traffic, TrafficContext.status())
        .viaField("traffic").viaField("status");
  }

  /** Name (or generateName) and rollout annotation; paths relative to {@code metadata}. */
  public static FieldError validateMetadata(ObjectMeta metadata) {
    return validateName(metadata.name(), metadata.generateName())
        .also(validateRolloutDuration(metadata.annotations()).viaField("annotations"));
  }

  /**
   * Knative's {@code apis.ValidateObjectMetadata}: the first problem only. A route's name becomes
   * a DNS label of its host, hence DNS-1035 rather than the usual DNS-1123 subdomain.
   */
  static FieldError validateName(String name, String generateName) {
    if (generateName != null && !generateName.isEmpty()) {
      List<String> msgs = K8sNames.nameIsDns1035Label(generateName, true);
      if (!msgs.isEmpty()) {
        return FieldError.of(
            "not a DNS 1035 label prefix: " + K8sNames.goList(msgs), "generateName");
      }
    }
    if (name != null && !name.isEmpty()) {
      List<String> msgs = K8sNames.nameIsDns1035Label(name, false);
      if (!msgs.isEmpty()) {
        return FieldError.of("not a DNS 1035 label: " + K8sNames.goList(msgs), "name");
      }
    }
    if ((generateName == null || generateName.isEmpty()) && (name == null || name.isEmpty())) {
      return FieldError.of("name or generateName is required", "name");
    }
    return FieldError.NONE;
  }

  /**
   * The rollout duration must parse as a Go duration, be whole seconds, and not be negative; the
   * path is the annotation key that was used.
   */
  static FieldError validateRolloutDuration(Map<String, String> annotations) {
    String key = annotations.containsKey(ROLLOUT_DURATION_KEY)
        ? ROLLOUT_DURATION_KEY
        : LEGACY_ROLLOUT_DURATION_KEY;
    String value = annotations.get(key);
    if (value == null || value.isEmpty()) {
      return FieldError.NONE;
    }
    if (!(GoDuration.parse(value) instanceof GoDuration.Valid(Duration duration))) {
      return FieldError.invalidValue(value, key);
    }
    if (duration.getNano() != 0) {
      return FieldError.of("rollout-duration=" + value + " is not at second precision", key);
    }
    if (duration.isNegative()) {
      return FieldError.of("rollout-duration=" + value + " must be positive", key);
    }
    return FieldError.NONE;
  }
}
