package dev.kanary.operator.isvc;

import dev.kanary.core.admission.InferenceServiceDefaults;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.k8s.OwnerReference;
import dev.kanary.core.knative.RevisionSpec;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.InferenceServiceStatus;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.rollout.KnativeServiceBuilder;
import dev.kanary.core.rollout.StatusPropagator;
import dev.kanary.operator.ClusterApis;
import dev.kanary.operator.OperatorSettings;
import dev.kanary.operator.knative.KnativePredictor;
import dev.kanary.operator.predictor.PredictorPod;
import dev.kanary.operator.predictor.ServingRuntimes;
import dev.kanary.operator.resource.Conversions;
import dev.kanary.operator.resource.InferenceServiceResource;
import dev.kanary.operator.resource.NotOwnedException;
import dev.kanary.operator.standard.StandardObjects;
import dev.kanary.operator.standard.StandardPlanner;
import dev.kanary.operator.standard.StandardPredictor;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KServe's InferenceService controller, for the predictor (reference/kserve.md §3.2): checks what
 * KServe's webhook would check, resolves the deployment mode, writes the predictor's objects
 * (a Knative Service, or Deployments and HTTPRoutes in Standard mode), and writes the status from
 * theirs. Children carry an owner reference; the finalizer deletes them explicitly as well, so
 * that deletion is complete even where no garbage collector runs.
 */
public final class InferenceServiceReconciler
    implements Reconciler<InferenceServiceResource>, Cleaner<InferenceServiceResource> {
  private static final Logger log = LoggerFactory.getLogger(InferenceServiceReconciler.class);

  public static final String FINALIZER = "serving.kanary.io/finalizer";
  /** KServe's own finalizer, left on InferenceServices KServe reconciled before kanary. */
  static final String KSERVE_FINALIZER = "inferenceservice.finalizers";
  public static final String ISVC_LABEL = "serving.kserve.io/inferenceservice";
  public static final String COMPONENT_LABEL = "component";
  private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  /** Annotations that steer Standard mode's routing and mode; changing one makes no revision. */
  private static final Set<String> ROUTING_ANNOTATIONS =
      Set.of(InferenceService.ENABLE_TAG_ROUTING_ANNOTATION, DeploymentMode.ANNOTATION);

  private final OperatorSettings settings;
  private final ClusterApis apis;
  private final Clock clock;
  private final Conversions conversions;
  private final KnativePredictor knative;
  private final StandardPredictor standard;
  private final ServingRuntimes runtimes;

  public InferenceServiceReconciler(
      KubernetesClient client, OperatorSettings settings, ClusterApis apis, Clock clock) {
    this.settings = settings;
    this.apis = apis;
    this.clock = clock;
    this.conversions = new Conversions(client.getKubernetesSerialization());
    this.knative = new KnativePredictor(client, conversions, settings.serverDryRun());
    this.standard = new StandardPredictor(client, conversions, settings.gateway(),
        settings.domain());
    this.runtimes = new ServingRuntimes(conversions, apis.servingRuntimes());
  }

  @Override
  public List<EventSource<?, InferenceServiceResource>> prepareEventSources(
      EventSourceContext<InferenceServiceResource> context) {
    List<EventSource<?, InferenceServiceResource>> sources = new ArrayList<>();
    sources.add(children(context, Deployment.class, "deployments"));
    sources.add(children(context, io.fabric8.kubernetes.api.model.Service.class, "services"));
    if (apis.knative()) {
      sources.add(children(context, io.fabric8.knative.serving.v1.Service.class,
          "knative-services"));
    }
    if (apis.gatewayApi()) {
      sources.add(children(context, HTTPRoute.class, "httproutes"));
    }
    sources.addAll(runtimes.eventSources(context));
    return sources;
  }

  /** Events on the objects an InferenceService owns bring it back to reconcile. */
  private static <R extends HasMetadata> EventSource<R, InferenceServiceResource> children(
      EventSourceContext<InferenceServiceResource> context, Class<R> type, String name) {
    return new InformerEventSource<>(
        InformerEventSourceConfiguration.from(type, InferenceServiceResource.class)
            .withName(name)
            .withLabelSelector(ISVC_LABEL)
            .withSecondaryToPrimaryMapper(
                Mappers.fromOwnerReferences(InferenceServiceResource.class))
            .build(),
        context);
  }

  @Override
  public UpdateControl<InferenceServiceResource> reconcile(
      InferenceServiceResource resource, Context<InferenceServiceResource> context) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    InferenceService isvc = InferenceServiceDefaults.apply(conversions.inferenceService(resource));
    InferenceServiceStatus prior = isvc.statusOrEmpty();
    String recordedMode = prior.extra().get(DeploymentMode.STATUS_FIELD) instanceof String s
        ? s : null;
    DeploymentMode mode = DeploymentMode.resolve(recordedMode,
        isvc.metadata().annotation(DeploymentMode.ANNOTATION), settings.defaultMode());

    InferenceServiceStatus status = StatusSteps.initialize(prior, now);
    Optional<String> problem = OperatorAdmission.problem(isvc, recordedMode);
    Outcome outcome = problem.isPresent()
        ? new Outcome(StatusSteps.predictorFailed(status, "InvalidSpec", problem.get(), now), null)
        : predictor(isvc, mode, status, context, now);
    // A mode is recorded once it served a valid spec; until then the user may still choose.
    InferenceServiceStatus next = StatusSteps.finish(outcome.status(), isvc, mode,
        problem.isEmpty() || recordedMode != null, now);
    InferenceServiceResource current = resource;
    if (!next.equals(prior)) {
      current = PrimaryUpdateAndCacheUtils.updateStatusAndCacheResource(resource, context, r -> {
        r.setStatus(conversions.statusNode(next));
        return r;
      });
    }
    // Left by KServe if it ran before kanary; kanary's own finalizer now does its work.
    if (current.hasFinalizer(KSERVE_FINALIZER)) {
      PrimaryUpdateAndCacheUtils.removeFinalizer(context.getClient(), current, KSERVE_FINALIZER);
    }
    if (outcome.retry() != null) {
      throw outcome.retry();
    }
    return UpdateControl.noUpdate();
  }

  /**
   * The predictor's status after writing its objects.
   *
   * @param retry a failure worth retrying, thrown once the status that reports it is written
   */
  private record Outcome(InferenceServiceStatus status, KubernetesClientException retry) {}

  private Outcome predictor(InferenceService isvc, DeploymentMode mode,
      InferenceServiceStatus status, Context<InferenceServiceResource> context, Instant now) {
    PredictorPod pod;
    switch (PredictorPod.build(isvc.metadata().name(), isvc.spec().predictor(),
        runtimes.visibleFrom(isvc.metadata().namespace(), context), settings.images())) {
      case PredictorPod.Result.Failed failed -> {
        return new Outcome(StatusSteps.predictorFailed(status, failed.unavailable().reason(),
            failed.unavailable().message(), now), null);
      }
      case PredictorPod.Result.Built built -> pod = built.pod();
    }
    try {
      return new Outcome(mode == DeploymentMode.KNATIVE
          ? knativeMode(isvc, pod, status, now)
          : standardMode(isvc, pod, status, now), null);
    } catch (KubernetesClientException e) {
      return new Outcome(StatusSteps.predictorFailed(status, "ReconcileFailed", describe(e), now),
          isTransient(e) ? e : null);
    } catch (NotOwnedException e) {
      return new Outcome(
          StatusSteps.predictorFailed(status, "ReconcileFailed", e.getMessage(), now), null);
    }
  }

  private InferenceServiceStatus knativeMode(
      InferenceService isvc, PredictorPod pod, InferenceServiceStatus status, Instant now) {
    if (!apis.knative()) {
      return StatusSteps.predictorFailed(status, "ServerlessModeRejected",
          "the resolved deployment mode of InferenceService \"" + isvc.metadata().name()
              + "\" is Knative, but Knative Serving is not available: install it, or set the"
              + " annotation " + DeploymentMode.ANNOTATION + ": Standard", now);
    }
    ObjectMeta componentMeta = ObjectMeta.of(isvc.metadata().namespace(),
            StandardPlanner.predictorName(isvc.metadata().name()))
        .withLabels(pod.labelsOver(componentLabels(isvc)))
        .withAnnotations(pod.annotationsOver(componentAnnotations(isvc)))
        .withOwnerReferences(List.of(OwnerReference.controllerOf(
            InferenceService.API_VERSION, InferenceService.KIND, isvc.metadata())));
    RevisionSpec revision = new RevisionSpec(pod.containers(), null, null, null, pod.podFields());
    Service desired = KnativeServiceBuilder.build(componentMeta, isvc.spec().predictor(),
        revision, status.component(ComponentType.PREDICTOR), Set.of());
    ServiceStatus before = knative.reconcile(desired);
    return StatusPropagator.propagate(status, ComponentType.PREDICTOR, before, now);
  }

  private InferenceServiceStatus standardMode(
      InferenceService isvc, PredictorPod pod, InferenceServiceStatus status, Instant now) {
    if (!apis.gatewayApi()) {
      return StatusSteps.predictorFailed(status, "GatewayApiNotAvailable",
          "Standard mode routes traffic with Gateway API HTTPRoutes"
              + " (gateway.networking.k8s.io/v1), which this cluster does not serve: install the"
              + " Gateway API CRDs and restart the operator", now);
    }
    ObjectMeta meta = isvc.metadata();
    PredictorSpec predictor = isvc.spec().predictor();
    Map<String, String> own = componentAnnotations(isvc);
    own.keySet().removeAll(ROUTING_ANNOTATIONS);
    Map<String, String> annotations = pod.annotationsOver(own);
    Map<String, String> labels = pod.labelsOver(componentLabels(isvc));
    int replicas = Math.max(1, predictor.minReplicas() == null ? 1 : predictor.minReplicas());
    StandardObjects.Owner owner = new StandardObjects.Owner(meta.namespace(),
        labels, ownerReference(meta));
    return standard.reconcile(new StandardPredictor.Request(meta.name(), owner,
        selector(meta.name()),
        meta.uid(), pod, labels, annotations, replicas,
        predictor.canaryTrafficPercent(),
        meta.annotation(InferenceService.ENABLE_TAG_ROUTING_ANNOTATION), meta.generation()),
        status, now);
  }

  @Override
  public DeleteControl cleanup(
      InferenceServiceResource resource, Context<InferenceServiceResource> context) {
    var meta = resource.getMetadata();
    String uid = meta.getUid();
    if (apis.knative()) {
      knative.delete(meta.getNamespace(),
          StandardPlanner.predictorName(meta.getName()), uid);
    }
    standard.delete(meta.getNamespace(), selector(meta.getName()), uid, apis.gatewayApi());
    log.info("inferenceservice {}/{} cleaned up", meta.getNamespace(), meta.getName());
    return DeleteControl.defaultDelete();
  }

  /** KServe's component labels: the InferenceService's and the predictor's, and who they are. */
  private static Map<String, String> componentLabels(InferenceService isvc) {
    Map<String, String> labels = new LinkedHashMap<>(isvc.metadata().labels());
    labels.putAll(isvc.spec().predictor().labels());
    labels.putAll(selector(isvc.metadata().name()));
    return labels;
  }

  private static Map<String, String> componentAnnotations(InferenceService isvc) {
    Map<String, String> annotations = new LinkedHashMap<>(isvc.metadata().annotations());
    annotations.putAll(isvc.spec().predictor().annotations());
    annotations.remove(LAST_APPLIED);
    return annotations;
  }

  private static Map<String, String> selector(String isvcName) {
    return Map.of(ISVC_LABEL, isvcName, COMPONENT_LABEL, ComponentType.PREDICTOR.key());
  }

  private static io.fabric8.kubernetes.api.model.OwnerReference ownerReference(ObjectMeta meta) {
    return new OwnerReferenceBuilder()
        .withApiVersion(InferenceService.API_VERSION)
        .withKind(InferenceService.KIND)
        .withName(meta.name())
        .withUid(meta.uid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** The API server's own message, e.g. Knative's webhook refusing a traffic block. */
  private static String describe(KubernetesClientException e) {
    return e.getStatus() != null && e.getStatus().getMessage() != null
        ? e.getStatus().getMessage()
        : e.getMessage();
  }

  /** No answer, or a server error: worth trying again; a refusal waits for a spec change. */
  private static boolean isTransient(KubernetesClientException e) {
    return e.getCode() == 0 || e.getCode() >= 500 || e.getCode() == 429 || e.getCode() == 409;
  }
}
