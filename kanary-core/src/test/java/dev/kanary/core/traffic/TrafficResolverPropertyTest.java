package dev.kanary.core.traffic;

import static dev.kanary.core.traffic.TrafficFixtures.configuration;
import static dev.kanary.core.traffic.TrafficFixtures.newRevision;
import static dev.kanary.core.traffic.TrafficFixtures.revision;
import static dev.kanary.core.traffic.TrafficFixtures.revisionObject;
import static dev.kanary.core.traffic.TrafficFixtures.staleRevision;
import static dev.kanary.core.traffic.TrafficFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.knative.TrafficTarget;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Random traffic blocks over random revisions of random readiness. Whatever the input, the
 * resolver routes only to ready revisions that exist and belong to the route's Service, every
 * split sums to 100, and it resolves exactly when every target is routable.
 *
 * <p>Each case has its own seed, printed on failure. Replay one case with
 * {@code -Dkanary.traffic.case=<seed>}, or a whole run with {@code -Dkanary.traffic.seed=<seed>}.
 */
class TrafficResolverPropertyTest {
  private static final long MASTER_SEED = Long.getLong("kanary.traffic.seed", 20260821L);
  private static final Long ONE_CASE = Long.getLong("kanary.traffic.case");
  private static final int CASES = 5_000;
  private static final String SERVICE = "svc";
  private static final String OTHER = "other";

  @Test
  void routesOnlyToReadyOwnedRevisionsAndOnlyWhenAllTargetsAre() {
    Random master = new Random(MASTER_SEED);
    int cases = ONE_CASE == null ? CASES : 1;
    int resolved = 0;
    for (int i = 0; i < cases; i++) {
      long seed = ONE_CASE == null ? master.nextLong() : ONE_CASE;
      Scenario scenario = Scenario.generate(new Random(seed));
      TrafficResolution resolution =
          TrafficResolver.resolve(scenario.route(), scenario.traffic(), scenario.lookup());
      String context = "seed " + seed + " (master " + MASTER_SEED + "): " + scenario;

      checkOutcome(scenario, resolution, context);
      if (resolution instanceof TrafficResolution.Resolved r) {
        checkResolved(scenario, r, context);
        resolved++;
      }
    }
    if (ONE_CASE == null) {
      // Both outcomes must be well represented, or the properties prove little.
      assertThat(resolved).as("resolved cases of %d", CASES)
          .isBetween(CASES / 10, CASES * 9 / 10);
    }
  }

  /** Resolved iff every target is routable and every host valid; else the right condition. */
  private static void checkOutcome(
      Scenario scenario, TrafficResolution resolution, String context) {
    List<Routability> targets = scenario.traffic().stream()
        .map(t -> Routability.of(t, scenario))
        .toList();
    boolean hostTooLong = scenario.traffic().stream()
        .anyMatch(t -> t.hasTag() && (t.tag() + "-" + scenario.route().name()).length() > 63);
    boolean anyFailure = targets.contains(Routability.FAILED);
    boolean anyWaiting = targets.contains(Routability.WAITING);

    if (anyFailure || (hostTooLong && !anyWaiting)) {
      assertThat(resolution).as(context).isInstanceOf(TrafficResolution.Failed.class);
      assertThat(resolution.allTrafficAssigned().status()).as(context)
          .isEqualTo(ConditionStatus.FALSE);
    } else if (anyWaiting) {
      assertThat(resolution).as(context).isInstanceOf(TrafficResolution.NotReady.class);
      assertThat(resolution.allTrafficAssigned().status()).as(context)
          .isEqualTo(ConditionStatus.UNKNOWN);
    } else {
      assertThat(resolution).as(context).isInstanceOf(TrafficResolution.Resolved.class);
    }
  }

  private static void checkResolved(
      Scenario scenario, TrafficResolution.Resolved resolved, String context) {
    List<TrafficSplit> splits = new ArrayList<>(resolved.routeTable().values());
    for (TrafficSplit split : splits) {
      assertThat(split.weights().stream().mapToLong(RevisionWeight::percent).sum())
          .as(context).isEqualTo(100);
      for (String name : split.revisionNames()) {
        Optional<Revision> revision = scenario.lookup().revision(name);
        assertThat(revision).as("%s: %s exists", context, name).isPresent();
        assertThat(revision.get().isReady()).as("%s: %s is ready", context, name).isTrue();
        if (scenario.route().serviceOwned()) {
          assertThat(revision.get().metadata().label(ServingLabels.SERVICE))
              .as("%s: %s belongs to the service", context, name).isEqualTo(SERVICE);
        }
      }
    }
    assertThat(resolved.traffic().stream().mapToLong(TrafficTarget::percentOrZero).sum())
        .as(context).isEqualTo(100);
    Set<String> inStatus = resolved.traffic().stream().map(TrafficTarget::revisionName)
        .collect(Collectors.toCollection(LinkedHashSet::new));
    assertThat(resolved.revisions()).as(context).containsExactlyElementsOf(inStatus);
    assertThat(resolved.split().revisionNames()).as(context).isSubsetOf(inStatus);
    for (TrafficTarget entry : resolved.traffic()) {
      if (entry.hasTag()) {
        assertThat(resolved.tags()).as(context)
            .contains(new TagRoute(entry.tag(), entry.tag() + "-" + scenario.route().name()
                + ".default.example.com", entry.revisionName()));
      }
    }
  }

  /** How one target fares, judged directly from the scenario, apart from the resolver. */
  private enum Routability {
    ROUTABLE,
    WAITING,
    FAILED;

    static Routability of(TrafficTarget target, Scenario scenario) {
      TrafficLookup lookup = scenario.lookup();
      if (target.hasRevisionName()) {
        Optional<Revision> revision = lookup.revision(target.revisionName());
        if (revision.isEmpty()) {
          return FAILED;
        }
        Routability servable = servable(revision.get(), scenario);
        String config = revision.get().metadata().label(ServingLabels.CONFIGURATION);
        if (servable == ROUTABLE && config != null && lookup.configuration(config).isEmpty()) {
          return FAILED;
        }
        return servable;
      }
      String name = target.configurationName() != null
          ? target.configurationName()
          : scenario.route().serviceName();
      Optional<ConfigurationState> config = lookup.configuration(name);
      if (config.isEmpty()) {
        return FAILED;
      }
      if (!config.get().hasLatestReadyRevision()) {
        return config.get().ready() == ConditionStatus.FALSE ? FAILED : WAITING;
      }
      return lookup.revision(config.get().latestReadyRevisionName())
          .map(r -> servable(r, scenario))
          .orElse(FAILED);
    }

    private static Routability servable(Revision revision, Scenario scenario) {
      if (scenario.route().serviceOwned()
          && !SERVICE.equals(revision.metadata().label(ServingLabels.SERVICE))) {
        return FAILED;
      }
      if (revision.isReady()) {
        return ROUTABLE;
      }
      return revision.readiness() == ConditionStatus.FALSE ? FAILED : WAITING;
    }
  }

  private record Scenario(
      RouteIdentity route,
      List<TrafficTarget> traffic,
      TrafficLookup lookup,
      Map<String, String> revisions,
      List<ConfigurationState> configurations) {

    static Scenario generate(Random random) {
      boolean serviceOwned = random.nextInt(10) < 7;
      RouteIdentity route = serviceOwned
          ? RouteIdentity.ofService("default", SERVICE, "example.com")
          : RouteIdentity.standalone("default", "route", "example.com");

      List<Revision> revisions = new ArrayList<>();
      int own = 1 + random.nextInt(6);
      for (int i = 1; i <= own; i++) {
        revisions.add(randomReadiness(random, String.format("svc-%05d", i), SERVICE, SERVICE));
      }
      revisions.add(randomReadiness(random, "other-00001", OTHER, OTHER));
      if (random.nextBoolean()) {
        revisions.add(randomReadiness(random, "unlabelled-00001", SERVICE, null));
      }
      List<String> names = revisions.stream().map(r -> r.metadata().name()).toList();

      List<ConfigurationState> configurations = new ArrayList<>();
      configurations.add(randomConfiguration(random, SERVICE, own));
      if (random.nextBoolean()) {
        configurations.add(new ConfigurationState(
            OTHER, "other-00001", "other-00001", ConditionStatus.TRUE));
      }

      List<TrafficTarget> traffic = new ArrayList<>();
      long[] percents = partition(random, 1 + random.nextInt(5));
      for (int i = 0; i < percents.length; i++) {
        TrafficTarget target = random.nextBoolean()
            ? revision(pick(random, names, "svc-00099"))
            : floating(random, serviceOwned);
        if (random.nextInt(10) < 4) {
          // Now and then a tag too long to fit beside the route's name in one label.
          String tag = random.nextInt(20) == 0 ? "t" + "x".repeat(58) + i : "t" + i;
          target = target.withTag(tag);
        }
        traffic.add(target.withPercent(percents[i]));
      }
      return new Scenario(route, traffic, TrafficLookup.of(configurations, revisions),
          revisions.stream().collect(Collectors.toMap(r -> r.metadata().name(),
              Scenario::describe)),
          configurations);
    }

    @Override
    public String toString() {
      return "route " + route + ", traffic " + traffic + ", revisions " + revisions
          + ", configurations " + configurations;
    }

    private static TrafficTarget floating(Random random, boolean serviceOwned) {
      if (serviceOwned) {
        return target();
      }
      return configuration(pick(random, List.of(SERVICE, OTHER), "missing-config"));
    }

    private static Revision randomReadiness(
        Random random, String name, String configuration, String service) {
      return switch (random.nextInt(6)) {
        case 0, 1, 2 -> revisionObject(name, configuration, service, ConditionStatus.TRUE);
        case 3 -> revisionObject(name, configuration, service, ConditionStatus.FALSE);
        case 4 -> staleRevision(name, configuration, service);
        default -> newRevision(name, configuration, service);
      };
    }

    private static ConfigurationState randomConfiguration(Random random, String name, int own) {
      String latestCreated = String.format("svc-%05d", own);
      String latestReady = switch (random.nextInt(5)) {
        case 0 -> null;
        case 1 -> "svc-00098"; // deleted since
        default -> String.format("svc-%05d", 1 + random.nextInt(own));
      };
      ConditionStatus ready = ConditionStatus.values()[random.nextInt(3)];
      return new ConfigurationState(name, latestCreated, latestReady, ready);
    }

    /** {@code count} percents summing to 100, zeros included. */
    private static long[] partition(Random random, int count) {
      long[] cuts = new long[count + 1];
      cuts[count] = 100;
      for (int i = 1; i < count; i++) {
        cuts[i] = random.nextInt(101);
      }
      Arrays.sort(cuts);
      long[] percents = new long[count];
      for (int i = 0; i < count; i++) {
        percents[i] = cuts[i + 1] - cuts[i];
      }
      return percents;
    }

    private static String pick(Random random, List<String> names, String missing) {
      int i = random.nextInt(names.size() + 1);
      return i == names.size() ? missing : names.get(i);
    }

    private static String describe(Revision revision) {
      return revision.readiness() + (revision.isReady() ? "" : " (not ready)")
          + " service=" + revision.metadata().label(ServingLabels.SERVICE);
    }
  }
}
