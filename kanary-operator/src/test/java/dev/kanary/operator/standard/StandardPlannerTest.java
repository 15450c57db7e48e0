package dev.kanary.operator.standard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.kserve.ComponentStatus;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceServiceConditions;
import dev.kanary.core.kserve.InferenceServiceStatus;
import dev.kanary.operator.standard.StandardPlan.Backend;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * Standard mode's rules, step by step as a user drives a rollout; each step feeds the previous
 * step's status and revisions into the next plan, as the reconciler does.
 */
class StandardPlannerTest {
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  /** The cluster as the planner sees it between reconciles. */
  private final Map<String, RevisionWorkload> revisions = new LinkedHashMap<>();
  private InferenceServiceStatus status = InferenceServiceStatus.EMPTY.withConditions(
      InferenceServiceConditions.SET.manage(List.of(), NOW).initialize().conditions());
  private Set<String> routed = Set.of();

  private StandardPlan reconcile(String templateHash, Long canary) {
    return reconcile(templateHash, canary, null);
  }

  private StandardPlan reconcile(String templateHash, Long canary, String tagRouting) {
    StandardPlan plan = StandardPlanner.plan(new StandardPlanner.Inputs("default", "sk",
        "example.com", templateHash, List.copyOf(revisions.values()), routed, canary, tagRouting,
        1L, status, NOW));
    plan.created().ifPresent(c -> revisions.put(c.name(), c));
    revisions.keySet().retainAll(plan.keep());
    plan.routes().ifPresent(r -> routed = Set.copyOf(r.backends().stream()
        .map(Backend::revision).toList()));
    status = plan.status();
    return plan;
  }

  private void setReadiness(String revision, ConditionStatus readiness) {
    RevisionWorkload r = revisions.get(revision);
    revisions.put(revision, new RevisionWorkload(r.name(), r.generation(), r.templateHash(),
        Condition.of(RawReadiness.TYPE, readiness, "Test", "set by the test")));
  }

  private ComponentStatus predictor() {
    return status.component(ComponentType.PREDICTOR);
  }

  private static Backend b(int revision, long weight) {
    return new Backend("sk-predictor-0000" + revision, weight);
  }

  private static List<Backend> backends(StandardPlan plan) {
    return plan.routes().orElseThrow().backends();
  }

  @Test
  void canaryPromoteRollbackAndUndo() {
    StandardPlan plan = reconcile("v1", null);
    assertThat(plan.created()).map(RevisionWorkload::name).contains("sk-predictor-00001");
    assertThat(plan.routes()).as("nothing Available, nothing routed").isEmpty();

    setReadiness("sk-predictor-00001", ConditionStatus.TRUE);
    assertThat(backends(reconcile("v1", null))).containsExactly(b(1, 100));
    assertThat(predictor().latestRolledoutRevision()).isEqualTo("sk-predictor-00001");
    assertThat(status.condition("PredictorReady")).map(Condition::isTrue).contains(true);

    plan = reconcile("v2", 20L);
    assertThat(plan.created()).map(RevisionWorkload::name).contains("sk-predictor-00002");
    assertThat(backends(plan)).as("a canary not Available gets weight 0")
        .containsExactly(b(1, 100), b(2, 0));
    assertThat(status.condition("PredictorReady")).map(Condition::isUnknown).contains(true);

    setReadiness("sk-predictor-00002", ConditionStatus.TRUE);
    plan = reconcile("v2", 20L);
    assertThat(backends(plan)).containsExactly(b(2, 20), b(1, 80));
    assertThat(plan.routes().orElseThrow().tags()).singleElement().satisfies(tag -> {
      assertThat(tag.tag()).isEqualTo("prev");
      assertThat(tag.revisionName()).isEqualTo("sk-predictor-00001");
    });
    assertThat(predictor().latestRolledoutRevision()).isEqualTo("sk-predictor-00001");

    plan = reconcile("v2", null);
    assertThat(backends(plan)).containsExactly(b(2, 100));
    assertThat(predictor().latestRolledoutRevision()).isEqualTo("sk-predictor-00002");
    assertThat(predictor().previousRolledoutRevision()).isEqualTo("sk-predictor-00001");
    assertThat(plan.keep()).as("kept for a rollback").contains("sk-predictor-00001");

    plan = reconcile("v2", 0L);
    assertThat(backends(plan)).as("rolled back in one plan").containsExactly(b(1, 100), b(2, 0));
    assertThat(predictor().latestRolledoutRevision()).isEqualTo("sk-predictor-00001");
    assertThat(predictor().previousRolledoutRevision()).isEqualTo("sk-predictor-00001");

    plan = reconcile("v2", null);
    assertThat(backends(plan)).containsExactly(b(2, 100));
    assertThat(predictor().latestRolledoutRevision()).isEqualTo("sk-predictor-00002");
  }

  @Test
  void aSplitNamingARevisionThatIsNotAvailableIsNotApplied() {
    reconcile("v1", null);
    setReadiness("sk-predictor-00001", ConditionStatus.TRUE);
    reconcile("v1", null);
    reconcile("v2", null);
    setReadiness("sk-predictor-00002", ConditionStatus.TRUE);
    reconcile("v2", null);
    List<TrafficTarget> served = predictor().traffic();

    setReadiness("sk-predictor-00001", ConditionStatus.UNKNOWN);
    StandardPlan plan = reconcile("v2", 0L);

    assertThat(plan.routes()).as("the old split keeps serving").isEmpty();
    assertThat(predictor().traffic()).isEqualTo(served);
    assertThat(status.condition("PredictorRouteReady")).hasValueSatisfying(c -> {
      assertThat(c.isUnknown()).isTrue();
      assertThat(c.message()).isEqualTo("Revision \"sk-predictor-00001\" is not yet ready.");
    });
    assertThat(plan.keep()).contains("sk-predictor-00001", "sk-predictor-00002");
  }

  @Test
  void aFirstRevisionCreatedWithACanarySplitsAgainstItself() {
    reconcile("v1", 10L);
    setReadiness("sk-predictor-00001", ConditionStatus.TRUE);

    StandardPlan plan = reconcile("v1", 10L);

    // reference/kserve.md §2.5 G: once rolled out, the 10/90 split points both targets at r1.
    assertThat(backends(plan)).containsExactly(b(1, 100));
    assertThat(predictor().traffic()).extracting(TrafficTarget::revisionName,
            TrafficTarget::percent)
        .containsExactly(Tuple.tuple("sk-predictor-00001", 10L),
            Tuple.tuple("sk-predictor-00001", 90L));
    assertThat(predictor().previousRolledoutRevision()).isNull();
  }

  @Test
  void revisionsNumberOnFromTheStatusWhenTheirDeploymentsAreGone() {
    status = status.withComponent(ComponentType.PREDICTOR, new ComponentStatus(null,
        "sk-predictor-00007", null, null, null, null, null, null, null));

    assertThat(reconcile("v1", null).created()).map(RevisionWorkload::name)
        .contains("sk-predictor-00008");
  }

  @Test
  void oldRevisionsAreDroppedOnceNeitherRoutedNorNeededForARollback() {
    List<String> kept = new ArrayList<>();
    for (int version = 1; version <= 3; version++) {
      reconcile("v" + version, null);
      setReadiness("sk-predictor-0000" + version, ConditionStatus.TRUE);
      kept = List.copyOf(reconcile("v" + version, null).keep());
    }

    assertThat(kept).containsExactlyInAnyOrder("sk-predictor-00003", "sk-predictor-00002");
    assertThat(Optional.ofNullable(predictor().previousRolledoutRevision()))
        .contains("sk-predictor-00002");
  }
}
