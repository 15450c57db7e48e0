package dev.kanary.core.rollout;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionManager;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.kserve.ComponentStatus;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceServiceConditions;
import dev.kanary.core.kserve.InferenceServiceStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * KServe's PropagateStatus: copies a component Service's status into the InferenceService status,
 * and keeps the rollout history (latest and previous rolled-out revisions) that the next traffic
 * plan is built from.
 *
 * <p>A revision counts as rolled out only when the route reports the floating latest target resolved
 * to it at exactly 100%. Rolling back is recognised when that target drops below 100 while the
 * latest ready revision is already the rolled-out one, is also the latest created, still holds 100%
 * in total (the pinned {@code prev} entry points at it) and a previous rolled-out revision exists:
 * then the previous one becomes the rolled-out one again, and the next plan pins {@code prev} to it.
 */
public final class StatusPropagator {
  private StatusPropagator() {}

  public static InferenceServiceStatus propagate(
      InferenceServiceStatus prior, ComponentType component, ServiceStatus service, Instant now) {
    ComponentStatus before = prior.component(component);
    String latestReady = nullToEmpty(service.latestReadyRevisionName());
    String latestCreated = nullToEmpty(service.latestCreatedRevisionName());
    Rollout rollout = new Rollout(before.latestRolledoutOrEmpty(), before.previousRolledoutOrEmpty())
        .observe(service.traffic(), latestReady, latestCreated);

    boolean ready = service.condition(ServiceStatus.READY).map(Condition::isTrue).orElse(false);
    String url = ready && service.url() != null ? service.url() : before.url();
    var address = ready && service.address() != null ? service.address() : before.address();

    ComponentStatus after = new ComponentStatus(
        emptyToNull(latestReady),
        emptyToNull(latestCreated),
        emptyToNull(rollout.previous()),
        emptyToNull(rollout.latest()),
        service.traffic(),
        url,
        before.restUrl(),
        before.grpcUrl(),
        address);

    ConditionManager conditions =
        InferenceServiceConditions.SET.manage(prior.conditions(), now);
    conditions.set(component.readyCondition(),
        service.condition(ServiceStatus.READY).orElse(null));
    conditions.set(component.routeReadyCondition(),
        service.condition(ServiceStatus.ROUTES_READY).orElse(null));
    conditions.set(component.configurationReadyCondition(),
        service.condition(ServiceStatus.CONFIGURATIONS_READY).orElse(null));

    return prior.withComponent(component, after)
        .withConditions(conditions.conditions())
        .withObservedGeneration(service.observedGeneration());
  }

  /** The rollout history: the latest and previous rolled-out revisions, "" when none. */
  record Rollout(String latest, String previous) {

    Rollout observe(List<TrafficTarget> traffic, String latestReady, String latestCreated) {
      Map<String, Long> revisionTraffic = new HashMap<>();
      for (TrafficTarget t : traffic) {
        if (t.percent() != null) {
          revisionTraffic.merge(nullToEmpty(t.revisionName()), t.percent(), Long::sum);
        }
      }
      Rollout state = this;
      for (TrafficTarget t : traffic) {
        if (!t.isLatestRevision() || !latestReady.equals(nullToEmpty(t.revisionName()))) {
          continue;
        }
        if (!state.latest.equals(latestReady)) {
          if (Objects.equals(t.percent(), 100L)) {
            state = new Rollout(latestReady, state.latest);
          }
        } else if (latestReady.equals(latestCreated)
            && t.percent() != null
            && t.percent() < 100
            && revisionTraffic.getOrDefault(latestReady, 0L) == 100
            && !state.previous.isEmpty()) {
          state = new Rollout(state.previous, state.previous);
        }
      }
      return state;
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
