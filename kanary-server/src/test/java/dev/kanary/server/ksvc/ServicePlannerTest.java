package dev.kanary.server.ksvc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionSpec;
import dev.kanary.core.knative.RevisionStatus;
import dev.kanary.core.knative.RevisionTemplate;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceSpec;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.revision.GcConfig;
import dev.kanary.core.revision.RoutingState;
import dev.kanary.server.revision.RevisionConditions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Knative Service rules, step by step through the seed tutorial, and their invariants. */
class ServicePlannerTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final String DOMAIN = "example.com";

  @Test
  void aNewServiceGetsItsFirstRevisionAndWaitsForIt() {
    Service service = service("model-1", List.of());

    ServicePlan plan = plan(service, List.of());

    assertThat(plan.create()).hasValueSatisfying(r -> {
      assertThat(r.metadata().name()).isEqualTo("svc-00001");
      assertThat(r.metadata().label("serving.knative.dev/configurationGeneration")).isEqualTo("1");
      assertThat(r.metadata().ownerReferences()).singleElement()
          .satisfies(o -> assertThat(o.uid()).isEqualTo("svc-uid"));
      assertThat(r.spec().timeoutSeconds()).isEqualTo(300L);
    });
    assertThat(plan.status().latestCreatedRevisionName()).isEqualTo("svc-00001");
    assertThat(plan.status().latestReadyRevisionName()).isNull();
    assertThat(plan.status().traffic()).isEmpty();
    assertThat(condition(plan, ServiceStatus.ROUTES_READY).status())
        .isEqualTo(ConditionStatus.UNKNOWN);
    assertThat(condition(plan, ServiceStatus.ROUTES_READY).message())
        .isEqualTo("Configuration \"svc\" is waiting for a Revision to become ready.");
    assertThat(condition(plan, ServiceStatus.READY).status()).isEqualTo(ConditionStatus.UNKNOWN);
  }

  @Test
  void aReadyFirstRevisionTakesAllTraffic() {
    Service service = service("model-1", List.of());
    Revision first = ready(created(service, 1));

    ServicePlan plan = plan(service, List.of(first));

    assertThat(plan.create()).isEmpty();
    assertThat(plan.status().latestReadyRevisionName()).isEqualTo("svc-00001");
    assertThat(plan.status().traffic())
        .containsExactly(new TrafficTarget(null, "svc-00001", null, true, 100L, null));
    assertThat(plan.status().url()).isEqualTo("http://svc.ns.example.com");
    assertThat(condition(plan, ServiceStatus.READY).status()).isEqualTo(ConditionStatus.TRUE);
    assertThat(plan.routingStates()).containsEntry("svc-00001", RoutingState.ACTIVE);
  }

  @Test
  void aTemplateChangeMakesTheNextRevisionAndTrafficWaitsForIt() {
    Service v1 = service("model-1", List.of());
    Revision first = routed(ready(created(v1, 1)));
    Service v2 = service("model-2", canary(10)).withStatus(plan(v1, List.of(first)).status());

    ServicePlan plan = plan(v2, List.of(first));

    assertThat(plan.create()).hasValueSatisfying(
        r -> assertThat(r.metadata().name()).isEqualTo("svc-00002"));
    assertThat(plan.status().latestCreatedRevisionName()).isEqualTo("svc-00002");
    assertThat(plan.status().latestReadyRevisionName()).isEqualTo("svc-00001");
    assertThat(plan.status().traffic()).extracting(TrafficTarget::revisionName, TrafficTarget::percent)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("svc-00001", 90L),
            org.assertj.core.groups.Tuple.tuple("svc-00001", 10L));
    assertThat(condition(plan, ServiceStatus.CONFIGURATIONS_READY).status())
        .isEqualTo(ConditionStatus.UNKNOWN);
  }

  @Test
  void aReadyCanaryGetsItsShare() {
    Service v1 = service("model-1", List.of());
    Revision first = routed(ready(created(v1, 1)));
    Service v2 = service("model-2", canary(10));
    Revision second = ready(created(v2, 2));

    ServicePlan plan = plan(v2, List.of(first, second));

    assertThat(plan.status().latestReadyRevisionName()).isEqualTo("svc-00002");
    assertThat(plan.status().traffic()).containsExactly(
        new TrafficTarget("prev", "svc-00001", null, false, 90L, "http://prev-svc.ns.example.com"),
        new TrafficTarget("latest", "svc-00002", null, true, 10L,
            "http://latest-svc.ns.example.com"));
    assertThat(condition(plan, ServiceStatus.READY).status()).isEqualTo(ConditionStatus.TRUE);
  }

  @Test
  void aFailedCanaryFailsTheConfigurationAndLeavesTrafficOnTheStableRevision() {
    Service v1 = service("model-1", List.of());
    Revision first = routed(ready(created(v1, 1)));
    Service v2 = service("model-2", canary(10));
    Revision second = withReady(created(v2, 2), ConditionStatus.FALSE, "ExitCode1",
        "Container failed with: no model.onnx");

    ServicePlan plan = plan(v2, List.of(first, second));

    assertThat(plan.status().latestReadyRevisionName()).isEqualTo("svc-00001");
    assertThat(plan.status().traffic()).extracting(TrafficTarget::revisionName)
        .containsOnly("svc-00001");
    Condition configuration = condition(plan, ServiceStatus.CONFIGURATIONS_READY);
    assertThat(configuration.status()).isEqualTo(ConditionStatus.FALSE);
    assertThat(configuration.reason()).isEqualTo("RevisionFailed");
    assertThat(configuration.message()).isEqualTo(
        "Revision \"svc-00002\" failed with message: Container failed with: no model.onnx.");
  }

  @Test
  void trafficMovesBackToAStoppedRevisionOnlyOnceItsReplicasAreUp() {
    Service v1 = service("model-1", List.of());
    Revision first = created(v1, 1);
    Service v2 = service("model-2", List.of());
    Revision second = routed(ready(created(v2, 2)));
    Revision stopped = inactive(ready(first));
    Service served = v2.withStatus(plan(v2, List.of(stopped, second)).status());
    Service rollback = served.withSpec(new ServiceSpec(served.spec().template(),
        List.of(new TrafficTarget(null, "svc-00001", null, false, 100L, null)), null));

    ServicePlan waiting = plan(rollback, List.of(stopped, second));
    assertThat(waiting.status().traffic()).extracting(TrafficTarget::revisionName)
        .containsExactly("svc-00002");
    assertThat(condition(waiting, ServiceStatus.ROUTES_READY).status())
        .isEqualTo(ConditionStatus.UNKNOWN);
    assertThat(waiting.routingStates()).containsEntry("svc-00001", RoutingState.ACTIVE);

    ServicePlan moved = plan(rollback, List.of(ready(first), second));
    assertThat(moved.status().traffic()).extracting(TrafficTarget::revisionName)
        .containsExactly("svc-00001");
    assertThat(moved.routingStates()).containsEntry("svc-00002", RoutingState.RESERVE);
  }

  @Test
  void planningAgainWithItsOwnOutputChangesNothing() {
    Service v2 = service("model-2", canary(10));
    Revision first = routed(ready(created(service("model-1", List.of()), 1)));
    Revision second = routed(ready(created(v2, 2)));
    ServicePlan once = plan(v2, List.of(first, second));
    ServicePlan twice = plan(v2.withStatus(once.status()), List.of(first, second));

    assertThat(twice.status()).isEqualTo(once.status());
    assertThat(twice.create()).isEmpty();
    assertThat(twice.routingStates()).isEmpty();
  }

  @Test
  void servedTrafficAlwaysSumsTo100AndNamesOnlyReadyRevisions() {
    Random random = new Random(7);
    for (int run = 0; run < 300; run++) {
      List<Revision> revisions = new ArrayList<>();
      int count = 1 + random.nextInt(4);
      Service service = null;
      for (int g = 1; g <= count; g++) {
        service = service("model-" + g, List.of());
        Revision revision = created(service, g);
        revisions.add(switch (random.nextInt(3)) {
          case 0 -> ready(revision);
          case 1 -> withReady(revision, ConditionStatus.FALSE, "ExitCode1", "boom");
          default -> revision;
        });
      }
      long canary = random.nextInt(101);
      service = service("model-" + count, random.nextBoolean() ? canary(canary) : List.of());
      ServicePlan plan = plan(service, revisions);
      List<TrafficTarget> traffic = plan.status().traffic();
      if (!traffic.isEmpty()) {
        assertThat(traffic.stream().mapToLong(TrafficTarget::percent).sum()).isEqualTo(100);
        List<String> ready = revisions.stream().filter(Revision::isReady)
            .map(r -> r.metadata().name()).toList();
        assertThat(traffic).allSatisfy(t -> assertThat(ready).contains(t.revisionName()));
      }
    }
  }

  private static List<TrafficTarget> canary(long percent) {
    return List.of(
        new TrafficTarget("prev", "svc-00001", null, false, 100 - percent, null),
        new TrafficTarget("latest", null, null, true, percent, null));
  }

  private static ServicePlan plan(Service service, List<Revision> revisions) {
    return ServicePlanner.plan(service, revisions, DOMAIN, GcConfig.DEFAULTS, NOW);
  }

  private static Condition condition(ServicePlan plan, String type) {
    return plan.status().condition(type).orElseThrow();
  }

  private static Service service(String model, List<TrafficTarget> traffic) {
    Container container = new Container("kserve-container", null, List.of("serve"),
        List.of("--model", model), null, null, null);
    ObjectMeta meta = ObjectMeta.of("ns", "svc").withSystemFields("svc-uid", 1L, "1", NOW);
    return Service.of(meta, new ServiceSpec(
        new RevisionTemplate(ObjectMeta.of(null, null),
            new RevisionSpec(List.of(container), null, null, null, null)),
        traffic, null));
  }

  private static Revision created(Service service, long generation) {
    Revision revision = RevisionFactory.build(service, generation, NOW);
    return new Revision(revision.apiVersion(), revision.kind(),
        revision.metadata().withSystemFields("rev-uid-" + generation, 1L, "1", NOW),
        revision.spec(), null, null);
  }

  private static Revision routed(Revision revision) {
    return RoutingStates.relabel(revision, RoutingState.ACTIVE, NOW);
  }

  private static Revision ready(Revision revision) {
    return withConditions(revision, List.of(
        Condition.of(RevisionStatus.READY, ConditionStatus.TRUE, null, null),
        Condition.of(RevisionConditions.ACTIVE, ConditionStatus.TRUE, null, null)));
  }

  private static Revision inactive(Revision revision) {
    return withConditions(revision, List.of(
        Condition.of(RevisionStatus.READY, ConditionStatus.TRUE, null, null),
        Condition.of(RevisionConditions.ACTIVE, ConditionStatus.FALSE, "NoTraffic", null)));
  }

  private static Revision withReady(
      Revision revision, ConditionStatus status, String reason, String message) {
    return withConditions(revision,
        List.of(Condition.of(RevisionStatus.READY, status, reason, message)));
  }

  private static Revision withConditions(Revision revision, List<Condition> conditions) {
    return revision.withStatus(new RevisionStatus(1L, conditions, null, null, null));
  }
}
