package dev.kanary.server.ksvc;

import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.revision.RoutingState;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one Service reconcile should write.
 *
 * @param create the next revision, when the template changed since the latest one
 * @param status the Service's new status
 * @param routingStates revisions whose routing state label must change
 * @param collect revisions the GC policy lets go
 */
public record ServicePlan(
    Optional<Revision> create,
    ServiceStatus status,
    Map<String, RoutingState> routingStates,
    List<String> collect) {

  public ServicePlan {
    routingStates = Map.copyOf(routingStates);
    collect = List.copyOf(collect);
  }
}
