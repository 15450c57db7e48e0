package dev.kanary.core.traffic.edit;

import static dev.kanary.core.traffic.edit.KnEdit.existing;
import static dev.kanary.core.traffic.edit.KnEdit.latest;
import static dev.kanary.core.traffic.edit.KnEdit.rev;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.knative.TrafficTarget;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * kn's {@code TestCompute} and {@code TestComputeErrMsg} (knative/client
 * pkg/traffic/compute_test.go), row by row, with kn's row names and inputs.
 */
class TrafficEditorTest {

  @ParameterizedTest
  @MethodSource
  void testCompute(KnEdit edit, List<TrafficTarget> wanted) {
    assertThat(TrafficEditor.compute(edit.request())).containsExactlyElementsOf(wanted);
  }

  static Stream<Arguments> testCompute() {
    return Stream.of(
        argumentSet("assign 'latest' tag to @latest revision",
            existing(latest(100)).args("--tag", "@latest=latest"),
            List.of(latest(100, "latest"))),
        argumentSet("assign 'latest' tag to @latest revision without specifying key",
            existing(latest(100)).args("--tag", "latest"),
            List.of(latest(100, "latest"))),
        argumentSet("assign tag to revision",
            existing(rev("echo-v1", 100)).args("--tag", "echo-v1=stable"),
            List.of(rev("echo-v1", 100, "stable"))),
        argumentSet("re-assign same tag to same revision (unchanged)",
            existing(latest(100, "current")).args("--tag", "@latest=current"),
            List.of(latest(100, "current"))),
        argumentSet("split traffic to tags",
            existing(latest(100), rev("rev-v1", 0)).args("--traffic", "@latest=10,rev-v1=90"),
            List.of(latest(10), rev("rev-v1", 90))),
        argumentSet("split traffic to tags with '%' suffix",
            existing(latest(100), rev("rev-v1", 0)).args("--traffic", "@latest=10%,rev-v1=90%"),
            List.of(latest(10), rev("rev-v1", 90))),
        argumentSet("add 2 more tagged revisions without giving them traffic portions",
            existing(latest(100, "latest")).args("--tag", "echo-v0=stale,echo-v1=old"),
            List.of(latest(100, "latest"), rev("echo-v0", 0, "stale"), rev("echo-v1", 0, "old"))),
        argumentSet("re-assign same tag to 'echo-v1' revision",
            existing(rev("echo-v1", 100, "latest")).args("--tag", "echo-v1=latest"),
            List.of(rev("echo-v1", 100, "latest"))),
        argumentSet("set 2% traffic to latest revision by appending it in traffic block",
            existing(rev("echo-v1", 100, "latest")).args("--traffic", "@latest=2,echo-v1=98"),
            List.of(rev("echo-v1", 98, "latest"), latest(2))),
        argumentSet("set 2% to @latest with tag (append it in traffic block)",
            existing(rev("echo-v1", 100, "latest"))
                .args("--traffic", "@latest=2,echo-v1=98", "--tag", "@latest=testing"),
            List.of(rev("echo-v1", 98, "latest"), latest(2, "testing"))),
        argumentSet("change traffic percent of an existing revision in traffic block, "
                + "add new revision with traffic share",
            existing(rev("echo-v1", 100, "v1"))
                .args("--tag", "echo-v2=v2", "--traffic", "v1=10,v2=90"),
            List.of(rev("echo-v1", 10, "v1"), rev("echo-v2", 90, "v2"))),
        argumentSet("untag 'latest' tag from 'echo-v1' revision",
            existing(rev("echo-v1", 100, "latest")).args("--untag", "latest"),
            List.of(rev("echo-v1", 100))),
        argumentSet("replace revision pointing to 'latest' tag from 'echo-v1' "
                + "to 'echo-v2' revision",
            existing(rev("echo-v1", 50, "latest"), rev("echo-v2", 50))
                .args("--untag", "latest", "--tag", "echo-v1=old,echo-v2=latest"),
            List.of(rev("echo-v1", 50, "old"), rev("echo-v2", 50, "latest"))),
        argumentSet("have multiple tags for a revision, revision present in traffic block",
            existing(rev("echo-v1", 50, "latest"), rev("echo-v2", 50))
                .args("--tag", "echo-v1=latest,echo-v1=current"),
            List.of(
                rev("echo-v1", 50, "latest"), rev("echo-v2", 50), rev("echo-v1", 0, "current"))),
        argumentSet("have multiple tags for a revision, revision absent in traffic block",
            existing(rev("echo-v2", 100)).args("--tag", "echo-v1=latest,echo-v1=current"),
            List.of(
                rev("echo-v2", 100), rev("echo-v1", 0, "latest"), rev("echo-v1", 0, "current"))),
        argumentSet("re-assign same tag 'current' to @latest",
            existing(latest(100, "current")).args("--tag", "@latest=current"),
            List.of(latest(100, "current"))),
        argumentSet("assign echo-v1 10% traffic adjusting rest to @latest, "
                + "echo-v1 isn't present in existing traffic block",
            existing(latest(100)).args("--traffic", "echo-v1=10,@latest=90"),
            List.of(latest(90), rev("echo-v1", 10))),
        argumentSet("traffic split with sum < 100 should work for n-1 revisions",
            existing(rev("rev-00001", 0), rev("rev-00002", 0), rev("rev-00003", 100))
                .revisions("rev-00001", "rev-00002", "rev-00003")
                .args("--traffic", "rev-00001=10,rev-00002=10"),
            List.of(rev("rev-00001", 10), rev("rev-00002", 10), rev("rev-00003", 80))),
        argumentSet("traffic split sum < 100 with @latest which mutates service "
                + "should specify N revs",
            existing(rev("rev-00001", 0), rev("rev-00002", 0), latest(100))
                .revisions("rev-00001", "rev-00002", "rev-00003")
                .mutating(true)
                .latestReady("rev-00003")
                .args("--traffic", "rev-00001=10,rev-00003=40,@latest=20"),
            List.of(rev("rev-00001", 10), rev("rev-00002", 30), latest(20), rev("rev-00003", 40))),
        argumentSet("traffic split sum < 100 with @latest and does not mutate the service "
                + "should specify N-1 revs",
            existing(rev("rev-00001", 0), rev("rev-00002", 0), latest(100))
                .revisions("rev-00001", "rev-00002", "rev-00003")
                .latestReady("rev-00003")
                .args("--traffic", "rev-00001=10,@latest=20"),
            List.of(rev("rev-00001", 10), rev("rev-00002", 70), latest(20))),
        argumentSet("traffic split sum < 100 without which mutates service should specify N revs. "
                + "Remaining should go to @latest",
            existing(rev("rev-00001", 0), rev("rev-00002", 0), latest(100))
                .revisions("rev-00001", "rev-00002", "rev-00003")
                .mutating(true)
                .latestReady("rev-00003")
                .args("--traffic", "rev-00001=10,rev-00003=40,rev-00002=30"),
            List.of(rev("rev-00001", 10), rev("rev-00002", 30), latest(20), rev("rev-00003", 40))));
  }

  @ParameterizedTest
  @MethodSource
  void testComputeErrMsg(KnEdit edit, String wanted) {
    assertThatThrownBy(() -> TrafficEditor.compute(edit.request()))
        .isExactlyInstanceOf(TrafficEditException.class)
        .hasMessage(wanted);
  }

  static Stream<Arguments> testComputeErrMsg() {
    KnEdit latestOnly = existing(latest(100));
    KnEdit twoTagged = existing(latest(2, "latest"), rev("echo-v2", 98, "stable"));
    KnEdit taggedV1 = existing(rev("echo-v1", 100, "latest"));
    KnEdit threePinned = existing(rev("rev-00001", 0), rev("rev-00002", 0), rev("rev-00003", 100))
        .revisions("rev-00001", "rev-00002", "rev-00003");
    KnEdit twoPinnedAndLatest = existing(rev("rev-00001", 0), rev("rev-00002", 0), latest(100))
        .revisions("rev-00001", "rev-00002", "rev-00003");
    return Stream.of(
        argumentSet("invalid format for --traffic option",
            latestOnly.args("--traffic", "@latest=100=latest"),
            "expecting the value format in value1=value2, given @latest=100=latest"),
        argumentSet("invalid format for --tag option",
            latestOnly.args("--tag", "@latest="),
            "expecting the value format in value1=value2, given @latest="),
        argumentSet("repeatedly splitting traffic to @latest revision",
            latestOnly.args("--traffic", "@latest=90,@latest=10"),
            "repetition of identifier @latest is not allowed, use only once with --traffic flag"),
        argumentSet("repeatedly tagging to @latest revision not allowed",
            latestOnly.args("--tag", "@latest=latest,@latest=2"),
            "repetition of identifier @latest is not allowed, use only once with --tag flag"),
        argumentSet("repeatedly tagging to @latest revision not allowed, without key",
            latestOnly.args("--tag", "latest,current"),
            "repetition of identifier @latest is not allowed, use only once with --tag flag"),
        argumentSet("overwriting tag not allowed, to @latest from other revision",
            twoTagged.args("--tag", "@latest=stable"),
            "refusing to overwrite existing tag in service, "
                + "add flag '--untag stable' in command to untag it"),
        argumentSet("overwriting tag not allowed, to a revision from other revision",
            twoTagged.args("--tag", "echo-v2=latest"),
            "refusing to overwrite existing tag in service, "
                + "add flag '--untag latest' in command to untag it"),
        argumentSet("overwriting tag of @latest not allowed, existing != requested",
            existing(latest(100, "candidate")).args("--tag", "@latest=current"),
            "tag 'candidate' exists on latest ready revision of service, refusing to overwrite "
                + "existing tag with 'current', "
                + "add flag '--untag candidate' in command to untag it"),
        argumentSet("verify error for non integer values given to percent",
            latestOnly.args("--traffic", "@latest=100p"),
            "error converting given 100p to integer value for traffic distribution"),
        argumentSet("verify error for traffic sum not equal to 100",
            latestOnly.args("--traffic", "@latest=40,echo-v1=70"),
            "given traffic percents sum to 110, want <=100"),
        argumentSet("verify error for values out of range given to percent",
            latestOnly.args("--traffic", "@latest=-100"),
            "invalid value for traffic percent -100, expected 0 <= percent <= 100"),
        argumentSet("repeatedly splitting traffic to the same revision",
            latestOnly.args("--traffic", "echo-v1=40", "--traffic", "echo-v1=60"),
            "repetition of revision reference echo-v1 is not allowed, "
                + "use only once with --traffic flag"),
        argumentSet("untag single tag that does not exist",
            taggedV1.args("--untag", "foo"),
            "tag(s) foo not present for any revisions of service serviceName"),
        argumentSet("untag multiple tags that do not exist",
            taggedV1.args("--untag", "foo", "--untag", "bar"),
            "tag(s) foo, bar not present for any revisions of service serviceName"),
        argumentSet("traffic split sum < 100 should have N-1 revisions specified",
            threePinned.args("--traffic", "rev-00001=10"),
            "unable to allocate the remaining traffic: 90%. Reason: "
                + "incorrect number of revisions specified. Only 1 revision should be missing"),
        argumentSet("traffic split sum < 100 with @latest which mutates service "
                + "should specify N revs",
            twoPinnedAndLatest.mutating(true).args("--traffic", "rev-00001=10,@latest=20"),
            "unable to allocate the remaining traffic: 70%. Reason: "
                + "incorrect number of revisions specified. Only 1 revision should be missing"),
        // kn's name for this row says "mutates"; the row itself does not.
        argumentSet("traffic split sum < 100 with @latest and mutates the service "
                + "should specify N revs",
            twoPinnedAndLatest.args("--traffic", "rev-00001=10,rev-00002=10,@latest=20"),
            "unable to allocate the remaining traffic: 60%. Reason: "
                + "incorrect number of revisions specified. Only 1 revision should be missing"),
        argumentSet("traffic split sum < 100 error when remaining revision not found",
            existing(rev("rev-00001", 0, "rev-00003"), rev("rev-00002", 0), latest(100))
                .revisions(new ServiceRevision("rev-00001", "rev-00003"),
                    ServiceRevision.named("rev-00003"))
                .args("--traffic", "rev-00003=10,rev-00001=20"),
            "unable to allocate the remaining traffic: 70%. Reason: "
                + "cannot determine the missing revision"));
  }
}
