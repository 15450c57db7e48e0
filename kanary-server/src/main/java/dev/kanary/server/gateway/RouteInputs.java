package dev.kanary.server.gateway;

import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.Service;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.server.replica.ReplicaStatus;
import java.util.List;
import java.util.Set;

/**
 * Everything the route table is made from.
 *
 * @param domain the domain of route hosts, e.g. example.com
 * @param replicas the supervisor's replicas; {@link ReplicaStatus#revision()} is
 *     {@code {namespace}/{revision}}
 * @param draining replicas leaving the table before they stop
 */
public record RouteInputs(
    String domain,
    List<Service> services,
    List<InferenceService> inferenceServices,
    List<Revision> revisions,
    List<ReplicaStatus> replicas,
    Set<String> draining) {

  public RouteInputs {
    services = List.copyOf(services);
    inferenceServices = List.copyOf(inferenceServices);
    revisions = List.copyOf(revisions);
    replicas = List.copyOf(replicas);
    draining = Set.copyOf(draining);
  }

  public RouteInputs withDraining(Set<String> names) {
    return new RouteInputs(domain, services, inferenceServices, revisions, replicas, names);
  }
}
