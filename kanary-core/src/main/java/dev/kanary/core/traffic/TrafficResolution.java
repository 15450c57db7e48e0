package dev.kanary.core.traffic;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.knative.TrafficTarget;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The outcome of resolving a traffic block: every target routable, or the reason why not. A route
 * change applies all at once or not at all: on {@link NotReady} or {@link Failed} the caller keeps
 * serving the split it already has and only updates the condition.
 */
public sealed interface TrafficResolution {
  Condition allTrafficAssigned();

  /**
   * Every target resolved to a ready revision.
   *
   * @param host the route's host, {@code {name}.{namespace}.{domain}}
   * @param clusterLocalHost {@code {name}.{namespace}.svc.cluster.local}
   * @param traffic {@code status.traffic}: one entry per flattened target, 0% entries included,
   *     with the resolved revision name and, for a tag, the tag's URL
   * @param split the route host's split
   * @param tags one route per tag, in the order the tags first appear
   * @param revisions every revision in {@code traffic}, in order of appearance
   */
  record Resolved(
      String host,
      String clusterLocalHost,
      List<TrafficTarget> traffic,
      TrafficSplit split,
      List<TagRoute> tags,
      Set<String> revisions) implements TrafficResolution {

    public Resolved {
      traffic = List.copyOf(traffic);
      tags = List.copyOf(tags);
      revisions = Collections.unmodifiableSet(new LinkedHashSet<>(revisions));
    }

    @Override
    public Condition allTrafficAssigned() {
      return AllTrafficAssigned.assigned();
    }

    /** {@code status.url}. */
    public String url() {
      return RouteHosts.url(host);
    }

    /** {@code status.address.url}. */
    public String address() {
      return RouteHosts.url(clusterLocalHost);
    }

    /** What the gateway serves: the route's host, then each tag's host. */
    public Map<String, TrafficSplit> routeTable() {
      Map<String, TrafficSplit> table = new LinkedHashMap<>();
      table.put(host, split);
      tags.forEach(tag -> table.put(tag.host(), tag.split()));
      return table;
    }
  }

  /** A target is still becoming ready; AllTrafficAssigned is Unknown. */
  record NotReady(Condition allTrafficAssigned) implements TrafficResolution {}

  /** A target is missing, foreign or failed, or a host is invalid; AllTrafficAssigned is False. */
  record Failed(Condition allTrafficAssigned) implements TrafficResolution {}
}
