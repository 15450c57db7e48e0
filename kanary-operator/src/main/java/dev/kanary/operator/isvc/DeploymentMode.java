package dev.kanary.operator.isvc;

import java.util.Optional;

/**
 * The two ways the operator serves an InferenceService. Knative mode writes a Knative Service, as
 * KServe does; Standard mode writes a Deployment and Service per revision and a Gateway API
 * HTTPRoute that splits traffic between them.
 */
public enum DeploymentMode {
  KNATIVE("Knative"),
  STANDARD("Standard");

  public static final String ANNOTATION = "serving.kserve.io/deploymentMode";

  /** Where KServe records the mode it resolved, which then never changes. */
  public static final String STATUS_FIELD = "deploymentMode";

  private final String wire;

  DeploymentMode(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** A mode by any of its names, the legacy Serverless and RawDeployment included. */
  public static Optional<DeploymentMode> parse(String value) {
    if (value == null) {
      return Optional.empty();
    }
    return switch (value) {
      case "Knative", "Serverless" -> Optional.of(KNATIVE);
      case "Standard", "RawDeployment" -> Optional.of(STANDARD);
      default -> Optional.empty();
    };
  }

  /**
   * KServe's resolution: the mode already recorded in status, else the annotation, else the
   * operator's default.
   */
  public static DeploymentMode resolve(
      String statusMode, String annotation, DeploymentMode defaultMode) {
    return parse(statusMode).or(() -> parse(annotation)).orElse(defaultMode);
  }
}
