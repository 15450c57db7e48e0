package dev.kanary.core.traffic;

import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.knative.TrafficTarget;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The revisions a route holds on to, which Knative's labeler marks {@code routingState=active} so
 * that garbage collection keeps them ({@code pkg/reconciler/labeler/metasync.go}): every existing
 * revision named in spec or status traffic, 0% ones included, and for a floating target also its
 * configuration's latest <em>created</em> revision, so the revision about to take over is kept
 * before it is ready.
 */
public final class RoutedRevisions {
  private RoutedRevisions() {}

  public static Set<String> of(RouteIdentity route, List<TrafficTarget> specTraffic,
      List<TrafficTarget> statusTraffic, TrafficLookup lookup) {
    List<TrafficTarget> targets = new ArrayList<>(statusTraffic);
    targets.addAll(specTraffic);
    Set<String> names = new LinkedHashSet<>();
    for (TrafficTarget target : targets) {
      String configurationName = configurationOf(route, target);
      if (target.hasRevisionName()) {
        Optional<Revision> revision = lookup.revision(target.revisionName());
        if (revision.isEmpty()) {
          continue;
        }
        names.add(target.revisionName());
        String owner = revision.get().metadata().label(ServingLabels.CONFIGURATION);
        if (owner != null) {
          configurationName = owner;
        }
      }
      if (configurationName == null || !target.isLatestRevision()) {
        continue;
      }
      lookup.configuration(configurationName)
          .filter(ConfigurationState::hasLatestCreatedRevision)
          .ifPresent(c -> names.add(c.latestCreatedRevisionName()));
    }
    return names;
  }

  /** The configuration a target names, or a Service's own for a target naming nothing. */
  private static String configurationOf(RouteIdentity route, TrafficTarget target) {
    if (target.configurationName() != null && !target.configurationName().isEmpty()) {
      return target.configurationName();
    }
    return target.hasRevisionName() ? null : route.serviceName();
  }
}
