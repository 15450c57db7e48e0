package dev.kanary.operator.predictor;

import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.operator.resource.Conversions;
import dev.kanary.operator.resource.InferenceServiceResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.ResourceCache;
import io.javaoperatorsdk.operator.processing.GroupVersionKind;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KServe's ServingRuntimes and ClusterServingRuntimes as the operator sees them: two informers
 * whose caches the reconciler chooses runtimes from, and whose events bring InferenceServices back
 * to reconcile. A runtime's change reconciles every InferenceService it could concern: those of
 * its namespace for a ServingRuntime, all of them for a ClusterServingRuntime. Which of them use it
 * cannot be told from the runtime alone (a changed format list also matters to InferenceServices
 * that used it before), and an InferenceService whose predictor does not change writes nothing.
 */
public final class ServingRuntimes {
  private static final Logger log = LoggerFactory.getLogger(ServingRuntimes.class);
  static final String NAMESPACED_SOURCE = "servingruntimes";
  static final String CLUSTER_SOURCE = "clusterservingruntimes";

  private final Conversions conversions;
  private final boolean served;

  /**
   * @param served whether the cluster serves both kinds (ClusterApis.servingRuntimes); without
   *     them there are no informers and no runtimes
   */
  public ServingRuntimes(Conversions conversions, boolean served) {
    this.conversions = conversions;
    this.served = served;
  }

  public List<EventSource<?, InferenceServiceResource>> eventSources(
      EventSourceContext<InferenceServiceResource> context) {
    if (!served) {
      return List.of();
    }
    var isvcs = context.getPrimaryCache();
    InformerEventSource<GenericKubernetesResource, InferenceServiceResource> namespaced =
        new InformerEventSource<>(InformerEventSourceConfiguration
            .from(gvk(ServingRuntime.KIND), InferenceServiceResource.class)
            .withName(NAMESPACED_SOURCE)
            .withSecondaryToPrimaryMapper(runtime ->
                ids(isvcs.list(runtime.getMetadata().getNamespace())))
            .build(), context);
    InformerEventSource<GenericKubernetesResource, InferenceServiceResource> cluster =
        new InformerEventSource<>(InformerEventSourceConfiguration
            .from(gvk(ServingRuntime.CLUSTER_KIND), InferenceServiceResource.class)
            .withName(CLUSTER_SOURCE)
            .withWatchAllNamespaces()
            .withSecondaryToPrimaryMapper(runtime -> ids(isvcs.list()))
            .build(), context);
    return List.of(namespaced, cluster);
  }

  /**
   * The ServingRuntimes of {@code namespace} and the ClusterServingRuntimes, as the informers hold
   * them. A runtime kanary cannot read is left out, with a warning, rather than failing every
   * InferenceService.
   */
  public List<ServingRuntime> visibleFrom(
      String namespace, Context<InferenceServiceResource> context) {
    if (!served) {
      return List.of();
    }
    Stream<ServingRuntime> namespaced = cache(context, NAMESPACED_SOURCE).list(namespace)
        .flatMap(r -> read(r, ServingRuntime.KIND).stream());
    Stream<ServingRuntime> cluster = cache(context, CLUSTER_SOURCE).list()
        .flatMap(r -> read(r, ServingRuntime.CLUSTER_KIND).stream());
    return Stream.concat(namespaced, cluster).toList();
  }

  @SuppressWarnings("unchecked")
  private static ResourceCache<GenericKubernetesResource> cache(
      Context<InferenceServiceResource> context, String name) {
    return (ResourceCache<GenericKubernetesResource>) context.eventSourceRetriever()
        .getEventSourceFor(GenericKubernetesResource.class, name);
  }

  /** The runtime as core's record; the kind is the informer's, whatever the list items carry. */
  private Optional<ServingRuntime> read(GenericKubernetesResource resource, String kind) {
    try {
      ServingRuntime runtime = conversions.toCore(resource, ServingRuntime.class);
      if (runtime.spec() == null) {
        log.warn("{} {} has no spec; ignored", kind, resource.getMetadata().getName());
        return Optional.empty();
      }
      return Optional.of(new ServingRuntime(ServingRuntime.API_VERSION, kind, runtime.metadata(),
          runtime.spec(), runtime.extra()));
    } catch (UncheckedIOException e) {
      log.warn("{} {} cannot be read, ignored: {}", kind, resource.getMetadata().getName(),
          e.getCause().getMessage());
      return Optional.empty();
    }
  }

  private static GroupVersionKind gvk(String kind) {
    return new GroupVersionKind(ServingRuntime.API_VERSION, kind);
  }

  private static Set<ResourceID> ids(Stream<InferenceServiceResource> isvcs) {
    return isvcs.map(ResourceID::fromResource).collect(Collectors.toSet());
  }
}
