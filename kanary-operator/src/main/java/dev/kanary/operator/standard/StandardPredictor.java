package dev.kanary.operator.standard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.core.kserve.InferenceServiceStatus;
import dev.kanary.core.traffic.RouteIdentity;
import dev.kanary.core.traffic.TagRoute;
import dev.kanary.operator.predictor.PredictorPod;
import dev.kanary.operator.resource.Conversions;
import dev.kanary.operator.resource.Writes;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standard mode's writes for one InferenceService, from a {@link StandardPlan}: the revisions'
 * Deployments and Services first, then the HTTPRoutes, and only then the revisions no route sends
 * traffic to any more are deleted, so that a revision that still serves is never taken away first.
 */
public final class StandardPredictor {
  private static final Logger log = LoggerFactory.getLogger(StandardPredictor.class);

  private final KubernetesClient client;
  private final Conversions conversions;
  private final GatewayRef gateway;
  private final String domain;

  public StandardPredictor(
      KubernetesClient client, Conversions conversions, GatewayRef gateway, String domain) {
    this.client = client;
    this.conversions = conversions;
    this.gateway = gateway;
    this.domain = domain;
  }

  /**
   * What one reconcile needs to know of the InferenceService.
   *
   * @param owner namespace, child labels and owner reference
   * @param selector the labels that find this InferenceService's children
   * @param ownerUid the InferenceService's uid: only children it controls are touched
   * @param podLabels labels of the pod template, before the revision's own
   * @param podAnnotations annotations of the pod template
   * @param replicas replicas of each revision's Deployment
   */
  public record Request(
      String isvcName,
      StandardObjects.Owner owner,
      Map<String, String> selector,
      String ownerUid,
      PredictorPod pod,
      Map<String, String> podLabels,
      Map<String, String> podAnnotations,
      int replicas,
      Long canaryPercent,
      String tagRouting,
      Long generation) {}

  /** Writes the predictor's objects; returns the InferenceService's new status. */
  public InferenceServiceStatus reconcile(
      Request request, InferenceServiceStatus status, Instant now) {
    String namespace = request.owner().namespace();
    Map<String, Object> template = podTemplate(request);
    String hash = hash(template);

    Map<String, Deployment> deployments = client.apps().deployments().inNamespace(namespace)
        .withLabels(request.selector()).list().getItems().stream()
        .filter(d -> Writes.ownedBy(d, request.ownerUid()))
        .collect(Collectors.toMap(d -> d.getMetadata().getName(), Function.identity()));
    List<HTTPRoute> routes = client.resources(HTTPRoute.class).inNamespace(namespace)
        .withLabels(request.selector()).list().getItems().stream()
        .filter(r -> Writes.ownedBy(r, request.ownerUid()))
        .toList();

    StandardPlan plan = StandardPlanner.plan(new StandardPlanner.Inputs(namespace,
        request.isvcName(), domain, hash,
        deployments.values().stream().flatMap(d -> RevisionWorkload.of(d).stream()).toList(),
        routedRevisions(routes), request.canaryPercent(), request.tagRouting(),
        request.generation(), status, now));

    writeRevisions(request, plan, deployments,
        conversions.toFabric8(template, PodTemplateSpec.class));
    plan.routes().ifPresent(r -> writeRoutes(request, r, routes));
    deleteUnkept(namespace, plan.keep(), deployments.values(), request.ownerUid());
    return plan.status();
  }

  /** Deletes every object Standard mode wrote for the InferenceService. */
  public void delete(
      String namespace, Map<String, String> selector, String ownerUid, boolean gatewayApi) {
    if (gatewayApi) {
      client.resources(HTTPRoute.class).inNamespace(namespace).withLabels(selector).list()
          .getItems().stream().filter(r -> Writes.ownedBy(r, ownerUid))
          .forEach(r -> client.resource(r).delete());
    }
    client.apps().deployments().inNamespace(namespace).withLabels(selector).list().getItems()
        .stream().filter(d -> Writes.ownedBy(d, ownerUid))
        .forEach(d -> client.resource(d).delete());
    client.services().inNamespace(namespace).withLabels(selector).list().getItems().stream()
        .filter(s -> Writes.ownedBy(s, ownerUid))
        .forEach(s -> client.resource(s).delete());
  }

  private void writeRevisions(Request request, StandardPlan plan,
      Map<String, Deployment> deployments, PodTemplateSpec template) {
    for (RevisionWorkload revision : plan.revisions()) {
      if (!plan.keep().contains(revision.name())) {
        continue;
      }
      Deployment existing = deployments.get(revision.name());
      boolean created = plan.created().map(c -> c.name().equals(revision.name())).orElse(false);
      if (existing == null && !created) {
        // A revision's pod template lives only in its Deployment; without it, it cannot be made.
        continue;
      }
      Deployment desired = existing != null
          ? new DeploymentBuilder(existing).editSpec().withReplicas(request.replicas()).endSpec()
              .build()
          : StandardObjects.deployment(request.owner(), revision, template, request.replicas());
      Writes.createOrUpdate(client, desired,
          (found, wanted) -> Objects.equals(found.getSpec().getReplicas(),
              wanted.getSpec().getReplicas()),
          (found, wanted) -> new DeploymentBuilder(found).editSpec()
              .withReplicas(wanted.getSpec().getReplicas()).endSpec().build());
      Service service = StandardObjects.service(request.owner(), revision,
          targetPort(desired));
      Writes.createOrUpdate(client, service,
          (found, wanted) -> Objects.equals(found.getSpec().getPorts(),
              wanted.getSpec().getPorts()),
          (found, wanted) -> new ServiceBuilder(found).editSpec()
              .withPorts(wanted.getSpec().getPorts()).endSpec().build());
    }
  }

  private void writeRoutes(Request request, StandardPlan.Routes plan, List<HTTPRoute> existing) {
    RouteIdentity route = RouteIdentity.ofService(request.owner().namespace(),
        StandardPlanner.predictorName(request.isvcName()), domain);
    Set<String> wanted = new LinkedHashSet<>();
    HTTPRoute main = StandardObjects.mainRoute(request.owner(), route, request.isvcName(),
        gateway, plan);
    writeRoute(main);
    wanted.add(main.getMetadata().getName());
    for (TagRoute tag : plan.tags()) {
      HTTPRoute tagRoute = StandardObjects.tagRoute(request.owner(), gateway, tag);
      writeRoute(tagRoute);
      wanted.add(tagRoute.getMetadata().getName());
    }
    existing.stream()
        .filter(r -> !wanted.contains(r.getMetadata().getName()))
        .forEach(r -> {
          client.resource(r).delete();
          log.info("HTTPRoute {}/{} deleted", r.getMetadata().getNamespace(),
              r.getMetadata().getName());
        });
  }

  private void writeRoute(HTTPRoute desired) {
    Writes.createOrUpdate(client, desired,
        (found, wanted) -> Objects.equals(found.getSpec(), wanted.getSpec())
            && Objects.equals(found.getMetadata().getLabels(), wanted.getMetadata().getLabels()),
        (found, wanted) -> new HTTPRouteBuilder(found)
            .editMetadata().withLabels(wanted.getMetadata().getLabels()).endMetadata()
            .withSpec(wanted.getSpec())
            .build());
  }

  private void deleteUnkept(
      String namespace, Set<String> keep, Collection<Deployment> existing, String ownerUid) {
    for (Deployment deployment : existing) {
      String name = deployment.getMetadata().getName();
      if (keep.contains(name)) {
        continue;
      }
      client.resource(deployment).delete();
      Service service = client.services().inNamespace(namespace).withName(name).get();
      if (service != null && Writes.ownedBy(service, ownerUid)) {
        client.resource(service).delete();
      }
      log.info("revision {}/{} deleted", namespace, name);
    }
  }

  private static Set<String> routedRevisions(List<HTTPRoute> routes) {
    return routes.stream()
        .flatMap(r -> r.getSpec().getRules().stream())
        .flatMap(rule -> rule.getBackendRefs().stream())
        .map(HTTPBackendRef::getName)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The pod template every revision of the current spec gets, before its revision labels. */
  private static Map<String, Object> podTemplate(Request request) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("labels", request.podLabels());
    metadata.put("annotations", request.podAnnotations());
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("containers", request.pod().containers());
    spec.putAll(request.pod().podFields());
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("metadata", metadata);
    template.put("spec", spec);
    return template;
  }

  /**
   * A short digest of the pod template: a new one means a new revision. Keys are sorted first, so
   * the digest does not depend on map order, which differs between runs of the operator.
   */
  static String hash(Map<String, Object> template) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(Json.toJson(sorted(Json.toTree(template))).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides SHA-256", e);
    }
  }

  private static JsonNode sorted(JsonNode node) {
    if (node.isObject()) {
      ObjectNode sorted = JsonNodeFactory.instance.objectNode();
      new TreeMap<>(node.properties().stream()
              .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
          .forEach((key, value) -> sorted.set(key, sorted(value)));
      return sorted;
    }
    if (node.isArray()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      node.forEach(element -> array.add(sorted(element)));
      return array;
    }
    return node;
  }

  /** The first port the Deployment's first container declares, else the predictor default. */
  private static int targetPort(Deployment deployment) {
    List<Container> containers = deployment.getSpec().getTemplate().getSpec().getContainers();
    return containers.stream().findFirst()
        .flatMap(c -> c.getPorts().stream().findFirst())
        .map(ContainerPort::getContainerPort)
        .orElse(PredictorPod.DEFAULT_PORT);
  }
}
