package dev.kanary.server.ksvc;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionManager;
import dev.kanary.core.condition.ConditionSet;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.knative.Addressable;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionStatus;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.revision.GcCandidate;
import dev.kanary.core.revision.GcConfig;
import dev.kanary.core.revision.LatestRevisions;
import dev.kanary.core.revision.RevisionGcPolicy;
import dev.kanary.core.revision.RoutingState;
import dev.kanary.core.traffic.ConfigurationState;
import dev.kanary.core.traffic.RouteIdentity;
import dev.kanary.core.traffic.TrafficLookup;
import dev.kanary.core.traffic.TrafficResolution;
import dev.kanary.core.traffic.TrafficResolver;
import dev.kanary.server.revision.RevisionConditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A Knative Service's configuration and route, as one pure function: from the Service and its
 * revisions to what should be written. Mirrors Knative's configuration reconciler (a new revision
 * per template change; latest-ready only moves forward) and route reconciler (all-or-nothing
 * traffic; the old split keeps serving while a target is not ready).
 *
 * <p>Standalone adds one rule: a revision not in the split being served counts as ready to route
 * only while its replicas are up (condition Active), so moving traffic back to a revision whose
 * replicas were stopped waits until they are started again.
 */
public final class ServicePlanner {
  public static final ConditionSet CONDITIONS =
      ConditionSet.living(ServiceStatus.CONFIGURATIONS_READY, ServiceStatus.ROUTES_READY);

  private ServicePlanner() {}

  public static ServicePlan plan(
      Service service, List<Revision> revisions, String domain, GcConfig gc, Instant now) {
    ServiceStatus prior = service.status() == null
        ? new ServiceStatus(null, null, null, null, null, null, null, null)
        : service.status();
    String name = service.metadata().name();

    Optional<Revision> latest = revisions.stream()
        .max(Comparator.comparingLong(LatestRevisions::generation));
    Optional<Revision> create = latest.isPresent()
            && RevisionFactory.madeFrom(latest.get(), service.spec().template())
        ? Optional.empty()
        : Optional.of(RevisionFactory.build(
            service, latest.map(LatestRevisions::generation).orElse(0L) + 1, now));
    List<Revision> all = new ArrayList<>(revisions);
    create.ifPresent(all::add);
    Revision latestCreated = create.orElseGet(latest::orElseThrow);
    String latestReady = LatestRevisions.latestReady(prior.latestReadyRevisionName(), all)
        .orElse(null);

    ConditionManager conditions = CONDITIONS.manage(prior.conditions(), now).initialize();
    markConfiguration(conditions, latestCreated, latestReady);
    ConditionStatus configurationReady =
        conditions.get(ServiceStatus.CONFIGURATIONS_READY).map(Condition::status)
            .orElse(ConditionStatus.UNKNOWN);

    RouteIdentity route = RouteIdentity.ofService(
        service.metadata().namespace(), name, domain);
    List<TrafficTarget> traffic = service.spec().traffic().isEmpty()
        ? List.of(TrafficTarget.latest(100))
        : service.spec().traffic();
    Set<String> served = revisionNames(prior.traffic());
    TrafficLookup lookup = TrafficLookup.of(
        new ConfigurationState(name, latestCreated.metadata().name(), latestReady,
            configurationReady),
        all.stream().map(r -> routable(r, served)).toList());
    TrafficResolution resolution = TrafficResolver.resolve(route, traffic, lookup);

    List<TrafficTarget> routed = prior.traffic();
    String url = prior.url();
    Addressable address = prior.address();
    if (resolution instanceof TrafficResolution.Resolved resolved) {
      routed = resolved.traffic();
      url = resolved.url();
      address = new Addressable(resolved.address());
    }
    conditions.set(ServiceStatus.ROUTES_READY, resolution.allTrafficAssigned());

    Set<String> active = new HashSet<>(revisionNames(routed.stream()
        .filter(ServicePlanner::takesRequests).toList()));
    active.addAll(wanted(traffic, latestReady, latestCreated.metadata().name()));
    Map<String, RoutingState> routingStates = new HashMap<>();
    for (Revision revision : all) {
      RoutingState next = routingState(revision, active, latestCreated);
      if (next != currentRoutingState(revision)) {
        routingStates.put(revision.metadata().name(), next);
      }
    }

    List<GcCandidate> candidates = revisions.stream()
        .map(r -> GcCandidate.of(withRoutingState(r, routingStates, now), latestReady))
        .toList();
    List<String> collect = gc.disabled() ? List.of() : RevisionGcPolicy.collect(gc, candidates, now);

    ServiceStatus status = new ServiceStatus(service.metadata().generation(),
        conditions.conditions(), latestCreated.metadata().name(), latestReady, url, address,
        routed, prior.extra());
    return new ServicePlan(create, status, routingStates, collect);
  }

  private static void markConfiguration(
      ConditionManager conditions, Revision latestCreated, String latestReady) {
    String name = latestCreated.metadata().name();
    if (latestCreated.isReady() && name.equals(latestReady)) {
      conditions.markTrue(ServiceStatus.CONFIGURATIONS_READY);
    } else if (latestCreated.readiness() == ConditionStatus.FALSE) {
      String message = latestCreated.status().condition(RevisionStatus.READY)
          .map(Condition::message).orElse("");
      conditions.markFalse(ServiceStatus.CONFIGURATIONS_READY, "RevisionFailed",
          "Revision \"" + name + "\" failed with message: " + message + ".");
    } else {
      conditions.markUnknown(ServiceStatus.CONFIGURATIONS_READY, null, null);
    }
  }

  /**
   * The revision as routing should see it: one outside the served split that is ready but has no
   * replicas up reads as not yet ready, so the change waits for its replicas.
   */
  private static Revision routable(Revision revision, Set<String> served) {
    if (served.contains(revision.metadata().name())
        || !revision.isReady()
        || RevisionConditions.isServing(revision)) {
      return revision;
    }
    List<Condition> conditions = revision.status().conditions().stream()
        .map(c -> c.type().equals(RevisionStatus.READY)
            ? Condition.of(RevisionStatus.READY, ConditionStatus.UNKNOWN, "Activating",
                "waiting for replicas to start")
            : c)
        .toList();
    RevisionStatus status = revision.status();
    return revision.withStatus(new RevisionStatus(status.observedGeneration(), conditions,
        status.actualReplicas(), status.desiredReplicas(), status.extra()));
  }

  /** Revisions the spec asks traffic for: these must run, whether or not the route moved yet. */
  private static Set<String> wanted(
      List<TrafficTarget> traffic, String latestReady, String latestCreated) {
    Set<String> names = new HashSet<>();
    for (TrafficTarget target : traffic) {
      if (!takesRequests(target)) {
        continue;
      }
      if (target.revisionName() != null) {
        names.add(target.revisionName());
      } else {
        names.add(latestReady != null ? latestReady : latestCreated);
      }
    }
    return names;
  }

  /**
   * A 0% target without a tag gets no request, so its revision need not run; Knative would scale
   * it to zero behind the activator.
   */
  private static boolean takesRequests(TrafficTarget target) {
    return target.tag() != null || (target.percent() != null && target.percent() > 0);
  }

  private static RoutingState routingState(
      Revision revision, Set<String> active, Revision latestCreated) {
    String name = revision.metadata().name();
    if (active.contains(name)) {
      return RoutingState.ACTIVE;
    }
    boolean settling = name.equals(latestCreated.metadata().name())
        && revision.readiness() == ConditionStatus.UNKNOWN;
    if (settling && currentRoutingState(revision) != RoutingState.RESERVE) {
      return RoutingState.PENDING;
    }
    return RoutingState.RESERVE;
  }

  private static RoutingState currentRoutingState(Revision revision) {
    return RoutingState.fromLabel(revision.metadata().label(ServingLabels.ROUTING_STATE));
  }

  private static Revision withRoutingState(
      Revision revision, Map<String, RoutingState> changes, Instant now) {
    RoutingState next = changes.get(revision.metadata().name());
    return next == null ? revision : RoutingStates.relabel(revision, next, now);
  }

  private static Set<String> revisionNames(List<TrafficTarget> traffic) {
    Set<String> names = new HashSet<>();
    for (TrafficTarget target : traffic) {
      if (target.revisionName() != null) {
        names.add(target.revisionName());
      }
    }
    return names;
  }
}
