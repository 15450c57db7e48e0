package dev.kanary.core.traffic.edit;

import static dev.kanary.core.traffic.edit.KnEdit.existing;
import static dev.kanary.core.traffic.edit.KnEdit.latest;
import static dev.kanary.core.traffic.edit.KnEdit.rev;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kanary.core.knative.TrafficTarget;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kn's behaviour beyond its own tables, quirks included, and where this editor departs from it. */
class TrafficEditorBehaviourTest {

  @Test
  void untagsBeforeTagging() {
    KnEdit edit = existing(rev("r1", 100, "a")).args("--untag", "a", "--tag", "r2=a");

    assertThat(TrafficEditor.compute(edit.request()))
        .containsExactly(rev("r1", 100), rev("r2", 0, "a"));
  }

  @Test
  void untaggingA0PercentEntryRemovesIt() {
    KnEdit edit = existing(latest(100), rev("r1", 0, "old")).args("--untag", "old");

    assertThat(TrafficEditor.compute(edit.request())).containsExactly(latest(100));
  }

  @Test
  void aTagCanBeUntaggedOnlyOnce() {
    KnEdit edit = existing(rev("r1", 100, "a")).args("--untag", "a,a");

    assertThatThrownBy(() -> TrafficEditor.compute(edit.request()))
        .hasMessage("tag(s) a not present for any revisions of service serviceName");
  }

  @Test
  void aTagMatchWinsOverARevisionName() {
    KnEdit edit = existing(rev("r1", 50, "r2"), rev("r2", 50)).args("--traffic", "r2=100");

    assertThat(TrafficEditor.compute(edit.request())).containsExactly(rev("r1", 100, "r2"));
  }

  @Test
  void checksPercentsBeforeUntagging() {
    KnEdit edit = existing(latest(100)).args("--untag", "nope", "--traffic", "@latest=60,r1=60");

    assertThatThrownBy(() -> TrafficEditor.compute(edit.request()))
        .hasMessage("given traffic percents sum to 120, want <=100");
  }

  @Test
  void aMutationSendsTheRemainderToANewLatestEntry() {
    KnEdit edit = existing(rev("r1", 100))
        .revisions("r1")
        .mutating(true)
        .args("--traffic", "r1=30");

    assertThat(TrafficEditor.compute(edit.request())).containsExactly(rev("r1", 30), latest(70));
  }

  @Test
  void remainderInferenceCountsStatusNotSpec() {
    TrafficEditRequest request = new TrafficEditRequest(
        "serviceName",
        List.of(rev("r1", 100)),
        List.of(rev("r1", 60), rev("r2", 20), rev("r3", 20)),
        List.of(ServiceRevision.named("r1")),
        null,
        TrafficFlags.none().withTraffic("r1=30"),
        false);

    assertThatThrownBy(() -> TrafficEditor.compute(request))
        .hasMessage("unable to allocate the remaining traffic: 70%. Reason: "
            + "incorrect number of revisions specified. Only 1 revision should be missing");
  }

  @Test
  void aRevisionReferencedByTagIsSeenOnlyThroughItsTagsAnnotation() {
    KnEdit asStored = existing(rev("r1", 50, "a"), rev("r2", 50))
        .revisions("r1", "r2")
        .args("--traffic", "a=30");
    KnEdit annotated =
        asStored.revisions(new ServiceRevision("r1", "a"), ServiceRevision.named("r2"));

    // kn gives the remainder to r1 again, by name, overwriting the 30%: 70% in all.
    assertThatThrownBy(() -> TrafficEditor.compute(asStored.request()))
        .hasMessage("Traffic targets sum to 70, want 100: spec.traffic");
    assertThat(TrafficEditor.compute(annotated.request()))
        .containsExactly(rev("r1", 30, "a"), rev("r2", 70));
  }

  @Test
  void theTagsAnnotationIsOneReferenceNotAList() {
    KnEdit edit = existing(rev("r1", 50, "a"), rev("r2", 50))
        .revisions(new ServiceRevision("r1", "a,b"), ServiceRevision.named("r2"))
        .args("--traffic", "a=30");

    assertThatThrownBy(() -> TrafficEditor.compute(edit.request()))
        .hasMessage("Traffic targets sum to 70, want 100: spec.traffic");
  }

  @Test
  void withoutALatestReadyRevisionLatestMarksEveryUnannotatedRevisionReferenced() {
    KnEdit known = existing(rev("r1", 50), latest(50))
        .revisions("r1", "r2")
        .latestReady("r2")
        .args("--traffic", "@latest=20");
    KnEdit unknown = known.latestReady(null);

    assertThat(TrafficEditor.compute(known.request())).containsExactly(rev("r1", 80), latest(20));
    assertThatThrownBy(() -> TrafficEditor.compute(unknown.request()))
        .hasMessage("unable to allocate the remaining traffic: 80%. Reason: "
            + "cannot determine the missing revision");
  }

  @Test
  void refusesTwoReferencesToTheSameEntryWhichKnWouldSend() {
    KnEdit edit = existing(rev("r1", 100, "a")).args("--traffic", "a=50,r1=50");

    assertThatThrownBy(() -> TrafficEditor.compute(edit.request()))
        .isExactlyInstanceOf(TrafficEditException.class)
        .hasMessage("Traffic targets sum to 50, want 100: spec.traffic");
  }

  @Test
  void refusesAnEmptyTrafficFlagWhichResetsEveryPercent() {
    KnEdit edit = existing(latest(100, "current")).args("--traffic", "");

    assertThatThrownBy(() -> TrafficEditor.compute(edit.request()))
        .hasMessage("Traffic targets sum to 0, want 100: spec.traffic");
  }

  @Test
  void readsAbsentFieldsAsKnativeDefaultsThem() {
    TrafficTarget bareLatest = new TrafficTarget(null, null, null, null, 100L, null);
    TrafficTarget noPercent = new TrafficTarget("old", "r1", null, false, null, null);
    KnEdit edit = existing(bareLatest, noPercent).args("--tag", "@latest=current");

    assertThat(TrafficEditor.compute(edit.request()))
        .containsExactly(bareLatest.withTag("current"), noPercent);
  }
}
