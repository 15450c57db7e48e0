package dev.kanary.operator.standard;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Optional;

/**
 * A revision as Standard mode keeps it: a Deployment named {@code {isvc}-predictor-0000N}, created
 * from one pod template and never changed but for its replicas.
 *
 * @param readiness Ready from the Deployment's conditions ({@link RawReadiness}); Unknown for a
 *     revision not created yet
 */
public record RevisionWorkload(
    String name, long generation, String templateHash, Condition readiness) {

  /** A revision this reconcile creates. */
  public static RevisionWorkload planned(String name, long generation, String templateHash) {
    return new RevisionWorkload(name, generation, templateHash,
        Condition.of(RawReadiness.TYPE, ConditionStatus.UNKNOWN, "Deploying",
            "the revision's Deployment is being created"));
  }

  /** A revision from its Deployment, or empty for a Deployment without a revision number. */
  public static Optional<RevisionWorkload> of(Deployment deployment) {
    var meta = deployment.getMetadata();
    String generation = meta.getLabels() == null ? null : meta.getLabels().get(
        StandardLabels.GENERATION);
    if (generation == null || !generation.matches("\\d{1,18}")) {
      return Optional.empty();
    }
    String hash = meta.getAnnotations() == null ? null
        : meta.getAnnotations().get(StandardLabels.TEMPLATE_HASH);
    List<io.fabric8.kubernetes.api.model.apps.DeploymentCondition> conditions =
        deployment.getStatus() == null || deployment.getStatus().getConditions() == null
            ? List.of()
            : deployment.getStatus().getConditions();
    return Optional.of(new RevisionWorkload(meta.getName(), Long.parseLong(generation), hash,
        RawReadiness.of(conditions)));
  }

  public boolean isAvailable() {
    return readiness.isTrue();
  }
}
