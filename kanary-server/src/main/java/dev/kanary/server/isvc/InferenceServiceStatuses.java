package dev.kanary.server.isvc;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionManager;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.knative.Addressable;
import dev.kanary.core.knative.Service;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.InferenceServiceConditions;
import dev.kanary.core.kserve.InferenceServiceStatus;
import dev.kanary.core.rollout.CrossComponentStatus;
import dev.kanary.core.rollout.StatusPropagator;
import dev.kanary.core.runtime.RuntimeChoice;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An InferenceService's status from its predictor Service, as KServe's controller computes it in
 * Knative mode: PropagateStatus, the cross-component roll-ups, then the ingress step (§3.3 of
 * reference/kserve.md), where the gateway plays the part of the VirtualService.
 */
public final class InferenceServiceStatuses {
  static final String INGRESS_NOT_CREATED = "Predictor ingress not created";

  private InferenceServiceStatuses() {}

  public static InferenceServiceStatus of(
      InferenceService isvc,
      Optional<Service> predictor,
      Optional<RuntimeChoice.Unavailable> failure,
      String domain,
      Instant now) {
    InferenceServiceStatus prior = isvc.statusOrEmpty();
    InferenceServiceStatus status = prior.withConditions(
        InferenceServiceConditions.SET.manage(prior.conditions(), now).initialize().conditions());
    if (failure.isPresent()) {
      status = status.withConditions(InferenceServiceConditions.SET.manage(status.conditions(), now)
          .markFalse(InferenceServiceConditions.PREDICTOR_READY, failure.get().reason(),
              failure.get().message())
          .conditions());
    } else if (predictor.isPresent() && predictor.get().status() != null) {
      status = StatusPropagator.propagate(status, ComponentType.PREDICTOR,
          predictor.get().status(), now);
    }
    List<ComponentType> components = List.of(ComponentType.PREDICTOR);
    status = CrossComponentStatus.propagate(
        status, components, InferenceServiceConditions.ROUTES_READY, now);
    status = CrossComponentStatus.propagate(
        status, components, InferenceServiceConditions.LATEST_DEPLOYMENT_READY, now);
    status = ingress(status, isvc, domain, now);
    return status.withObservedGeneration(isvc.metadata().generation());
  }

  private static InferenceServiceStatus ingress(
      InferenceServiceStatus status, InferenceService isvc, String domain, Instant now) {
    ConditionManager conditions = InferenceServiceConditions.SET.manage(status.conditions(), now);
    ConditionStatus predictorReady = status.condition(InferenceServiceConditions.PREDICTOR_READY)
        .map(Condition::status).orElse(ConditionStatus.UNKNOWN);
    switch (predictorReady) {
      case TRUE -> {
        conditions.markTrue(InferenceServiceConditions.INGRESS_READY);
        String name = isvc.metadata().name();
        String namespace = isvc.metadata().namespace();
        status = status.withUrl("http://" + name + "." + namespace + "." + domain,
            new Addressable("http://" + name + "." + namespace + ".svc.cluster.local"));
      }
      case FALSE -> conditions.markFalse(
          InferenceServiceConditions.INGRESS_READY, INGRESS_NOT_CREATED, null);
      case UNKNOWN -> conditions.markUnknown(
          InferenceServiceConditions.INGRESS_READY, INGRESS_NOT_CREATED, null);
    }
    return status.withConditions(conditions.conditions());
  }
}
