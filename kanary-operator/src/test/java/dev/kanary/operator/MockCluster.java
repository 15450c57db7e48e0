package dev.kanary.operator;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.kserve.ComponentStatus;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.InferenceServiceStatus;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.operator.resource.Conversions;
import dev.kanary.operator.resource.InferenceServiceResource;
import io.fabric8.knative.pkg.apis.Condition;
import io.fabric8.knative.pkg.apis.ConditionBuilder;
import io.fabric8.knative.serving.v1.ServiceStatusBuilder;
import io.fabric8.knative.serving.v1.TrafficTarget;
import io.fabric8.knative.serving.v1.TrafficTargetBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A cluster as fabric8's mock API server in CRUD mode plays it, with the real operator running
 * against it. Nothing in the mock runs Knative or Deployments, so tests play their part: they
 * write the Knative Service status, or a Deployment's Available condition, as KServe's envtest
 * does.
 *
 * <p>A JUnit extension: a test class holds one in a static {@code @RegisterExtension} field, and
 * the cluster is up from before its first test to after its last.
 */
final class MockCluster implements BeforeAllCallback, AfterAllCallback {
  static final String NAMESPACE = "default";
  static final Duration WAIT = Duration.ofSeconds(15);
  private static final Path CRDS = Path.of("..", "deploy", "crds");
  private static final List<String> KSERVE_CRDS = List.of(
      "serving.kserve.io_inferenceservices.yaml", "serving.kserve.io_servingruntimes.yaml",
      "serving.kserve.io_clusterservingruntimes.yaml");

  /** The mock server logs every request it answers; held so the setting is not collected. */
  private static final Logger MOCK_SERVER_LOG = Logger.getLogger("io.fabric8.mockwebserver");

  static {
    MOCK_SERVER_LOG.setLevel(Level.WARNING);
  }

  private KubernetesMockServer server;
  private KanaryOperator operator;
  KubernetesClient client;
  Conversions conversions;

  /**
   * Starts the mock API server, installs the CRDs from deploy/crds (InferenceService,
   * ServingRuntime, ClusterServingRuntime) and CRDs standing in for Knative Serving and the
   * Gateway API, then starts the operator.
   */
  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
    server = new KubernetesMockServer(new Context(), new MockWebServer(),
        responses, new KubernetesMixedDispatcher(responses), false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    client = server.createClient();
    conversions = new Conversions(client.getKubernetesSerialization());
    for (String file : KSERVE_CRDS) {
      try (InputStream crd = Files.newInputStream(CRDS.resolve(file))) {
        client.resource(client.getKubernetesSerialization()
            .unmarshal(crd, CustomResourceDefinition.class)).create();
      }
    }
    client.resource(crd("serving.knative.dev", "services", "Service")).create();
    client.resource(crd("gateway.networking.k8s.io", "httproutes", "HTTPRoute")).create();
    operator = KanaryOperator.start(client,
        OperatorSettings.defaults().withServerDryRun(false), Clock.systemUTC());
  }

  private static CustomResourceDefinition crd(String group, String plural, String kind) {
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName(plural + "." + group).endMetadata()
        .withNewSpec()
        .withGroup(group)
        .withScope("Namespaced")
        .withNewNames().withKind(kind).withPlural(plural).withSingular(kind.toLowerCase())
        .endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSubresources().withNewStatus().endStatus().endSubresources()
        .endVersion()
        .endSpec()
        .build();
  }

  /** Stops what {@link #beforeAll} got to start, should it have failed half way. */
  @Override
  public void afterAll(ExtensionContext context) {
    if (operator != null) {
      operator.close();
    }
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.destroy();
    }
  }

  // InferenceServices

  void createIsvc(String yaml) {
    client.resource(client.getKubernetesSerialization()
        .unmarshal(yaml, InferenceServiceResource.class)).inNamespace(NAMESPACE).create();
  }

  /** Edits the InferenceService as kubectl edit does, again if the operator wrote meanwhile. */
  void editIsvc(String isvc, Consumer<InferenceServiceResource> edit) {
    retryOnConflict(() -> client.resources(InferenceServiceResource.class).inNamespace(NAMESPACE)
        .withName(isvc)
        .edit(r -> {
          edit.accept(r);
          return r;
        }));
  }

  void editPredictor(String isvc, Consumer<ObjectNode> edit) {
    editIsvc(isvc, r -> edit.accept((ObjectNode) r.getSpec().get("predictor")));
  }

  /** A new model: the predictor's storageUri. */
  static void storageUri(ObjectNode predictor, String uri) {
    ((ObjectNode) predictor.get("model")).put("storageUri", uri);
  }

  void deleteIsvc(String isvc) {
    client.resources(InferenceServiceResource.class).inNamespace(NAMESPACE).withName(isvc)
        .delete();
  }

  Optional<InferenceService> isvc(String name) {
    return Optional.ofNullable(client.resources(InferenceServiceResource.class)
            .inNamespace(NAMESPACE).withName(name).get())
        .map(conversions::inferenceService);
  }

  InferenceServiceStatus status(String isvc) {
    return isvc(isvc).orElseThrow().statusOrEmpty();
  }

  ComponentStatus predictor(String isvc) {
    return status(isvc).component(ComponentType.PREDICTOR);
  }

  // Runtimes

  /** Creates a ServingRuntime (in the test namespace) or ClusterServingRuntime from its YAML. */
  void createRuntime(String yaml) {
    GenericKubernetesResource runtime =
        client.getKubernetesSerialization().unmarshal(yaml, GenericKubernetesResource.class);
    if (ServingRuntime.KIND.equals(runtime.getKind())) {
      client.resource(runtime).inNamespace(NAMESPACE).create();
    } else {
      client.resource(runtime).create();
    }
  }

  /** Edits a ClusterServingRuntime's spec. */
  void editClusterRuntime(String name, Consumer<Map<String, Object>> edit) {
    retryOnConflict(() -> client.genericKubernetesResources(ServingRuntime.API_VERSION,
            ServingRuntime.CLUSTER_KIND).withName(name)
        .edit(r -> {
          Map<String, Object> spec = r.get("spec");
          edit.accept(spec);
          return r;
        }));
  }

  // Knative

  Optional<io.fabric8.knative.serving.v1.Service> ksvc(String name) {
    return Optional.ofNullable(client.resources(io.fabric8.knative.serving.v1.Service.class)
        .inNamespace(NAMESPACE).withName(name).get());
  }

  List<TrafficTarget> ksvcTraffic(String name) {
    return ksvc(name).orElseThrow().getSpec().getTraffic();
  }

  io.fabric8.knative.serving.v1.Service awaitKsvc(String name) {
    return await().atMost(WAIT).until(() -> ksvc(name), Optional::isPresent).orElseThrow();
  }

  /**
   * Plays Knative: the Service is Ready with these revisions and this route status, as KServe's
   * envtest fakes it.
   */
  void knativeReports(String name, String created, String ready, TrafficTarget... traffic) {
    retryOnConflict(() -> client.resources(io.fabric8.knative.serving.v1.Service.class)
        .inNamespace(NAMESPACE).withName(name).editStatus(s -> {
          s.setStatus(new ServiceStatusBuilder()
              .withObservedGeneration(s.getMetadata().getGeneration())
              .withLatestCreatedRevisionName(created)
              .withLatestReadyRevisionName(ready)
              .withUrl("http://" + name + "." + NAMESPACE + ".example.com")
              .withConditions(ready("ConfigurationsReady"), ready("Ready"), ready("RoutesReady"))
              .withTraffic(traffic)
              .build());
          return s;
        }));
  }

  /** A controller writing status retries when the operator wrote in between; so do the tests. */
  private static void retryOnConflict(Runnable write) {
    for (int attempt = 1; ; attempt++) {
      try {
        write.run();
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409 || attempt == 10) {
          throw e;
        }
      }
    }
  }

  private static Condition ready(String type) {
    return new ConditionBuilder().withType(type).withStatus("True").build();
  }

  static TrafficTarget latest(long percent) {
    return new TrafficTargetBuilder().withLatestRevision(true).withPercent(percent).build();
  }

  static TrafficTarget pinned(String revision, long percent, String tag) {
    return new TrafficTargetBuilder().withRevisionName(revision).withLatestRevision(false)
        .withPercent(percent).withTag(tag).build();
  }

  /** A route status entry: the revision a target resolved to. */
  static TrafficTarget routed(String revision, boolean latest, long percent, String tag) {
    return new TrafficTargetBuilder().withRevisionName(revision).withLatestRevision(latest)
        .withPercent(percent).withTag(tag).build();
  }

  // Standard mode

  Optional<Deployment> deployment(String name) {
    return Optional.ofNullable(
        client.apps().deployments().inNamespace(NAMESPACE).withName(name).get());
  }

  Optional<io.fabric8.kubernetes.api.model.Service> service(String name) {
    return Optional.ofNullable(client.services().inNamespace(NAMESPACE).withName(name).get());
  }

  Optional<HTTPRoute> route(String name) {
    return Optional.ofNullable(
        client.resources(HTTPRoute.class).inNamespace(NAMESPACE).withName(name).get());
  }

  /** Plays the Deployment controller: the revision's pods are up. */
  void markAvailable(String deployment) {
    retryOnConflict(() -> client.apps().deployments().inNamespace(NAMESPACE)
        .withName(deployment).editStatus(d -> {
      d.setStatus(new DeploymentStatusBuilder()
          .withObservedGeneration(d.getMetadata().getGeneration())
          .withReplicas(d.getSpec().getReplicas())
          .withAvailableReplicas(d.getSpec().getReplicas())
          .withConditions(new DeploymentConditionBuilder().withType("Available")
              .withStatus("True").withReason("MinimumReplicasAvailable")
              .withMessage("Deployment has minimum availability.").build())
          .build());
      return d;
    }));
  }

  /** The main rule's backends of an HTTPRoute, revision to weight. */
  static Map<String, Integer> weights(HTTPRoute route) {
    Map<String, Integer> weights = new LinkedHashMap<>();
    route.getSpec().getRules().get(0).getBackendRefs()
        .forEach(b -> weights.put(b.getName(), b.getWeight()));
    return weights;
  }
}
