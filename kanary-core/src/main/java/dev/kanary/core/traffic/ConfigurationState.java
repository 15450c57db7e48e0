package dev.kanary.core.traffic;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceStatus;
import java.util.Objects;

/**
 * What routing needs of a configuration: its latest created and latest ready revisions and its
 * Ready status, which tells a configuration still waiting for its first revision from one whose
 * revisions failed.
 *
 * @param latestCreatedRevisionName null until a revision exists
 * @param latestReadyRevisionName null until a revision became ready
 */
public record ConfigurationState(
    String name,
    String latestCreatedRevisionName,
    String latestReadyRevisionName,
    ConditionStatus ready) {

  public ConfigurationState {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(ready, "ready");
  }

  /**
   * A Knative Service's configuration, as mirrored in the Service's status: same name, and its
   * Ready is the Service's ConfigurationsReady.
   */
  public static ConfigurationState of(Service service) {
    ServiceStatus status = service.status();
    if (status == null) {
      return new ConfigurationState(
          service.metadata().name(), null, null, ConditionStatus.UNKNOWN);
    }
    ConditionStatus ready = status.condition(ServiceStatus.CONFIGURATIONS_READY)
        .map(Condition::status)
        .orElse(ConditionStatus.UNKNOWN);
    return new ConfigurationState(service.metadata().name(), status.latestCreatedRevisionName(),
        status.latestReadyRevisionName(), ready);
  }

  public boolean hasLatestReadyRevision() {
    return latestReadyRevisionName != null && !latestReadyRevisionName.isEmpty();
  }

  public boolean hasLatestCreatedRevision() {
    return latestCreatedRevisionName != null && !latestCreatedRevisionName.isEmpty();
  }
}
