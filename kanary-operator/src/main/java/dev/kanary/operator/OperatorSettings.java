package dev.kanary.operator;

import dev.kanary.operator.isvc.DeploymentMode;
import dev.kanary.operator.predictor.RuntimeImages;
import dev.kanary.operator.standard.GatewayRef;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the operator runs.
 *
 * @param namespaces the namespaces to watch; empty for all
 * @param domain the domain of the hosts InferenceServices are served on
 * @param defaultMode the mode of an InferenceService without the deploymentMode annotation
 * @param images the model-server and storage-initializer images of predictor pods
 * @param gateway the Gateway that Standard mode's HTTPRoutes attach to
 * @param serverDryRun compare Knative Services against a server-side dry run, as KServe does
 * @param leaderElection the lease that keeps one replica active, or empty to run without one
 */
public record OperatorSettings(
    Set<String> namespaces,
    String domain,
    DeploymentMode defaultMode,
    RuntimeImages images,
    GatewayRef gateway,
    boolean serverDryRun,
    Optional<Lease> leaderElection) {

  public static final String DEFAULT_DOMAIN = "example.com";
  public static final String DEFAULT_GATEWAY = "kanary-system/kanary-gateway";

  /** The Lease object leader election holds. */
  public record Lease(String namespace, String name) {
    public Lease {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(name, "name");
    }
  }

  public OperatorSettings {
    namespaces = Collections.unmodifiableSet(new LinkedHashSet<>(namespaces));
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(defaultMode, "defaultMode");
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(gateway, "gateway");
    Objects.requireNonNull(leaderElection, "leaderElection");
  }

  /** All namespaces, example.com, Knative by default, dry runs on, no leader election. */
  public static OperatorSettings defaults() {
    return new OperatorSettings(Set.of(), DEFAULT_DOMAIN, DeploymentMode.KNATIVE,
        RuntimeImages.defaults(), GatewayRef.parse(DEFAULT_GATEWAY), true, Optional.empty());
  }

  public OperatorSettings withServerDryRun(boolean enabled) {
    return new OperatorSettings(namespaces, domain, defaultMode, images, gateway, enabled,
        leaderElection);
  }
}
