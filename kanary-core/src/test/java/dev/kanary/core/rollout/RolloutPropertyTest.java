package dev.kanary.core.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionStatus;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceServiceStatus;
import dev.kanary.core.traffic.ConfigurationState;
import dev.kanary.core.traffic.RouteIdentity;
import dev.kanary.core.traffic.TagRoute;
import dev.kanary.core.traffic.TrafficContext;
import dev.kanary.core.traffic.TrafficLookup;
import dev.kanary.core.traffic.TrafficResolution;
import dev.kanary.core.traffic.TrafficResolver;
import dev.kanary.core.traffic.TrafficValidator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Invariants of the planner and the propagator together, over seeded random cases: the plan always
 * passes Knative's validation, and over any sequence of canary, promote, rollback, new revisions
 * that become ready or fail, no request is ever routed to a revision that was never ready.
 */
class RolloutPropertyTest {
  private static final long SEED = Long.getLong("kanary.rollout.seed", 20261121L);
  private static final String SERVICE = "sklearn-iris-predictor";
  private static final RouteIdentity ROUTE =
      RouteIdentity.ofService("default", SERVICE, "example.com");

  @Test
  void everyPlanForAValidPercentValidates() {
    Random random = new Random(SEED);
    int cases = 0;
    for (long canary = 0; canary <= 100; canary++) {
      for (int i = 0; i < 30; i++) {
        String lro = random.nextInt(5) == 0 ? "" : SERVICE + "-0000" + (1 + random.nextInt(9));
        String tagAnnotation = switch (random.nextInt(4)) {
          case 0 -> null;
          case 1 -> "true";
          case 2 -> "True";
          default -> "false";
        };
        Long c = random.nextInt(10) == 0 ? null : canary;
        List<TrafficTarget> plan = TrafficPlanner.plan(c, lro, tagAnnotation);

        assertThat(TrafficValidator.validateTraffic(plan,
                TrafficContext.spec().withDefaultConfigurationName()).render())
            .as("seed %d, canary %s, lro %s, tag %s: %s", SEED, c, lro, tagAnnotation, plan)
            .isEmpty();
        assertThat(plan.stream().mapToLong(TrafficTarget::percentOrZero).sum()).isEqualTo(100);
        cases++;
      }
    }
    assertThat(cases).isGreaterThan(3000);
  }

  @Test
  void randomRolloutsNeverRouteToARevisionThatWasNeverReady() {
    Random seeds = new Random(SEED);
    for (int run = 0; run < 2000; run++) {
      long seed = seeds.nextLong();
      new Simulation(new Random(seed), seed).run(40);
    }
  }

  /** One InferenceService's predictor, reconciled after every user action or revision event. */
  private static final class Simulation {
    private final Random random;
    private final long seed;
    private final Map<String, ConditionStatus> revisions = new LinkedHashMap<>();
    private final Set<String> everReady = new HashSet<>();
    private final List<String> log = new ArrayList<>();
    private Long canary;
    private String tagAnnotation;
    private String latestReady;
    private List<TrafficTarget> routedTraffic = List.of();
    private InferenceServiceStatus status = InferenceServiceStatus.EMPTY;
    private Instant now = Instant.parse("2026-11-21T00:00:00Z");

    Simulation(Random random, long seed) {
      this.random = random;
      this.seed = seed;
    }

    void run(int steps) {
      newRevision();
      for (int step = 0; step < steps; step++) {
        act();
        reconcile();
        reconcile();
      }
    }

    private void act() {
      switch (random.nextInt(8)) {
        case 0 -> {
          canary = random.nextBoolean() ? null : (long) random.nextInt(101);
          newRevision();
        }
        case 1, 2 -> settleLatest(true);
        case 3 -> settleLatest(false);
        case 4 -> promote();
        case 5 -> rollback();
        case 6 -> setCanary(random.nextInt(101));
        default -> tagAnnotation = random.nextBoolean() ? "true" : null;
      }
    }

    private void promote() {
      log.add("promote");
      canary = null;
    }

    private void rollback() {
      log.add("rollback");
      canary = 0L;
    }

    private void setCanary(long percent) {
      log.add("canary " + percent);
      canary = percent;
    }

    private void newRevision() {
      String name = SERVICE + "-%05d".formatted(revisions.size() + 1);
      log.add("new " + name + " canary " + canary);
      revisions.put(name, ConditionStatus.UNKNOWN);
    }

    private void settleLatest(boolean ready) {
      String latest = latestCreated();
      if (revisions.get(latest) != ConditionStatus.UNKNOWN) {
        return;
      }
      log.add((ready ? "ready " : "failed ") + latest);
      revisions.put(latest, ready ? ConditionStatus.TRUE : ConditionStatus.FALSE);
      if (ready) {
        everReady.add(latest);
        latestReady = latest;
      }
    }

    private String latestCreated() {
      return List.copyOf(revisions.keySet()).get(revisions.size() - 1);
    }

    private void reconcile() {
      now = now.plusSeconds(1);
      List<TrafficTarget> plan = TrafficPlanner.plan(canary,
          status.component(ComponentType.PREDICTOR).latestRolledoutOrEmpty(), tagAnnotation);
      TrafficResolution resolution = TrafficResolver.resolve(ROUTE, plan, lookup());
      if (resolution instanceof TrafficResolution.Resolved resolved) {
        Set<String> routed = new HashSet<>(resolved.split().revisionNames());
        resolved.tags().stream().map(TagRoute::revisionName).forEach(routed::add);
        assertThat(everReady)
            .as("seed %d after %s: routes %s", seed, log, resolved.routeTable())
            .containsAll(routed);
        routedTraffic = resolved.traffic();
      }
      ServiceStatus service = new ServiceStatus(1L,
          List.of(Condition.of("Ready", latestReady == null
              ? ConditionStatus.UNKNOWN : ConditionStatus.TRUE, null, null)),
          latestCreated(), latestReady, "http://" + SERVICE + ".default.example.com", null,
          routedTraffic, null);
      status = StatusPropagator.propagate(status, ComponentType.PREDICTOR, service, now);
      String lro = status.component(ComponentType.PREDICTOR).latestRolledoutRevision();
      String pro = status.component(ComponentType.PREDICTOR).previousRolledoutRevision();
      for (String rolledOut : new String[] {lro, pro}) {
        if (rolledOut != null) {
          assertThat(everReady).as("seed %d after %s: rolled out %s", seed, log, rolledOut)
              .contains(rolledOut);
        }
      }
    }

    private TrafficLookup lookup() {
      List<Revision> all = new ArrayList<>();
      revisions.forEach((name, readiness) -> all.add(revision(name, readiness)));
      ConditionStatus configReady = revisions.get(latestCreated());
      return TrafficLookup.of(
          new ConfigurationState(SERVICE, latestCreated(), latestReady, configReady), all);
    }

    private static Revision revision(String name, ConditionStatus readiness) {
      ObjectMeta meta = ObjectMeta.of("default", name)
          .withLabels(Map.of(ServingLabels.SERVICE, SERVICE,
              ServingLabels.CONFIGURATION, SERVICE))
          .withSystemFields("uid-" + name, 1L, "1", null);
      RevisionStatus status = new RevisionStatus(1L,
          List.of(Condition.of("Ready", readiness, null, null)), null, null, null);
      return new Revision(Revision.API_VERSION, Revision.KIND, meta, null, status, null);
    }
  }
}
