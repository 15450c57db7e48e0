package dev.kanary.operator;

import dev.kanary.operator.isvc.InferenceServiceReconciler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kanary as a Kubernetes operator: the Java Operator SDK running the InferenceService reconciler
 * over a fabric8 client. Writes use plain creates, updates and JSON patches, not server-side
 * apply, so that fabric8's mock API server can drive it in tests.
 */
public final class KanaryOperator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KanaryOperator.class);

  private final Operator operator;
  private final ClusterApis apis;

  private KanaryOperator(Operator operator, ClusterApis apis) {
    this.operator = operator;
    this.apis = apis;
  }

  /**
   * Discovers the cluster's APIs, then starts watching InferenceServices.
   *
   * @param client the client to work through; the operator does not close it
   */
  public static KanaryOperator start(
      KubernetesClient client, OperatorSettings settings, Clock clock) {
    ClusterApis apis = ClusterApis.discover(client);
    log.info("Knative Serving {}; Gateway API {}; ServingRuntime CRDs {}",
        found(apis.knative()), found(apis.gatewayApi()), found(apis.servingRuntimes()));
    Operator operator = new Operator(o -> {
      o.withKubernetesClient(client)
          .withCloseClientOnStop(false)
          .withUseSSAToPatchPrimaryResource(false);
      settings.leaderElection().ifPresent(lease -> o.withLeaderElectionConfiguration(
          new LeaderElectionConfiguration(lease.name(), lease.namespace())));
    });
    operator.register(new InferenceServiceReconciler(client, settings, apis, clock),
        config -> {
          config.withFinalizer(InferenceServiceReconciler.FINALIZER);
          // As KServe's controller: annotations and labels feed the children, and a status
          // change (a rollback recorded, reference/kserve.md §1.5) is planned from at once.
          config.withGenerationAware(false);
          if (settings.namespaces().isEmpty()) {
            config.watchingAllNamespaces();
          } else {
            config.settingNamespaces(settings.namespaces());
          }
        });
    operator.start();
    return new KanaryOperator(operator, apis);
  }

  private static String found(boolean served) {
    return served ? "found" : "not found";
  }

  public ClusterApis apis() {
    return apis;
  }

  @Override
  public void close() {
    operator.stop();
  }
}
