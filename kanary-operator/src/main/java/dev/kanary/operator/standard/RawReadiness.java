package dev.kanary.operator.standard;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import java.util.List;

/**
 * KServe's PropagateRawStatus (reference/kserve.md §2.3) for one Deployment: whether a revision's
 * pods are up. The rules run in order and a later one overrides an earlier one.
 *
 * <p>One difference: a Deployment with no conditions yet is Unknown (still rolling out) rather than
 * KServe's False, so a revision that was just created reads as becoming ready, not as failed.
 */
public final class RawReadiness {
  public static final String TYPE = "Ready";

  private RawReadiness() {}

  public static Condition of(List<DeploymentCondition> conditions) {
    if (conditions.isEmpty()) {
      return Condition.of(TYPE, ConditionStatus.UNKNOWN, "Deploying",
          "the Deployment reports no conditions yet");
    }
    Condition result = Condition.of(TYPE, ConditionStatus.FALSE, null, null);
    boolean available = conditions.stream()
        .anyMatch(c -> "Available".equals(c.getType()) && "True".equals(c.getStatus()));
    for (DeploymentCondition c : conditions) {
      if ("Available".equals(c.getType()) && "True".equals(c.getStatus())) {
        result = copy(ConditionStatus.TRUE, c);
      }
    }
    for (DeploymentCondition c : conditions) {
      if ("Progressing".equals(c.getType()) && "False".equals(c.getStatus())
          && c.getMessage() != null && !c.getMessage().isEmpty()) {
        result = copy(ConditionStatus.FALSE, c);
      }
    }
    for (DeploymentCondition c : conditions) {
      if ("Progressing".equals(c.getType()) && "True".equals(c.getStatus())) {
        if ("NewReplicaSetAvailable".equals(c.getReason())) {
          result = copy(ConditionStatus.TRUE, c);
        } else if (!available) {
          result = copy(ConditionStatus.UNKNOWN, c);
        }
      }
    }
    for (DeploymentCondition c : conditions) {
      if ("Available".equals(c.getType()) && "False".equals(c.getStatus())) {
        result = copy(ConditionStatus.FALSE, c);
      }
    }
    for (DeploymentCondition c : conditions) {
      if ("ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus())) {
        result = copy(ConditionStatus.FALSE, c);
      }
    }
    return result;
  }

  private static Condition copy(ConditionStatus status, DeploymentCondition from) {
    return Condition.of(TYPE, status, from.getReason(), from.getMessage());
  }
}
