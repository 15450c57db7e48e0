package dev.kanary.operator.isvc;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionManager;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.knative.Addressable;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.InferenceServiceConditions;
import dev.kanary.core.kserve.InferenceServiceStatus;
import dev.kanary.core.rollout.CrossComponentStatus;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The steps of KServe's controller that shape an InferenceService's status around the predictor's
 * own (reference/kserve.md §3.2 and §3.3): conditions initialised first; after the predictor, the
 * cross-component roll-ups, the ingress step and the recorded deployment mode.
 */
final class StatusSteps {
  static final String INGRESS_NOT_CREATED = "Predictor ingress not created";
  private static final String PREDICTOR_SUFFIX = "-" + ComponentType.PREDICTOR.key();

  private StatusSteps() {}

  static InferenceServiceStatus initialize(InferenceServiceStatus prior, Instant now) {
    return prior.withConditions(
        InferenceServiceConditions.SET.manage(prior.conditions(), now).initialize().conditions());
  }

  /** KServe's PropagateRawStatusWithMessages: the predictor could not be reconciled. */
  static InferenceServiceStatus predictorFailed(
      InferenceServiceStatus status, String reason, String message, Instant now) {
    return status.withConditions(InferenceServiceConditions.SET.manage(status.conditions(), now)
        .markFalse(ComponentType.PREDICTOR.readyCondition(), reason, message)
        .conditions());
  }

  /**
   * @param recordMode whether to record {@code mode} in status, after which it cannot change
   */
  static InferenceServiceStatus finish(InferenceServiceStatus status, InferenceService isvc,
      DeploymentMode mode, boolean recordMode, Instant now) {
    List<ComponentType> components = List.of(ComponentType.PREDICTOR);
    status = CrossComponentStatus.propagate(
        status, components, InferenceServiceConditions.ROUTES_READY, now);
    status = CrossComponentStatus.propagate(
        status, components, InferenceServiceConditions.LATEST_DEPLOYMENT_READY, now);
    status = ingress(status, isvc, mode, now);
    if (!recordMode) {
      return status;
    }
    Map<String, Object> extra = new LinkedHashMap<>(status.extra());
    extra.put(DeploymentMode.STATUS_FIELD, mode.wire());
    return new InferenceServiceStatus(status.observedGeneration(), status.conditions(),
        status.url(), status.address(), status.components(), status.modelStatus(), extra);
  }

  /**
   * KServe's ingress step: IngressReady follows PredictorReady until the predictor is ready and has
   * a URL; then the InferenceService's URL is the predictor's with {@code -predictor} dropped from
   * the host. The cluster-local address is the one KServe's VirtualService serves in Knative mode;
   * Standard mode has no such Service, so it gets none.
   */
  static InferenceServiceStatus ingress(
      InferenceServiceStatus status, InferenceService isvc, DeploymentMode mode, Instant now) {
    ConditionManager conditions = InferenceServiceConditions.SET.manage(status.conditions(), now);
    ConditionStatus predictorReady = status.condition(InferenceServiceConditions.PREDICTOR_READY)
        .map(Condition::status).orElse(ConditionStatus.UNKNOWN);
    String componentUrl = status.component(ComponentType.PREDICTOR).url();
    if (predictorReady == ConditionStatus.TRUE && componentUrl != null) {
      conditions.markTrue(InferenceServiceConditions.INGRESS_READY);
      String name = isvc.metadata().name();
      Addressable address = mode == DeploymentMode.KNATIVE
          ? new Addressable("http://" + name + "." + isvc.metadata().namespace()
              + ".svc.cluster.local")
          : status.address();
      status = status.withUrl(withoutPredictorSuffix(componentUrl), address);
    } else if (predictorReady == ConditionStatus.FALSE) {
      conditions.markFalse(InferenceServiceConditions.INGRESS_READY, INGRESS_NOT_CREATED, null);
    } else {
      conditions.markUnknown(InferenceServiceConditions.INGRESS_READY, INGRESS_NOT_CREATED, null);
    }
    return status.withConditions(conditions.conditions());
  }

  /** {@code http://foo-predictor.ns.example.com} → {@code http://foo.ns.example.com}. */
  static String withoutPredictorSuffix(String url) {
    URI uri = URI.create(url);
    String host = uri.getHost();
    int dot = host.indexOf('.');
    String first = dot < 0 ? host : host.substring(0, dot);
    if (!first.endsWith(PREDICTOR_SUFFIX)) {
      return url;
    }
    String rest = dot < 0 ? "" : host.substring(dot);
    String newHost = first.substring(0, first.length() - PREDICTOR_SUFFIX.length()) + rest;
    return uri.getScheme() + "://" + newHost + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
