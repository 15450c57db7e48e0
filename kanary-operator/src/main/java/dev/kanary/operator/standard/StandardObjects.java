package dev.kanary.operator.standard;

import dev.kanary.core.traffic.RouteHosts;
import dev.kanary.core.traffic.RouteIdentity;
import dev.kanary.core.traffic.TagRoute;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRefBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatchBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRuleBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.ParentReferenceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the objects Standard mode writes: per revision a Deployment and a Service of the same
 * name, and the HTTPRoutes. Every field the API server would default is written out, so that what
 * is read back equals what was built and an unchanged object is never written again.
 */
public final class StandardObjects {
  /** The port each revision's Service listens on. */
  public static final int SERVICE_PORT = 80;

  /** Knative's header that picks a tag's revision on the main host (knative.md §2.6). */
  public static final String TAG_HEADER = "Knative-Serving-Tag";

  private StandardObjects() {}

  /**
   * Who the objects belong to: the InferenceService's namespace, the labels every child carries
   * and the owner reference that ties them to it.
   */
  public record Owner(String namespace, Map<String, String> labels, OwnerReference reference) {
    public Owner {
      labels = Map.copyOf(labels);
    }
  }

  public static Deployment deployment(
      Owner owner, RevisionWorkload revision, PodTemplateSpec template, int replicas) {
    Map<String, String> labels = revisionLabels(owner, revision);
    PodTemplateSpec podTemplate = new PodTemplateSpecBuilder(template)
        .editOrNewMetadata().addToLabels(labels).endMetadata()
        .build();
    return new DeploymentBuilder()
        .withMetadata(meta(owner, revision.name(), labels,
            Map.of(StandardLabels.TEMPLATE_HASH, revision.templateHash())))
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector().withMatchLabels(Map.of(StandardLabels.REVISION, revision.name()))
        .endSelector()
        .withTemplate(podTemplate)
        .endSpec()
        .build();
  }

  public static Service service(Owner owner, RevisionWorkload revision, int targetPort) {
    return new ServiceBuilder()
        .withMetadata(meta(owner, revision.name(), revisionLabels(owner, revision), Map.of()))
        .withNewSpec()
        .withType("ClusterIP")
        .withSelector(Map.of(StandardLabels.REVISION, revision.name()))
        .withPorts(new ServicePortBuilder().withName("http").withProtocol("TCP")
            .withPort(SERVICE_PORT).withTargetPort(new IntOrString(targetPort)).build())
        .endSpec()
        .build();
  }

  /**
   * The main HTTPRoute {@code {isvc}-predictor}: the weighted split on the predictor's host and
   * the InferenceService's own host, then one rule per tag that sends requests carrying
   * {@code Knative-Serving-Tag: <tag>} to the tag's revision.
   */
  public static HTTPRoute mainRoute(
      Owner owner, RouteIdentity route, String isvcName, GatewayRef gateway,
      StandardPlan.Routes routes) {
    List<HTTPBackendRef> backends = routes.backends().stream()
        .map(b -> backend(b.revision(), b.weight()))
        .toList();
    List<HTTPRouteRule> rules = new ArrayList<>();
    rules.add(rule(pathMatch(), backends));
    for (TagRoute tag : routes.tags()) {
      HTTPRouteMatch byHeader = new HTTPRouteMatchBuilder(pathMatch())
          .withHeaders(new HTTPHeaderMatchBuilder().withType("Exact").withName(TAG_HEADER)
              .withValue(tag.tag()).build())
          .build();
      rules.add(rule(byHeader, List.of(backend(tag.revisionName(), 100))));
    }
    String isvcHost = isvcName + "." + route.namespace() + "." + route.domain();
    return route(owner, route.name(), owner.labels(), gateway,
        List.of(RouteHosts.host(route), isvcHost), rules);
  }

  /** A tag's own HTTPRoute, {@code {tag}-{isvc}-predictor}, on the tag's host. */
  public static HTTPRoute tagRoute(Owner owner, GatewayRef gateway, TagRoute tag) {
    Map<String, String> labels = new LinkedHashMap<>(owner.labels());
    labels.put(StandardLabels.TAG, tag.tag());
    String name = tag.host().substring(0, tag.host().indexOf('.'));
    return route(owner, name, labels, gateway, List.of(tag.host()),
        List.of(rule(pathMatch(), List.of(backend(tag.revisionName(), 100)))));
  }

  private static HTTPRoute route(Owner owner, String name, Map<String, String> labels,
      GatewayRef gateway, List<String> hostnames, List<HTTPRouteRule> rules) {
    return new HTTPRouteBuilder()
        .withMetadata(meta(owner, name, labels, Map.of()))
        .withNewSpec()
        .withParentRefs(new ParentReferenceBuilder().withGroup("gateway.networking.k8s.io")
            .withKind("Gateway").withNamespace(gateway.namespace()).withName(gateway.name())
            .build())
        .withHostnames(hostnames)
        .withRules(rules)
        .endSpec()
        .build();
  }

  private static HTTPRouteRule rule(HTTPRouteMatch match, List<HTTPBackendRef> backends) {
    return new HTTPRouteRuleBuilder().withMatches(match).withBackendRefs(backends).build();
  }

  private static HTTPRouteMatch pathMatch() {
    return new HTTPRouteMatchBuilder()
        .withNewPath().withType("PathPrefix").withValue("/").endPath()
        .build();
  }

  private static HTTPBackendRef backend(String revision, long weight) {
    return new HTTPBackendRefBuilder().withGroup("").withKind("Service").withName(revision)
        .withPort(SERVICE_PORT).withWeight((int) weight).build();
  }

  private static Map<String, String> revisionLabels(Owner owner, RevisionWorkload revision) {
    Map<String, String> labels = new LinkedHashMap<>(owner.labels());
    labels.put(StandardLabels.REVISION, revision.name());
    labels.put(StandardLabels.GENERATION, String.valueOf(revision.generation()));
    return labels;
  }

  private static ObjectMeta meta(
      Owner owner, String name, Map<String, String> labels, Map<String, String> annotations) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(owner.namespace())
        .withLabels(labels)
        .withAnnotations(annotations.isEmpty() ? null : annotations)
        .withOwnerReferences(owner.reference())
        .build();
  }
}
