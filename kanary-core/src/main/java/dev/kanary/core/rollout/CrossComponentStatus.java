package dev.kanary.core.rollout;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionManager;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceServiceConditions;
import dev.kanary.core.kserve.InferenceServiceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * KServe's PropagateCrossComponentStatus: rolls the components' route (RoutesReady) or
 * configuration (LatestDeploymentReady) conditions up into one. The last component that is not
 * True decides, with reason {@code "<its condition> not ready"}.
 */
public final class CrossComponentStatus {
  private CrossComponentStatus() {}

  public static InferenceServiceStatus propagate(
      InferenceServiceStatus status, List<ComponentType> components, String aggregate,
      Instant now) {
    Optional<Function<ComponentType, String>> source = sourceOf(aggregate);
    if (source.isEmpty()) {
      return status;
    }
    ConditionStatus result = ConditionStatus.TRUE;
    String reason = null;
    for (ComponentType component : components) {
      String type = source.get().apply(component);
      Optional<Condition> condition = status.condition(type);
      if (condition.map(Condition::isTrue).orElse(false)) {
        continue;
      }
      result = condition.map(Condition::isFalse).orElse(false)
          ? ConditionStatus.FALSE
          : ConditionStatus.UNKNOWN;
      reason = type + " not ready";
    }
    ConditionManager conditions = InferenceServiceConditions.SET.manage(status.conditions(), now);
    conditions.set(aggregate, Condition.of(aggregate, result, reason, null));
    return status.withConditions(conditions.conditions());
  }

  private static Optional<Function<ComponentType, String>> sourceOf(String aggregate) {
    return switch (aggregate) {
      case InferenceServiceConditions.ROUTES_READY ->
          Optional.of(ComponentType::routeReadyCondition);
      case InferenceServiceConditions.LATEST_DEPLOYMENT_READY ->
          Optional.of(ComponentType::configurationReadyCondition);
      default -> Optional.empty();
    };
  }
}
