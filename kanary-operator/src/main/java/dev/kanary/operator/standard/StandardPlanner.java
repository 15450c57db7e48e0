package dev.kanary.operator.standard;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionStatus;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.kserve.ComponentStatus;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceServiceStatus;
import dev.kanary.core.revision.LatestRevisions;
import dev.kanary.core.revision.RevisionNames;
import dev.kanary.core.rollout.StatusPropagator;
import dev.kanary.core.rollout.TrafficPlanner;
import dev.kanary.core.traffic.ConfigurationState;
import dev.kanary.core.traffic.RevisionWeight;
import dev.kanary.core.traffic.RouteHosts;
import dev.kanary.core.traffic.RouteIdentity;
import dev.kanary.core.traffic.TrafficLookup;
import dev.kanary.core.traffic.TrafficResolution;
import dev.kanary.core.traffic.TrafficResolver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Standard mode's rules, pure: Knative's model played over Deployments. Each pod template is a
 * revision; a revision is ready when its Deployment is Available; the traffic block is KServe's
 * (the {@link TrafficPlanner}'s: canaryTrafficPercent, promote, rollback) and is resolved as
 * Knative's route resolves it ({@link TrafficResolver}): the floating target means the latest
 * <em>Available</em> revision, so a canary that is not Available gets no traffic, and a split that
 * names a revision that is not Available is not applied at all while the old one keeps serving.
 * The status then comes from KServe's own {@link StatusPropagator}.
 *
 * <p>Knative resolves the route after the InferenceService controller has written it, so KServe
 * needs a second reconcile to settle a rollback (reference/kserve.md §1.5). Here both happen in one
 * place, so the plan is repeated until the rolled-out revisions settle, and the transient split is
 * never written.
 */
public final class StandardPlanner {
  private static final int MAX_ROUNDS = 4;

  private StandardPlanner() {}

  /**
   * @param namespace the InferenceService's namespace
   * @param isvcName its name
   * @param domain the domain its hosts end in
   * @param templateHash the hash of the pod template the predictor asks for now
   * @param existing the revisions whose Deployments exist
   * @param routed revisions the existing HTTPRoutes send traffic to
   * @param canaryPercent {@code canaryTrafficPercent}, null when absent
   * @param tagRouting the {@code serving.kserve.io/enable-tag-routing} annotation
   * @param generation the InferenceService's generation, which this status observes
   * @param prior the InferenceService's status, conditions initialised
   */
  public record Inputs(
      String namespace,
      String isvcName,
      String domain,
      String templateHash,
      List<RevisionWorkload> existing,
      Set<String> routed,
      Long canaryPercent,
      String tagRouting,
      Long generation,
      InferenceServiceStatus prior,
      Instant now) {}

  public static String predictorName(String isvcName) {
    return isvcName + "-" + ComponentType.PREDICTOR.key();
  }

  public static StandardPlan plan(Inputs in) {
    String configuration = predictorName(in.isvcName());
    ComponentStatus priorComponent = in.prior().component(ComponentType.PREDICTOR);
    List<RevisionWorkload> revisions = new ArrayList<>(in.existing());
    revisions.sort(Comparator.comparingLong(RevisionWorkload::generation));
    RevisionWorkload latest = revisions.isEmpty() ? null : revisions.getLast();
    Optional<RevisionWorkload> created = Optional.empty();
    if (latest == null || !Objects.equals(latest.templateHash(), in.templateHash())) {
      long next = Math.max(latest == null ? 0 : latest.generation(),
          numberOf(priorComponent.latestCreatedRevision())) + 1;
      latest = RevisionWorkload.planned(
          RevisionNames.forGeneration(configuration, next), next, in.templateHash());
      created = Optional.of(latest);
      revisions.add(latest);
    }

    List<Revision> asRevisions =
        revisions.stream().map(r -> asRevision(configuration, r)).toList();
    String latestReady = LatestRevisions
        .latestReady(priorComponent.latestReadyRevision(), asRevisions).orElse(null);
    Condition configurationReady = configurationReady(latest, latestReady);
    TrafficLookup lookup = TrafficLookup.of(new ConfigurationState(configuration, latest.name(),
        latestReady, configurationReady.status()), asRevisions);
    RouteIdentity route = RouteIdentity.ofService(in.namespace(), configuration, in.domain());

    InferenceServiceStatus status = in.prior();
    TrafficResolution resolution = null;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      ComponentStatus before = status.component(ComponentType.PREDICTOR);
      List<TrafficTarget> traffic = TrafficPlanner.plan(
          in.canaryPercent(), before.latestRolledoutOrEmpty(), in.tagRouting());
      resolution = TrafficResolver.resolve(route, traffic, lookup);
      ServiceStatus service = serviceStatus(in, route, latest.name(), latestReady,
          configurationReady, resolution, priorComponent.traffic());
      status = StatusPropagator.propagate(status, ComponentType.PREDICTOR, service, in.now());
      ComponentStatus after = status.component(ComponentType.PREDICTOR);
      if (Objects.equals(before.latestRolledoutRevision(), after.latestRolledoutRevision())
          && Objects.equals(before.previousRolledoutRevision(),
              after.previousRolledoutRevision())) {
        break;
      }
    }

    Optional<StandardPlan.Routes> routes = resolution instanceof TrafficResolution.Resolved r
        ? Optional.of(routes(r, latest.name()))
        : Optional.empty();
    Set<String> keep = keep(revisions, latest.name(), latestReady,
        status.component(ComponentType.PREDICTOR), resolution, priorComponent, in.routed());
    return new StandardPlan(revisions, created, keep, routes, status);
  }

  /** Knative's configuration readiness: ready once the latest created revision is the ready one. */
  private static Condition configurationReady(RevisionWorkload latest, String latestReady) {
    if (latest.name().equals(latestReady)) {
      return Condition.of(ServiceStatus.CONFIGURATIONS_READY, ConditionStatus.TRUE, null, null);
    }
    Condition readiness = latest.readiness();
    if (readiness.isFalse()) {
      return Condition.of(ServiceStatus.CONFIGURATIONS_READY, ConditionStatus.FALSE,
          "RevisionFailed", "Revision \"" + latest.name() + "\" failed with message: "
              + readiness.message() + ".");
    }
    return Condition.of(ServiceStatus.CONFIGURATIONS_READY, ConditionStatus.UNKNOWN,
        readiness.reason(), readiness.message());
  }

  /**
   * The status a Knative Service would report for this configuration and route: what
   * {@link StatusPropagator} reads. A route that cannot be resolved keeps its last traffic.
   */
  private static ServiceStatus serviceStatus(
      Inputs in,
      RouteIdentity route,
      String latestCreated,
      String latestReady,
      Condition configurationReady,
      TrafficResolution resolution,
      List<TrafficTarget> lastTraffic) {
    Condition assigned = resolution.allTrafficAssigned();
    Condition routesReady = Condition.of(ServiceStatus.ROUTES_READY, assigned.status(),
        assigned.reason(), assigned.message());
    Condition ready = Stream.of(configurationReady, routesReady)
        .filter(Condition::isFalse).findFirst()
        .or(() -> Stream.of(configurationReady, routesReady).filter(Condition::isUnknown)
            .findFirst())
        .map(c -> Condition.of(ServiceStatus.READY, c.status(), c.reason(), c.message()))
        .orElse(Condition.of(ServiceStatus.READY, ConditionStatus.TRUE, null, null));
    List<TrafficTarget> traffic = resolution instanceof TrafficResolution.Resolved r
        ? r.traffic()
        : lastTraffic;
    return new ServiceStatus(in.generation(), List.of(configurationReady, routesReady, ready),
        latestCreated, latestReady, RouteHosts.url(RouteHosts.host(route)), null, traffic, null);
  }

  private static StandardPlan.Routes routes(TrafficResolution.Resolved resolved, String latest) {
    List<StandardPlan.Backend> backends = new ArrayList<>();
    Set<String> weighted = new LinkedHashSet<>();
    for (RevisionWeight weight : resolved.split().weights()) {
      backends.add(new StandardPlan.Backend(weight.revisionName(), weight.percent()));
      weighted.add(weight.revisionName());
    }
    Stream.concat(Stream.of(latest), resolved.revisions().stream())
        .filter(weighted::add)
        .forEach(name -> backends.add(new StandardPlan.Backend(name, 0)));
    return new StandardPlan.Routes(backends, resolved.tags());
  }

  /**
   * The revisions that stay: the latest created and ready ones, the rolled-out and the previous
   * rolled-out one (so a rollback finds it running), and every revision a route may still send
   * traffic to.
   */
  private static Set<String> keep(
      List<RevisionWorkload> revisions,
      String latestCreated,
      String latestReady,
      ComponentStatus component,
      TrafficResolution resolution,
      ComponentStatus priorComponent,
      Set<String> routed) {
    Set<String> keep = new LinkedHashSet<>();
    keep.add(latestCreated);
    keep.add(latestReady);
    keep.add(component.latestRolledoutRevision());
    keep.add(component.previousRolledoutRevision());
    if (resolution instanceof TrafficResolution.Resolved r) {
      keep.addAll(r.revisions());
    } else {
      priorComponent.traffic().forEach(t -> keep.add(t.revisionName()));
      keep.addAll(routed);
    }
    Set<String> known = new LinkedHashSet<>();
    revisions.forEach(r -> known.add(r.name()));
    keep.retainAll(known);
    return keep;
  }

  private static Revision asRevision(String configuration, RevisionWorkload workload) {
    ObjectMeta meta = new ObjectMeta(workload.name(), null, null, null, 1L, null, null, null,
        Map.of(ServingLabels.SERVICE, configuration,
            ServingLabels.CONFIGURATION, configuration,
            ServingLabels.CONFIGURATION_GENERATION, String.valueOf(workload.generation())),
        null, null, null, null);
    Condition ready = Condition.of(RevisionStatus.READY, workload.readiness().status(),
        workload.readiness().reason(), workload.readiness().message());
    return new Revision(Revision.API_VERSION, Revision.KIND, meta, null,
        new RevisionStatus(1L, List.of(ready), null, null, null), null);
  }

  /** The number at the end of a revision name, 0 when there is none. */
  static long numberOf(String revisionName) {
    if (revisionName == null) {
      return 0;
    }
    int dash = revisionName.lastIndexOf('-');
    String digits = revisionName.substring(dash + 1);
    return digits.matches("\\d{1,18}") ? Long.parseLong(digits) : 0;
  }
}
