package dev.kanary.core.revision;

import static dev.kanary.core.revision.RoutingState.ACTIVE;
import static dev.kanary.core.revision.RoutingState.PENDING;
import static dev.kanary.core.revision.RoutingState.RESERVE;
import static dev.kanary.core.revision.RoutingState.UNSET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.ServingLabels;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Knative's revision GC tables (pkg/reconciler/gc gc_test.go: TestCollectMin, TestCollectMax,
 * TestCollectSettings, TestIsRevisionStale). Knative's fixtures take "now" as the routing state's
 * modification time unless a test sets one, and Go's zero time as creation time; both are kept.
 */
class RevisionGcPolicyTest {
  private static final Instant NOW = Instant.parse("2026-08-21T12:00:00Z");
  private static final Instant OLD = NOW.minus(Duration.ofMinutes(11));
  private static final Instant OLDER = NOW.minus(Duration.ofMinutes(12));
  private static final Instant OLDEST = NOW.minus(Duration.ofMinutes(13));
  private static final Instant NEVER = Instant.EPOCH;

  private static final GcConfig MIN_CONFIG = config(
      Duration.ofMinutes(5), Duration.ofMinutes(5), 1, null);
  private static final GcConfig MAX_CONFIG = config(Duration.ofHours(1), Duration.ofHours(1), 1, 2L);

  static Stream<Arguments> collectMin() {
    return Stream.of(
        argumentSet("too few revisions",
            List.of(lrr(rev("5556", ACTIVE, OLD, NOW))), List.of()),
        argumentSet("delete oldest, keep one recent, one active",
            List.of(rev("5554", RESERVE, NEVER, OLDEST), rev("5555", RESERVE, NEVER, OLDER),
                lrr(rev("5556", ACTIVE, NEVER, OLD))),
            List.of("5554")),
        argumentSet("no latest ready, one active",
            List.of(rev("5554", RESERVE, NEVER, OLDEST), rev("5555", RESERVE, NEVER, OLDER),
                rev("5556", ACTIVE, NEVER, OLD)),
            List.of("5554")),
        argumentSet("keep oldest when none Reserved",
            List.of(rev("5554", PENDING, OLDEST, NOW), rev("5555", UNSET, OLDER, NOW),
                lrr(rev("5556", ACTIVE, OLD, NOW))),
            List.of()),
        argumentSet("none stale",
            List.of(rev("5554", RESERVE, NEVER, NOW), rev("5555", RESERVE, NEVER, NOW),
                rev("5556", RESERVE, NEVER, NOW)),
            List.of()),
        argumentSet("keep oldest because of the preserve annotation",
            List.of(noGc(rev("5554", RESERVE, NEVER, OLDEST)), rev("5555", RESERVE, NEVER, OLDER),
                rev("5556", RESERVE, NEVER, OLD)),
            List.of("5555")));
  }

  @ParameterizedTest
  @MethodSource("collectMin")
  void collectsDownToTheMinimum(List<GcCandidate> revisions, List<String> deletions) {
    assertThat(RevisionGcPolicy.collect(MIN_CONFIG, revisions, NOW)).isEqualTo(deletions);
  }

  static Stream<Arguments> collectMax() {
    return Stream.of(
        argumentSet("at max",
            List.of(rev("5554", RESERVE, NEVER, OLDER), rev("5555", RESERVE, NEVER, OLDER),
                lrr(rev("5556", ACTIVE, NEVER, OLD))),
            List.of()),
        argumentSet("delete oldest, keep three max",
            List.of(rev("5553", RESERVE, NEVER, OLDEST), rev("5554", RESERVE, NEVER, OLDER),
                rev("5555", RESERVE, NEVER, OLDER), lrr(rev("5556", ACTIVE, NEVER, OLD))),
            List.of("5553")),
        argumentSet("over max, all active",
            List.of(rev("5553", ACTIVE, NEVER, NOW), rev("5554", ACTIVE, NEVER, NOW),
                rev("5555", ACTIVE, NEVER, NOW), lrr(rev("5556", ACTIVE, NEVER, NOW))),
            List.of()),
        argumentSet("DERIVED: over max by two, the two oldest go, oldest first",
            List.of(rev("5551", RESERVE, NEVER, OLD), rev("5552", RESERVE, NEVER, OLDEST),
                rev("5553", RESERVE, NEVER, NOW), rev("5554", RESERVE, NEVER, OLDER),
                lrr(rev("5556", ACTIVE, NEVER, NOW))),
            List.of("5552", "5554")));
  }

  @ParameterizedTest
  @MethodSource("collectMax")
  void collectsDownToTheMaximum(List<GcCandidate> revisions, List<String> deletions) {
    assertThat(RevisionGcPolicy.collect(MAX_CONFIG, revisions, NOW)).isEqualTo(deletions);
  }

  static Stream<Arguments> collectSettings() {
    return Stream.of(
        argumentSet("all disabled", config(null, null, 1, null), List.of()),
        argumentSet("staleness disabled", config(null, null, 0, 1L), List.of("5554")),
        argumentSet("max disabled", config(null, Duration.ofMinutes(1), 1, null),
            List.of("5554")));
  }

  @ParameterizedTest
  @MethodSource("collectSettings")
  void honoursEachSetting(GcConfig config, List<String> deletions) {
    List<GcCandidate> revisions = List.of(rev("5554", RESERVE, NEVER, OLDEST),
        rev("5555", RESERVE, NEVER, OLDER), lrr(rev("5556", ACTIVE, NEVER, OLD)));
    assertThat(RevisionGcPolicy.collect(config, revisions, NOW)).isEqualTo(deletions);
  }

  static Stream<Arguments> staleness() {
    Instant tenMinutesAgo = NOW.minus(Duration.ofMinutes(10));
    return Stream.of(
        argumentSet("stale create time", rev("myrev", UNSET, tenMinutesAgo, null), true),
        argumentSet("fresh create time", rev("myrev", UNSET, NOW, null), false),
        argumentSet("stale revisionStateModified",
            rev("myrev", UNSET, tenMinutesAgo, tenMinutesAgo), true),
        argumentSet("fresh revisionStateModified", rev("myrev", UNSET, tenMinutesAgo, NOW), false),
        argumentSet("DERIVED: old but recently active is kept by the last-active limit",
            rev("myrev", UNSET, NEVER, NOW.minus(Duration.ofMinutes(4))), false),
        argumentSet("DERIVED: exactly at the limit is stale",
            rev("myrev", UNSET, NOW.minus(Duration.ofMinutes(5)), null), true));
  }

  @ParameterizedTest
  @MethodSource("staleness")
  void tellsStaleRevisions(GcCandidate revision, boolean stale) {
    GcConfig config = config(Duration.ofMinutes(5), Duration.ofMinutes(5), 2, null);
    assertThat(RevisionGcPolicy.isStale(config, revision, NOW)).isEqualTo(stale);
  }

  static Stream<Arguments> defaults() {
    Instant threeDaysAgo = NOW.minus(Duration.ofDays(3));
    Instant twoHoursAgo = NOW.minus(Duration.ofHours(2));
    return Stream.of(
        argumentSet("DERIVED: 20 non-active revisions are always kept",
            reserveRevisions(20, threeDaysAgo), List.of()),
        argumentSet("DERIVED: the 21st oldest goes",
            reserveRevisions(21, threeDaysAgo), List.of("r-00")),
        argumentSet("DERIVED: recently active revisions are not stale",
            reserveRevisions(25, twoHoursAgo), List.of()),
        argumentSet("DERIVED: the latest ready, routed and pinned revisions never count",
            withKept(reserveRevisions(21, threeDaysAgo)), List.of("r-00")));
  }

  @ParameterizedTest
  @MethodSource("defaults")
  void appliesKnativeDefaults(List<GcCandidate> revisions, List<String> deletions) {
    assertThat(RevisionGcPolicy.collect(GcConfig.DEFAULTS, revisions, NOW)).isEqualTo(deletions);
  }

  @Test
  void readsARevisionsLabelsAndAnnotations() {
    ObjectMeta meta = ObjectMeta.of("default", "svc-00001")
        .withLabels(Map.of(ServingLabels.ROUTING_STATE, "reserve"))
        .withAnnotations(Map.of(ServingLabels.ROUTING_STATE_MODIFIED, "2026-08-21T11:00:00Z",
            ServingLabels.NO_GC, "True"))
        .withSystemFields(null, 1L, null, OLDEST);
    Revision revision = new Revision(Revision.API_VERSION, Revision.KIND, meta, null, null, null);

    assertThat(GcCandidate.of(revision, "svc-00001")).isEqualTo(new GcCandidate("svc-00001",
        OLDEST, Instant.parse("2026-08-21T11:00:00Z"), RESERVE, true, true));
    assertThat(GcCandidate.of(revision.withStatus(null), "svc-00002").latestReady()).isFalse();
  }

  @Test
  void readsMissingOrBadValuesAsKnativeDoes() {
    ObjectMeta meta = ObjectMeta.of("default", "svc-00001")
        .withLabels(Map.of(ServingLabels.ROUTING_STATE, "retired"))
        .withAnnotations(Map.of(ServingLabels.ROUTING_STATE_MODIFIED, "yesterday"));
    Revision revision = new Revision(Revision.API_VERSION, Revision.KIND, meta, null, null, null);

    GcCandidate candidate = GcCandidate.of(revision, null);

    assertThat(candidate).isEqualTo(
        new GcCandidate("svc-00001", Instant.EPOCH, null, UNSET, false, false));
    assertThat(candidate.lastActive()).isEqualTo(Instant.EPOCH);
  }

  private static List<GcCandidate> reserveRevisions(int count, Instant lastActive) {
    List<GcCandidate> revisions = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      revisions.add(rev(String.format("r-%02d", i), RESERVE, NOW.minus(Duration.ofDays(30)),
          lastActive.plusSeconds(i)));
    }
    return revisions;
  }

  private static List<GcCandidate> withKept(List<GcCandidate> revisions) {
    Instant ancient = NOW.minus(Duration.ofDays(60));
    List<GcCandidate> all = new ArrayList<>(revisions);
    all.add(lrr(rev("latest-ready", RESERVE, ancient, ancient)));
    all.add(rev("routed", ACTIVE, ancient, ancient));
    all.add(rev("pending", PENDING, ancient, null));
    all.add(noGc(rev("pinned", RESERVE, ancient, ancient)));
    return all;
  }

  private static GcCandidate rev(
      String name, RoutingState state, Instant created, Instant routingStateModified) {
    return new GcCandidate(name, created, routingStateModified, state, false, false);
  }

  private static GcCandidate lrr(GcCandidate c) {
    return new GcCandidate(c.name(), c.createdAt(), c.routingStateModified(), c.routingState(),
        c.noGc(), true);
  }

  private static GcCandidate noGc(GcCandidate c) {
    return new GcCandidate(c.name(), c.createdAt(), c.routingStateModified(), c.routingState(),
        true, c.latestReady());
  }

  /** Null durations and max mean "disabled". */
  private static GcConfig config(Duration create, Duration active, long min, Long max) {
    return new GcConfig(Optional.ofNullable(create), Optional.ofNullable(active), min,
        max == null ? OptionalLong.empty() : OptionalLong.of(max));
  }
}
