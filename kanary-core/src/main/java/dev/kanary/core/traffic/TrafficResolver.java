package dev.kanary.core.traffic;

import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.knative.TrafficTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves a route's traffic block to revisions, as Knative's route reconciler does
 * ({@code pkg/reconciler/route/traffic/traffic.go}, {@code route.go}):
 *
 * <ul>
 *   <li>a floating target (a configuration, or a Service's default one) means the configuration's
 *       latest <em>ready</em> revision, never the latest created one;
 *   <li>targets with the same tag, revision and latestRevision merge, their percents summed;
 *   <li>the route's host shares requests among all targets' revisions, 0% ones left out; each
 *       tag's host sends 100% to its revision;
 *   <li>all or nothing: one target that is missing, foreign or not ready blocks the whole change,
 *       reported through AllTrafficAssigned. Of several, the first is reported unless a later one
 *       is a failure, which overwrites it.
 * </ul>
 */
public final class TrafficResolver {
  private TrafficResolver() {}

  /**
   * @param traffic the route's spec traffic, validated ({@link RouteValidator}); it is defaulted
   *     here again, which is idempotent
   * @throws IllegalArgumentException if the traffic could not have passed validation: it does not
   *     sum to 100, repeats a tag, or (for a standalone route) has a target naming nothing
   */
  public static TrafficResolution resolve(
      RouteIdentity route, List<TrafficTarget> traffic, TrafficLookup lookup) {
    List<TrafficTarget> defaulted = TrafficDefaults.apply(traffic, route.serviceOwned());
    requireValidated(route, defaulted);

    // Knative builds the route's URL before it looks at the targets, so a bad host wins.
    String host = RouteHosts.host(route);
    Optional<String> hostError = RouteHosts.domainNameError(host);
    if (hostError.isPresent()) {
      return new TrafficResolution.Failed(AllTrafficAssigned.domainError(hostError.get()));
    }

    Flattening flattening = new Flattening(route, lookup);
    defaulted.forEach(flattening::add);
    if (flattening.error != null) {
      return flattening.error.isFailure()
          ? new TrafficResolution.Failed(flattening.error.condition())
          : new TrafficResolution.NotReady(flattening.error.condition());
    }

    List<TrafficTarget> status = new ArrayList<>();
    Map<String, TagRoute> tags = new LinkedHashMap<>();
    Set<String> revisions = new LinkedHashSet<>();
    for (Flat target : flattening.merged) {
      revisions.add(target.revisionName());
      String url = null;
      if (target.isTagged()) {
        String tagHost = RouteHosts.tagHost(target.tag(), route);
        Optional<String> tagHostError = RouteHosts.domainNameError(tagHost);
        if (tagHostError.isPresent()) {
          return new TrafficResolution.Failed(AllTrafficAssigned.domainError(tagHostError.get()));
        }
        url = RouteHosts.url(tagHost);
        tags.putIfAbsent(target.tag(), new TagRoute(target.tag(), tagHost, target.revisionName()));
      }
      status.add(new TrafficTarget(target.isTagged() ? target.tag() : null,
          target.revisionName(), null, target.latestRevision(), target.percent(), url));
    }
    return new TrafficResolution.Resolved(host, RouteHosts.clusterLocalHost(route), status,
        mainSplit(flattening.all), List.copyOf(tags.values()), revisions);
  }

  /**
   * Knative's consolidation of the default group: one weight per revision in order of first
   * appearance; a lone revision takes 100% whatever its targets say. Zero weights are then left
   * out, as Knative's ingress leaves them out of the route's host.
   */
  private static TrafficSplit mainSplit(List<Flat> targets) {
    Map<String, Long> byRevision = new LinkedHashMap<>();
    targets.forEach(t -> byRevision.merge(t.revisionName(), t.percent(), Long::sum));
    if (byRevision.size() == 1) {
      return TrafficSplit.of(byRevision.keySet().iterator().next());
    }
    return new TrafficSplit(byRevision.entrySet().stream()
        .filter(e -> e.getValue() > 0)
        .map(e -> new RevisionWeight(e.getKey(), e.getValue()))
        .toList());
  }

  private static void requireValidated(RouteIdentity route, List<TrafficTarget> traffic) {
    long sum = 0;
    Set<String> tags = new HashSet<>();
    for (TrafficTarget target : traffic) {
      sum += target.percentOrZero();
      if (target.hasTag() && !tags.add(target.tag())) {
        throw new IllegalArgumentException("traffic is not validated: tag "
            + target.tag() + " is defined twice");
      }
      if (!target.hasRevisionName() && !hasConfigurationName(target) && !route.serviceOwned()) {
        throw new IllegalArgumentException(
            "traffic is not validated: a target of a standalone route names nothing: " + target);
      }
    }
    if (sum != 100) {
      throw new IllegalArgumentException("traffic is not validated: targets sum to " + sum);
    }
  }

  private static boolean hasConfigurationName(TrafficTarget target) {
    return target.configurationName() != null && !target.configurationName().isEmpty();
  }

  /** A target flattened to a revision; an untagged one has the empty tag. */
  private record Flat(String tag, String revisionName, boolean latestRevision, long percent) {

    boolean isTagged() {
      return !tag.isEmpty();
    }

    boolean sameRoute(Flat other) {
      return tag.equals(other.tag) && revisionName.equals(other.revisionName)
          && latestRevision == other.latestRevision;
    }

    Flat plus(long morePercent) {
      return new Flat(tag, revisionName, latestRevision, percent + morePercent);
    }
  }

  /** One pass over the traffic block; Knative's {@code configBuilder}. */
  private static final class Flattening {
    private final RouteIdentity route;
    private final TrafficLookup lookup;
    /** Every flattened target, in spec order: the route host's group. */
    private final List<Flat> all = new ArrayList<>();
    /** Flattened targets with equal (tag, revision, latestRevision) merged: status.traffic. */
    private final List<Flat> merged = new ArrayList<>();
    private TargetError error;

    Flattening(RouteIdentity route, TrafficLookup lookup) {
      this.route = route;
      this.lookup = lookup;
    }

    void add(TrafficTarget target) {
      if (target.hasRevisionName()) {
        addRevisionTarget(target);
      } else {
        addConfigurationTarget(target,
            hasConfigurationName(target) ? target.configurationName() : route.serviceName());
      }
    }

    private void addRevisionTarget(TrafficTarget target) {
      Optional<Revision> found = lookup.revision(target.revisionName());
      if (found.isEmpty()) {
        defer(new TargetError.Missing("Revision", target.revisionName()));
        return;
      }
      Revision revision = found.get();
      if (!checkServable(revision)) {
        return;
      }
      String configurationName = revision.metadata().label(ServingLabels.CONFIGURATION);
      if (configurationName != null && lookup.configuration(configurationName).isEmpty()) {
        defer(new TargetError.Missing("Configuration", configurationName));
        return;
      }
      addFlattened(target, revision.metadata().name());
    }

    private void addConfigurationTarget(TrafficTarget target, String configurationName) {
      Optional<ConfigurationState> found = lookup.configuration(configurationName);
      if (found.isEmpty()) {
        defer(new TargetError.Missing("Configuration", configurationName));
        return;
      }
      ConfigurationState configuration = found.get();
      if (!configuration.hasLatestReadyRevision()) {
        defer(new TargetError.UnreadyConfiguration(
            configurationName, configuration.ready() == ConditionStatus.FALSE));
        return;
      }
      String latestReady = configuration.latestReadyRevisionName();
      Optional<Revision> revision = lookup.revision(latestReady);
      if (revision.isEmpty()) {
        defer(new TargetError.Missing("Revision", latestReady));
        return;
      }
      if (checkServable(revision.get())) {
        addFlattened(target, latestReady);
      }
    }

    /**
     * A Service's route serves only the Service's revisions, and no route serves a revision that
     * is not ready. Knative checks ownership for pinned revisions only, trusting a configuration's
     * latest ready revision; both are checked here, since kanary's readiness also says whether a
     * revision's replicas are up to take traffic again.
     */
    private boolean checkServable(Revision revision) {
      String name = revision.metadata().name();
      if (route.serviceOwned()) {
        String owner = revision.metadata().label(ServingLabels.SERVICE);
        if (!route.serviceName().equals(owner)) {
          defer(new TargetError.NotOwned(name, owner, route.serviceName()));
          return false;
        }
      }
      if (!revision.isReady()) {
        defer(new TargetError.UnreadyRevision(
            name, revision.readiness() == ConditionStatus.FALSE));
        return false;
      }
      return true;
    }

    private void addFlattened(TrafficTarget target, String revisionName) {
      Flat flat = new Flat(target.hasTag() ? target.tag() : "", revisionName,
          target.isLatestRevision(), target.percentOrZero());
      all.add(flat);
      for (int i = 0; i < merged.size(); i++) {
        if (merged.get(i).sameRoute(flat)) {
          merged.set(i, merged.get(i).plus(flat.percent()));
          return;
        }
      }
      merged.add(flat);
    }

    /** Keeps the first error, unless a later one is a failure: failures are what users act on. */
    private void defer(TargetError targetError) {
      if (error == null || targetError.isFailure()) {
        error = targetError;
      }
    }
  }
}
