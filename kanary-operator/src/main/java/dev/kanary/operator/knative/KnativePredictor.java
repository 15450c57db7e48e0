package dev.kanary.operator.knative;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.RevisionSpec;
import dev.kanary.core.knative.RevisionTemplate;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceSpec;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.rollout.KnativeServiceUpdate;
import dev.kanary.operator.resource.Conversions;
import dev.kanary.operator.resource.NotOwnedException;
import dev.kanary.operator.resource.Writes;
import io.fabric8.knative.client.KnativeClient;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.net.HttpURLConnection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a predictor's Knative Service as KServe's ksvc reconciler does (reference/kserve.md §1.4):
 * create it when absent; otherwise update it only when it differs from the desired one in what
 * KServe owns, retrying on conflict; and answer with the status the Service had before the write,
 * so status propagation runs one Knative reconcile behind the spec just written, as in KServe.
 */
public final class KnativePredictor {
  private static final Logger log = LoggerFactory.getLogger(KnativePredictor.class);
  private static final int ATTEMPTS = 5;
  private static final String ENABLE_SERVICE_LINKS = "enableServiceLinks";
  private static final String CREATOR = "serving.knative.dev/creator";
  private static final String LAST_MODIFIER = "serving.knative.dev/lastModifier";

  private final MixedOperation<io.fabric8.knative.serving.v1.Service,
      io.fabric8.knative.serving.v1.ServiceList,
      Resource<io.fabric8.knative.serving.v1.Service>> services;
  private final Conversions conversions;
  private final boolean serverDryRun;

  /**
   * @param serverDryRun whether to compare against a server-side dry run of the update, so that
   *     fields Knative's webhook defaults cause no update, as KServe does; off only against an API
   *     server that does not honour dry runs (fabric8's mock persists them)
   */
  public KnativePredictor(KubernetesClient client, Conversions conversions, boolean serverDryRun) {
    this.services = client.adapt(KnativeClient.class).services();
    this.conversions = conversions;
    this.serverDryRun = serverDryRun;
  }

  /** Creates or updates the Service; returns its status from before this write. */
  public ServiceStatus reconcile(Service desired) {
    String namespace = desired.metadata().namespace();
    String name = desired.metadata().name();
    for (int attempt = 1; ; attempt++) {
      try {
        return reconcileOnce(namespace, name, desired);
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
        log.debug("conflict writing service {}/{}, attempt {}; retrying", namespace, name,
            attempt);
      }
    }
  }

  private ServiceStatus reconcileOnce(String namespace, String name, Service desired) {
    io.fabric8.knative.serving.v1.Service found =
        services.inNamespace(namespace).withName(name).get();
    if (found == null) {
      services.inNamespace(namespace).resource(toFabric8(desired)).create();
      log.info("knative service {}/{} created", namespace, name);
      return emptyStatus();
    }
    if (!Writes.sameController(found, toFabric8(desired))) {
      throw new NotOwnedException(found);
    }
    Service existing = conversions.toCore(found, Service.class);
    Optional<Service> update = update(existing, desired,
        serverDryRun
            ? wanted -> serverDefaults(dryRunRequest(existing, wanted))
            : UnaryOperator.identity());
    if (update.isPresent()) {
      services.inNamespace(namespace).resource(toFabric8(update.get())).update();
      log.info("knative service {}/{} updated", namespace, name);
    }
    return existing.status() == null ? emptyStatus() : existing.status();
  }

  /** Deletes the Service if it is there and belongs to the InferenceService with {@code uid}. */
  public void delete(String namespace, String name, String ownerUid) {
    io.fabric8.knative.serving.v1.Service found =
        services.inNamespace(namespace).withName(name).get();
    if (found != null && found.getMetadata().getOwnerReferences().stream()
        .anyMatch(owner -> ownerUid.equals(owner.getUid()))) {
      services.inNamespace(namespace).withName(name).delete();
      log.info("knative service {}/{} deleted", namespace, name);
    }
  }

  /**
   * KServe's decision for a Service that exists: the desired one, as the API server would default
   * it, against the existing one; the update to write, or empty when they match.
   *
   * @param defaults the API server's defaulting of a would-be update (a server-side dry run of
   *     {@link #dryRunRequest}), or the identity to compare the desired Service as built
   */
  static Optional<Service> update(
      Service existing, Service desired, UnaryOperator<Service> defaults) {
    return KnativeServiceUpdate.reconcile(
        existing, defaults.apply(keepServiceLinksOff(existing, desired)));
  }

  /** The Service as Knative's webhook would store it: the server defaults it without saving. */
  private Service serverDefaults(Service request) {
    io.fabric8.knative.serving.v1.Service defaulted = services
        .inNamespace(request.metadata().namespace())
        .resource(toFabric8(request))
        .dryRun()
        .update();
    return conversions.toCore(defaulted, Service.class);
  }

  /**
   * What the dry run sends: the desired Service with the existing resourceVersion and creator
   * annotations, as KServe sends them, so that the webhook treats it as the update it would be.
   */
  static Service dryRunRequest(Service existing, Service desired) {
    Map<String, String> annotations = new LinkedHashMap<>(desired.metadata().annotations());
    for (String key : new String[] {CREATOR, LAST_MODIFIER}) {
      String value = existing.metadata().annotation(key);
      if (value != null) {
        annotations.put(key, value);
      }
    }
    ObjectMeta meta = desired.metadata()
        .withAnnotations(annotations)
        .withSystemFields(existing.metadata().uid(), existing.metadata().generation(),
            existing.metadata().resourceVersion(), existing.metadata().creationTimestamp());
    return desired.withMetadata(meta);
  }

  /**
   * KServe's special case: Knative may default enableServiceLinks to false; a desired template
   * that leaves it unset must not differ from that.
   */
  private static Service keepServiceLinksOff(Service existing, Service desired) {
    RevisionTemplate template = desired.spec().template();
    Object existingLinks = existing.spec() == null || existing.spec().template() == null
        ? null
        : existing.spec().template().spec().extra().get(ENABLE_SERVICE_LINKS);
    if (!Boolean.FALSE.equals(existingLinks)
        || template.spec().extra().containsKey(ENABLE_SERVICE_LINKS)) {
      return desired;
    }
    Map<String, Object> extra = new LinkedHashMap<>(template.spec().extra());
    extra.put(ENABLE_SERVICE_LINKS, false);
    RevisionSpec spec = new RevisionSpec(template.spec().containers(),
        template.spec().containerConcurrency(), template.spec().timeoutSeconds(),
        template.spec().responseStartTimeoutSeconds(), extra);
    return desired.withSpec(new ServiceSpec(new RevisionTemplate(template.metadata(), spec),
        desired.spec().traffic(), desired.spec().extra()));
  }

  private io.fabric8.knative.serving.v1.Service toFabric8(Service service) {
    return conversions.toFabric8(service, io.fabric8.knative.serving.v1.Service.class);
  }

  private static ServiceStatus emptyStatus() {
    return new ServiceStatus(null, null, null, null, null, null, null, null);
  }
}
