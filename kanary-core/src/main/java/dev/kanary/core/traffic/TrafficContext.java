package dev.kanary.core.traffic;

/**
 * Where a traffic block is being validated, Knative's {@code apis.WithinSpec/WithinStatus} and
 * {@code WithDefaultConfigurationName} context flags as a value.
 *
 * @param scope whether the block is a spec, a status, or neither
 * @param defaultConfigurationName true for a Service's traffic, where a target naming neither a
 *     revision nor a configuration means the Service's own configuration
 */
public record TrafficContext(Scope scope, boolean defaultConfigurationName) {
  public enum Scope {
    SPEC,
    STATUS,
    /** Neither: Knative's bare {@code context.Background()}. */
    NONE
  }

  public static TrafficContext spec() {
    return new TrafficContext(Scope.SPEC, false);
  }

  public static TrafficContext status() {
    return new TrafficContext(Scope.STATUS, false);
  }

  public static TrafficContext bare() {
    return new TrafficContext(Scope.NONE, false);
  }

  public TrafficContext withDefaultConfigurationName() {
    return new TrafficContext(scope, true);
  }

  public boolean inSpec() {
    return scope == Scope.SPEC;
  }

  public boolean inStatus() {
    return scope == Scope.STATUS;
  }
}
