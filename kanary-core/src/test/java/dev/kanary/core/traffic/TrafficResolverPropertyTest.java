package dev.kanary.core.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionStatus;
import dev.kanary.core.knative.TrafficTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Over seeded random traffic blocks and revision sets: the resolver never routes to a missing,
 * foreign or unready revision, and resolves only when every target is ready.
 */
class TrafficResolverPropertyTest {
  private static final long SEED = Long.getLong("kanary.resolver.seed", 7L);
  private static final String SERVICE = "svc";
  private static final RouteIdentity ROUTE = RouteIdentity.ofService("ns", SERVICE, "example.com");
  private static final ConditionStatus[] READINESS = ConditionStatus.values();

  @Test
  void neverRoutesToAnUnreadyRevision() {
    Random seeds = new Random(SEED);
    int resolved = 0;
    for (int run = 0; run < 5000; run++) {
      long seed = seeds.nextLong();
      Random random = new Random(seed);
      List<Revision> revisions = new ArrayList<>();
      Set<String> ready = new HashSet<>();
      int count = 1 + random.nextInt(4);
      String latestReady = null;
      for (int i = 1; i <= count; i++) {
        String name = SERVICE + "-0000" + i;
        ConditionStatus readiness = READINESS[random.nextInt(READINESS.length)];
        String owner = random.nextInt(10) == 0 ? "other" : SERVICE;
        revisions.add(revision(name, readiness, owner));
        if (readiness == ConditionStatus.TRUE && owner.equals(SERVICE)) {
          ready.add(name);
        }
        if (readiness == ConditionStatus.TRUE) {
          latestReady = name;
        }
      }
      List<TrafficTarget> traffic = randomTraffic(random, count);
      TrafficLookup lookup = TrafficLookup.of(new ConfigurationState(SERVICE,
          SERVICE + "-0000" + count, latestReady, ConditionStatus.UNKNOWN), revisions);

      TrafficResolution resolution = TrafficResolver.resolve(ROUTE, traffic, lookup);

      if (resolution instanceof TrafficResolution.Resolved r) {
        resolved++;
        Set<String> routed = new HashSet<>(r.split().revisionNames());
        r.tags().forEach(tag -> routed.add(tag.revisionName()));
        assertThat(ready).as("seed %d: %s over %s", seed, traffic, revisions).containsAll(routed);
        assertThat(r.split().weights().stream().mapToLong(RevisionWeight::percent).sum())
            .isEqualTo(100);
      } else {
        boolean allReady = traffic.stream().allMatch(t -> t.isLatestRevision()
            ? latestReadyIsOwned(latestReadyOf(revisions), ready)
            : ready.contains(t.revisionName()));
        assertThat(allReady).as("seed %d: every target ready but %s", seed, resolution).isFalse();
      }
    }
    assertThat(resolved).as("enough cases resolve to test something").isGreaterThan(250);
  }

  private static String latestReadyOf(List<Revision> revisions) {
    String latest = null;
    for (Revision r : revisions) {
      if (r.readiness() == ConditionStatus.TRUE) {
        latest = r.metadata().name();
      }
    }
    return latest;
  }

  private static boolean latestReadyIsOwned(String latestReady, Set<String> ready) {
    return latestReady != null && ready.contains(latestReady);
  }

  /** A block that passes validation: percents sum to 100, tags unique. */
  private static List<TrafficTarget> randomTraffic(Random random, int revisions) {
    int entries = 1 + random.nextInt(3);
    List<TrafficTarget> traffic = new ArrayList<>();
    long left = 100;
    for (int i = 0; i < entries; i++) {
      long percent = i == entries - 1 ? left : random.nextInt((int) left + 1);
      left -= percent;
      TrafficTarget target = random.nextInt(3) == 0
          ? TrafficTarget.latest(percent)
          : TrafficTarget.revision(SERVICE + "-0000" + (1 + random.nextInt(revisions + 1)), percent);
      traffic.add(random.nextBoolean() ? target.withTag("t" + i) : target);
    }
    return traffic;
  }

  private static Revision revision(String name, ConditionStatus readiness, String owner) {
    ObjectMeta meta = ObjectMeta.of("ns", name)
        .withLabels(Map.of(ServingLabels.SERVICE, owner, ServingLabels.CONFIGURATION, SERVICE))
        .withSystemFields("uid-" + name, 1L, "1", null);
    return new Revision(Revision.API_VERSION, Revision.KIND, meta, null, new RevisionStatus(1L,
        List.of(Condition.of("Ready", readiness, null, null)), null, null, null), null);
  }
}
