package dev.kanary.core.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Knative's living condition set, as reference/kserve.md §2.4 describes it. */
class ConditionSetTest {
  private static final ConditionSet SET = ConditionSet.living("PredictorReady", "IngressReady");
  private static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(60);
  private static final Instant T2 = T0.plusSeconds(120);

  private static ConditionStatus status(ConditionManager m, String type) {
    return m.get(type).orElseThrow().status();
  }

  @Test
  void initializeSetsReadyAndDependentsUnknown() {
    ConditionManager m = SET.manage(List.of(), T0).initialize();

    assertThat(m.conditions()).extracting(Condition::type)
        .containsExactly("IngressReady", "PredictorReady", "Ready");
    assertThat(m.conditions()).allMatch(Condition::isUnknown);
    assertThat(m.conditions()).allMatch(c -> c.severity().isEmpty());
  }

  @Test
  void initializeUnderTrueReadyMakesMissingDependentsTrue() {
    List<Condition> ready = List.of(Condition.of("Ready", ConditionStatus.TRUE, null, null));

    ConditionManager m = SET.manage(ready, T0).initialize();

    assertThat(status(m, "PredictorReady")).isEqualTo(ConditionStatus.TRUE);
    assertThat(status(m, "IngressReady")).isEqualTo(ConditionStatus.TRUE);
  }

  @Test
  void readyIsTrueOnlyWhenEveryDependentIs() {
    ConditionManager m = SET.manage(List.of(), T0).initialize();

    m.markTrue("PredictorReady");
    assertThat(status(m, "Ready")).isEqualTo(ConditionStatus.UNKNOWN);

    m.markTrue("IngressReady");
    assertThat(status(m, "Ready")).isEqualTo(ConditionStatus.TRUE);
  }

  @Test
  void readyIsUnknownWhileADependentWasNeverSet() {
    ConditionManager m = SET.manage(List.of(), T0).markTrue("PredictorReady");

    assertThat(status(m, "Ready")).isEqualTo(ConditionStatus.UNKNOWN);
  }

  @Test
  void falseDependentMakesReadyFalseWithItsReasonAndMessage() {
    ConditionManager m = SET.manage(List.of(), T0).initialize()
        .markTrue("IngressReady")
        .markFalse("PredictorReady", "RevisionFailed", "model did not load");

    Condition ready = m.get("Ready").orElseThrow();
    assertThat(ready.status()).isEqualTo(ConditionStatus.FALSE);
    assertThat(ready.reason()).isEqualTo("RevisionFailed");
    assertThat(ready.message()).isEqualTo("model did not load");
  }

  @Test
  void falseTrumpsUnknownWhenMarkingTrue() {
    ConditionManager m = SET.manage(List.of(), T0).initialize()
        .markFalse("PredictorReady", "Failed", "x");
    m = SET.manage(m.conditions(), T1).markUnknown("IngressReady", "Waiting", "y");
    m = SET.manage(m.conditions(), T2).markTrue("SomethingElse");

    assertThat(m.get("Ready").orElseThrow().reason()).isEqualTo("Failed");
  }

  @Test
  void unknownDependentMakesReadyUnknownUnlessAnotherIsFalse() {
    ConditionManager m = SET.manage(List.of(), T0).initialize()
        .markTrue("PredictorReady").markTrue("IngressReady")
        .markUnknown("PredictorReady", "Deploying", "starting");
    assertThat(m.get("Ready").orElseThrow())
        .extracting(Condition::status, Condition::reason)
        .containsExactly(ConditionStatus.UNKNOWN, "Deploying");

    m.markFalse("IngressReady", "NoRoute", "none").markUnknown("PredictorReady", "Again", "z");
    assertThat(status(m, "Ready")).isEqualTo(ConditionStatus.FALSE);
  }

  @Test
  void informationalConditionsDoNotGateReady() {
    ConditionManager m = SET.manage(List.of(), T0).initialize()
        .markTrue("PredictorReady").markTrue("IngressReady")
        .markFalse("TransformerReady", "Broken", "x");

    assertThat(status(m, "Ready")).isEqualTo(ConditionStatus.TRUE);
    assertThat(m.get("TransformerReady").orElseThrow().severity()).isEqualTo("Info");
  }

  @Test
  void lastTransitionTimeMovesOnlyWhenStatusChanges() {
    ConditionManager m = SET.manage(List.of(), T0).markFalse("PredictorReady", "A", "first");
    m = SET.manage(m.conditions(), T1).markFalse("PredictorReady", "B", "second");
    Condition refined = m.get("PredictorReady").orElseThrow();
    assertThat(refined.lastTransitionTime()).isEqualTo(T0);
    assertThat(refined.reason()).isEqualTo("B");

    m = SET.manage(m.conditions(), T2).markTrue("PredictorReady");
    assertThat(m.get("PredictorReady").orElseThrow().lastTransitionTime()).isEqualTo(T2);
  }

  @Test
  void settingTheSameConditionAgainChangesNothing() {
    List<Condition> once = SET.manage(List.of(), T0).initialize().markTrue("PredictorReady")
        .conditions();

    List<Condition> twice = SET.manage(once, T1).markTrue("PredictorReady").conditions();

    assertThat(twice).isEqualTo(once);
  }

  @Test
  void terminalConditionsCannotBeCleared() {
    ConditionManager m = SET.manage(List.of(), T0).markTrue("PredictorReady")
        .markTrue("TransformerReady");

    m.clear("PredictorReady").clear("TransformerReady").clear("NeverSet");

    assertThat(m.get("PredictorReady")).isPresent();
    assertThat(m.get("TransformerReady")).isEmpty();
  }

  @Test
  void setDispatchesOnStatusAndIgnoresNull() {
    ConditionManager m = SET.manage(List.of(), T0).initialize()
        .set("PredictorReady", null);
    assertThat(status(m, "PredictorReady")).isEqualTo(ConditionStatus.UNKNOWN);

    m.set("PredictorReady", Condition.of("Ready", ConditionStatus.FALSE, "X", "y"));
    assertThat(m.get("PredictorReady").orElseThrow())
        .extracting(Condition::status, Condition::reason, Condition::message)
        .containsExactly(ConditionStatus.FALSE, "X", "y");
    assertThat(status(m, "Ready")).isEqualTo(ConditionStatus.FALSE);
  }
}
