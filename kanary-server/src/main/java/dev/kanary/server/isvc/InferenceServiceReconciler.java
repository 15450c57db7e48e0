package dev.kanary.server.isvc;

import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.k8s.OwnerReference;
import dev.kanary.core.knative.RevisionSpec;
import dev.kanary.core.knative.Service;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.InferenceServiceStatus;
import dev.kanary.core.kserve.ModelSpec;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.rollout.KnativeServiceBuilder;
import dev.kanary.core.rollout.KnativeServiceUpdate;
import dev.kanary.core.runtime.RuntimeChoice;
import dev.kanary.core.runtime.RuntimeSelector;
import dev.kanary.server.controller.Informer;
import dev.kanary.server.controller.Reconciler;
import dev.kanary.server.controller.Resources;
import dev.kanary.server.controller.Result;
import dev.kanary.server.revision.RevisionReconciler;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KServe's InferenceService controller in Knative mode, over the embedded store: chooses the
 * runtime, writes the {@code {isvc}-predictor} Service when it differs, and propagates status.
 * Deletion needs no finalizer: the Service and its revisions are owned, so the store deletes them
 * with the InferenceService, and the revision controller then stops their replicas.
 */
public final class InferenceServiceReconciler implements Reconciler {
  private static final Logger log = LoggerFactory.getLogger("kanary");

  /** Label on the component Service and its revisions (KServe's). */
  public static final String COMPONENT_LABEL = "component";
  private static final String STORAGE_URI_ENV = "STORAGE_URI";
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private final ResourceStore store;
  private final Informer<InferenceService> isvcs;
  private final Informer<Service> services;
  private final Informer<ServingRuntime> runtimes;
  private final String domain;
  private final Clock clock;

  public InferenceServiceReconciler(
      ResourceStore store,
      Informer<InferenceService> isvcs,
      Informer<Service> services,
      Informer<ServingRuntime> runtimes,
      String domain,
      Clock clock) {
    this.store = store;
    this.isvcs = isvcs;
    this.services = services;
    this.runtimes = runtimes;
    this.domain = domain;
    this.clock = clock;
  }

  public static String predictorServiceName(String isvc) {
    return isvc + "-" + ComponentType.PREDICTOR.key();
  }

  /** The InferenceService a component Service belongs to. */
  public static Optional<ObjectKey> ownerOf(Service service) {
    String isvc = service.metadata().label(RevisionReconciler.INFERENCE_SERVICE);
    return isvc == null
        ? Optional.empty()
        : Optional.of(ObjectKey.of(ResourceType.INFERENCE_SERVICE,
            service.metadata().namespace(), isvc));
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Optional<InferenceService> found = isvcs.get(key);
    if (found.isEmpty() || found.get().metadata().isBeingDeleted()) {
      return Result.done();
    }
    InferenceService isvc = found.get();
    PredictorSpec predictor = isvc.spec().predictor();
    RuntimeChoice choice = RuntimeSelector.select(key.name(), predictor, runtimes.list());
    Optional<Service> service =
        services.get(key.namespace(), predictorServiceName(key.name()));

    Optional<RuntimeChoice.Unavailable> failure = Optional.empty();
    if (choice instanceof RuntimeChoice.Chosen chosen) {
      Service desired = desiredService(isvc, chosen);
      if (service.isEmpty()) {
        create(desired);
      } else {
        KnativeServiceUpdate.reconcile(service.get(), desired).ifPresent(update ->
            store.update(ResourceType.SERVICE, Resources.toJson(update)));
      }
    } else if (choice instanceof RuntimeChoice.Unavailable unavailable) {
      failure = Optional.of(unavailable);
    }

    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    InferenceServiceStatus status =
        InferenceServiceStatuses.of(isvc, service, failure, domain, now);
    if (!Objects.equals(isvc.status(), status)) {
      store.updateStatus(ResourceType.INFERENCE_SERVICE,
          Resources.toJson(isvc.withStatus(status)));
    }
    return Result.done();
  }

  private void create(Service desired) {
    try {
      store.create(ResourceType.SERVICE, Resources.toJson(desired));
      log.info("service {}/{} created", desired.metadata().namespace(), desired.metadata().name());
    } catch (StoreException e) {
      if (e.reason() != StoreException.Reason.ALREADY_EXISTS) {
        throw e;
      }
      // The cache lags the store; the Service's own event brings us back with it.
    }
  }

  /** The model's storageUri; for a custom container, its STORAGE_URI variable, as KServe. */
  private static Optional<String> storageUri(PredictorSpec predictor, RuntimeChoice.Chosen chosen) {
    return predictor.effectiveModel().map(ModelSpec::storageUri)
        .or(() -> chosen.container().env().stream()
            .filter(env -> STORAGE_URI_ENV.equals(env.name()) && env.value() != null)
            .map(EnvVar::value)
            .findFirst());
  }

  private Service desiredService(InferenceService isvc, RuntimeChoice.Chosen chosen) {
    ObjectMeta meta = isvc.metadata();
    PredictorSpec predictor = isvc.spec().predictor();
    Map<String, String> labels = new LinkedHashMap<>(meta.labels());
    labels.putAll(predictor.labels());
    labels.put(RevisionReconciler.INFERENCE_SERVICE, meta.name());
    labels.put(COMPONENT_LABEL, ComponentType.PREDICTOR.key());
    Map<String, String> annotations = new LinkedHashMap<>(meta.annotations());
    annotations.putAll(predictor.annotations());
    annotations.remove(LAST_APPLIED);
    storageUri(predictor, chosen).ifPresent(uri ->
        annotations.put(RevisionReconciler.STORAGE_URI, uri));
    annotations.put(RevisionReconciler.PROTOCOL, chosen.protocol());

    ObjectMeta componentMeta = ObjectMeta.of(meta.namespace(), predictorServiceName(meta.name()))
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(List.of(OwnerReference.controllerOf(
            InferenceService.API_VERSION, InferenceService.KIND, meta)));
    RevisionSpec revisionSpec = new RevisionSpec(List.of(chosen.container()), null, null, null, null);
    return KnativeServiceBuilder.build(componentMeta, predictor, revisionSpec,
        isvc.statusOrEmpty().component(ComponentType.PREDICTOR), Set.of());
  }
}
