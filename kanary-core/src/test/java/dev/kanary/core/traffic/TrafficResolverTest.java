package dev.kanary.core.traffic;

import static dev.kanary.core.condition.ConditionStatus.FALSE;
import static dev.kanary.core.condition.ConditionStatus.TRUE;
import static dev.kanary.core.condition.ConditionStatus.UNKNOWN;
import static dev.kanary.core.traffic.TrafficFixtures.configuration;
import static dev.kanary.core.traffic.TrafficFixtures.newRevision;
import static dev.kanary.core.traffic.TrafficFixtures.revision;
import static dev.kanary.core.traffic.TrafficFixtures.revisionObject;
import static dev.kanary.core.traffic.TrafficFixtures.staleRevision;
import static dev.kanary.core.traffic.TrafficFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.TrafficTarget;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Knative's {@code traffic_test.go} (BuildTrafficConfiguration, GetRevisionTrafficTargets) on
 * its fixed layout of configurations and revisions, and the AllTrafficAssigned reasons of
 * knative.md §2.2.
 */
class TrafficResolverTest {
  // traffic_test.go's layout: a standalone route "test-route" in namespace "test".
  private static final RouteIdentity ROUTE =
      RouteIdentity.standalone("test", "test-route", "example.com");

  private static final TrafficLookup LAYOUT = TrafficLookup.of(
      List.of(
          config("good-config", "good-revision-2", "good-revision-2", TRUE),
          config("nice-config", "nice-revision-2", "nice-revision-2", TRUE),
          config("empty-config", null, null, UNKNOWN),
          config("unready-config", "unready-revision", null, UNKNOWN),
          config("failed-config", "failed-revision", null, FALSE),
          config("inactive-config", "inactive-revision", "inactive-revision", TRUE),
          config("ready-unready-config", "ready-unready-revision", "ready-unready-revision-1",
              UNKNOWN),
          config("latest-rev-deleted-config", "i-was-deleted", null, FALSE),
          config("lrr-deleted-config", "gone-revision", "gone-revision", TRUE),
          config("lrr-unready-config", "lrr-unready-revision", "lrr-unready-revision", UNKNOWN),
          config("lrr-failed-config", "lrr-failed-revision", "lrr-failed-revision", FALSE)),
      List.of(
          ready("good-revision-1", "good-config"),
          ready("good-revision-2", "good-config"),
          ready("nice-revision-1", "nice-config"),
          ready("nice-revision-2", "nice-config"),
          newRevision("unready-revision", "unready-config", null),
          revisionObject("failed-revision", "failed-config", null, FALSE),
          // Knative's fixture is Active=False only; scaled to zero is still Ready (§2.2).
          ready("inactive-revision", "inactive-config"),
          ready("ready-unready-revision-1", "ready-unready-config"),
          newRevision("ready-unready-revision", "ready-unready-config", null),
          newRevision("lrr-unready-revision", "lrr-unready-config", null),
          revisionObject("lrr-failed-revision", "lrr-failed-config", null, FALSE),
          staleRevision("stale-revision", "good-config", null),
          ready("orphan-revision", "deleted-config")));

  record Expected(List<TrafficTarget> traffic, List<RevisionWeight> split, List<TagRoute> tags) {}

  static Stream<Arguments> resolvable() {
    return Stream.of(
        argumentSet("Vanilla: a configuration resolves to its latest ready revision",
            List.of(configuration("good-config").withPercent(100L)),
            new Expected(
                List.of(status(null, "good-revision-2", true, 100, null)),
                List.of(weight("good-revision-2", 100)),
                List.of())),
        argumentSet("NoNameRevision",
            List.of(revision("good-revision-2").withPercent(100L)),
            new Expected(
                List.of(status(null, "good-revision-2", false, 100, null)),
                List.of(weight("good-revision-2", 100)),
                List.of())),
        argumentSet("VanillaScaledToZero",
            List.of(configuration("inactive-config").withPercent(100L)),
            new Expected(
                List.of(status(null, "inactive-revision", true, 100, null)),
                List.of(weight("inactive-revision", 100)),
                List.of())),
        argumentSet("TwoConfigs",
            List.of(configuration("nice-config").withPercent(90L),
                configuration("good-config").withPercent(10L)),
            new Expected(
                List.of(status(null, "nice-revision-2", true, 90, null),
                    status(null, "good-revision-2", true, 10, null)),
                List.of(weight("nice-revision-2", 90), weight("good-revision-2", 10)),
                List.of())),
        argumentSet("TwoEntriesSameConfig: 42/16/42 merges",
            List.of(configuration("nice-config").withPercent(42L),
                configuration("nice-config").withPercent(16L),
                configuration("nice-config").withPercent(42L)),
            new Expected(
                List.of(status(null, "nice-revision-2", true, 100, null)),
                List.of(weight("nice-revision-2", 100)),
                List.of())),
        argumentSet("TwoEntriesSameConfig: 100/nil/nil merges",
            List.of(configuration("nice-config").withPercent(100L),
                configuration("nice-config"), configuration("nice-config")),
            new Expected(
                List.of(status(null, "nice-revision-2", true, 100, null)),
                List.of(weight("nice-revision-2", 100)),
                List.of())),
        argumentSet("ThreeConfigs: tags get their own host",
            List.of(configuration("nice-config").withPercent(30L),
                configuration("good-config").withPercent(35L).withTag("robert"),
                configuration("inactive-config").withPercent(35L).withTag("jackson")),
            new Expected(
                List.of(status(null, "nice-revision-2", true, 30, null),
                    status("robert", "good-revision-2", true, 35,
                        "http://robert-test-route.test.example.com"),
                    status("jackson", "inactive-revision", true, 35,
                        "http://jackson-test-route.test.example.com")),
                List.of(weight("nice-revision-2", 30), weight("good-revision-2", 35),
                    weight("inactive-revision", 35)),
                List.of(tag("robert", "good-revision-2"), tag("jackson", "inactive-revision")))),
        argumentSet("TwoEntriesSameConfigDifferentTags: one revision on the host takes 100%",
            List.of(configuration("nice-config").withPercent(90L),
                configuration("nice-config").withPercent(10L).withTag("robert")),
            new Expected(
                List.of(status(null, "nice-revision-2", true, 90, null),
                    status("robert", "nice-revision-2", true, 10,
                        "http://robert-test-route.test.example.com")),
                List.of(weight("nice-revision-2", 100)),
                List.of(tag("robert", "nice-revision-2")))),
        argumentSet("Canary: a pinned revision and the latest",
            List.of(revision("good-revision-1").withPercent(90L),
                configuration("good-config").withPercent(10L)),
            new Expected(
                List.of(status(null, "good-revision-1", false, 90, null),
                    status(null, "good-revision-2", true, 10, null)),
                List.of(weight("good-revision-1", 90), weight("good-revision-2", 10)),
                List.of())),
        argumentSet("Consolidated: entries for one revision add up on the host",
            List.of(revision("good-revision-1").withTag("one").withPercent(49L),
                revision("good-revision-2").withTag("two").withPercent(50L),
                configuration("good-config").withTag("also-two").withPercent(1L)),
            new Expected(
                List.of(status("one", "good-revision-1", false, 49,
                        "http://one-test-route.test.example.com"),
                    status("two", "good-revision-2", false, 50,
                        "http://two-test-route.test.example.com"),
                    status("also-two", "good-revision-2", true, 1,
                        "http://also-two-test-route.test.example.com")),
                List.of(weight("good-revision-1", 49), weight("good-revision-2", 51)),
                List.of(tag("one", "good-revision-1"), tag("two", "good-revision-2"),
                    tag("also-two", "good-revision-2")))),
        argumentSet("TwoFixedRevisions",
            List.of(revision("good-revision-1").withPercent(90L),
                revision("good-revision-2").withPercent(10L)),
            new Expected(
                List.of(status(null, "good-revision-1", false, 90, null),
                    status(null, "good-revision-2", false, 10, null)),
                List.of(weight("good-revision-1", 90), weight("good-revision-2", 10)),
                List.of())),
        argumentSet("TwoFixedRevisionsFromTwoConfigurations",
            List.of(revision("good-revision-2").withPercent(40L),
                revision("nice-revision-2").withPercent(60L)),
            new Expected(
                List.of(status(null, "good-revision-2", false, 40, null),
                    status(null, "nice-revision-2", false, 60, null)),
                List.of(weight("good-revision-2", 40), weight("nice-revision-2", 60)),
                List.of())),
        argumentSet("Preliminary and RoundTripping: 0% tags are kept in status only",
            List.of(revision("good-revision-1").withPercent(100L),
                revision("good-revision-2").withTag("beta"),
                configuration("nice-config").withTag("alpha")),
            new Expected(
                List.of(status(null, "good-revision-1", false, 100, null),
                    status("beta", "good-revision-2", false, 0,
                        "http://beta-test-route.test.example.com"),
                    status("alpha", "nice-revision-2", true, 0,
                        "http://alpha-test-route.test.example.com")),
                List.of(weight("good-revision-1", 100)),
                List.of(tag("beta", "good-revision-2"), tag("alpha", "nice-revision-2")))),
        argumentSet("ReadyNotReadyConfig: the latest ready, not the latest created",
            List.of(configuration("ready-unready-config").withLatestRevision(true)
                .withPercent(100L)),
            new Expected(
                List.of(status(null, "ready-unready-revision-1", true, 100, null)),
                List.of(weight("ready-unready-revision-1", 100)),
                List.of())),
        argumentSet("Tag0Percent: a 0% tag still gets 100% on its host",
            List.of(configuration("nice-config").withPercent(100L),
                configuration("good-config").withPercent(0L).withTag("robert")),
            new Expected(
                List.of(status(null, "nice-revision-2", true, 100, null),
                    status("robert", "good-revision-2", true, 0,
                        "http://robert-test-route.test.example.com")),
                List.of(weight("nice-revision-2", 100)),
                List.of(tag("robert", "good-revision-2")))),
        argumentSet("DERIVED: an untagged 0% target is in status, not in the split",
            List.of(revision("good-revision-1").withPercent(100L),
                revision("good-revision-2").withPercent(0L)),
            new Expected(
                List.of(status(null, "good-revision-1", false, 100, null),
                    status(null, "good-revision-2", false, 0, null)),
                List.of(weight("good-revision-1", 100)),
                List.of())),
        argumentSet("DERIVED: merging needs the same tag, revision and latestRevision",
            List.of(revision("good-revision-2").withPercent(30L),
                configuration("good-config").withPercent(30L),
                revision("good-revision-2").withPercent(40L)),
            new Expected(
                List.of(status(null, "good-revision-2", false, 70, null),
                    status(null, "good-revision-2", true, 30, null)),
                List.of(weight("good-revision-2", 100)),
                List.of())));
  }

  @ParameterizedTest
  @MethodSource("resolvable")
  void resolves(List<TrafficTarget> traffic, Expected expected) {
    TrafficResolution resolution = TrafficResolver.resolve(ROUTE, traffic, LAYOUT);

    assertThat(resolution).isInstanceOf(TrafficResolution.Resolved.class);
    TrafficResolution.Resolved resolved = (TrafficResolution.Resolved) resolution;
    assertThat(resolved.traffic()).isEqualTo(expected.traffic());
    assertThat(resolved.split().weights()).isEqualTo(expected.split());
    assertThat(resolved.tags()).isEqualTo(expected.tags());
    assertThat(resolved.revisions()).containsExactlyElementsOf(
        expected.traffic().stream().map(TrafficTarget::revisionName).distinct().toList());
    assertThat(resolved.allTrafficAssigned().status()).isEqualTo(TRUE);
  }

  static Stream<Arguments> unresolvable() {
    return Stream.of(
        argumentSet("MissingConfig",
            List.of(revision("good-revision-1").withPercent(100L),
                revision("good-revision-2").withTag("beta"),
                configuration("missing-config").withTag("alpha")),
            failed("ConfigurationMissing",
                "Configuration \"missing-config\" referenced in traffic not found.")),
        argumentSet("MissingRevision",
            List.of(revision("missing-revision").withPercent(50L),
                revision("good-revision-2").withPercent(50L)),
            failed("RevisionMissing",
                "Revision \"missing-revision\" referenced in traffic not found.")),
        argumentSet("NotRoutableRevision",
            List.of(revision("unready-revision").withPercent(100L)),
            notReady("RevisionMissing", "Revision \"unready-revision\" is not yet ready.")),
        argumentSet("NotRoutableConfiguration",
            List.of(configuration("unready-config").withPercent(100L)),
            notReady("RevisionMissing",
                "Configuration \"unready-config\" is waiting for a Revision to become ready.")),
        argumentSet("EmptyConfiguration",
            List.of(configuration("empty-config").withPercent(100L)),
            notReady("RevisionMissing",
                "Configuration \"empty-config\" is waiting for a Revision to become ready.")),
        argumentSet("EmptyAndFailedConfigurations: a later failure overwrites",
            List.of(configuration("empty-config").withPercent(50L),
                configuration("failed-config").withPercent(50L)),
            failed("RevisionMissing",
                "Configuration \"failed-config\" does not have any ready Revision.")),
        argumentSet("FailedAndEmptyConfigurations: a failure is not overwritten by waiting",
            List.of(configuration("failed-config").withPercent(50L),
                configuration("empty-config").withPercent(50L)),
            failed("RevisionMissing",
                "Configuration \"failed-config\" does not have any ready Revision.")),
        argumentSet("§2.2: revision Ready=False",
            List.of(revision("failed-revision").withPercent(100L)),
            failed("RevisionMissing", "Revision \"failed-revision\" failed to become ready.")),
        argumentSet("§2.2: configuration whose latest ready revision was deleted",
            List.of(configuration("latest-rev-deleted-config").withPercent(100L)),
            failed("RevisionMissing",
                "Configuration \"latest-rev-deleted-config\" does not have any ready Revision.")),
        argumentSet("DERIVED: latest ready revision missing from the lister",
            List.of(configuration("lrr-deleted-config").withPercent(100L)),
            failed("RevisionMissing",
                "Revision \"gone-revision\" referenced in traffic not found.")),
        argumentSet("DERIVED: latest ready revision no longer ready",
            List.of(configuration("lrr-unready-config").withPercent(100L)),
            notReady("RevisionMissing", "Revision \"lrr-unready-revision\" is not yet ready.")),
        argumentSet("DERIVED: latest ready revision failed",
            List.of(configuration("lrr-failed-config").withPercent(100L)),
            failed("RevisionMissing", "Revision \"lrr-failed-revision\" failed to become ready.")),
        argumentSet("DERIVED: Ready=True for an older generation is not ready",
            List.of(revision("stale-revision").withPercent(100L)),
            notReady("RevisionMissing", "Revision \"stale-revision\" is not yet ready.")),
        argumentSet("DERIVED: a revision whose configuration is gone",
            List.of(revision("orphan-revision").withPercent(100L)),
            failed("ConfigurationMissing",
                "Configuration \"deleted-config\" referenced in traffic not found.")),
        argumentSet("DERIVED: of two waiting targets the first is reported",
            List.of(configuration("unready-config").withPercent(50L),
                configuration("empty-config").withPercent(50L)),
            notReady("RevisionMissing",
                "Configuration \"unready-config\" is waiting for a Revision to become ready.")),
        argumentSet("DERIVED: of two failures the last is reported",
            List.of(revision("missing-revision").withPercent(50L),
                configuration("failed-config").withPercent(50L)),
            failed("RevisionMissing",
                "Configuration \"failed-config\" does not have any ready Revision.")),
        argumentSet("DERIVED: all or nothing, one unready 0% tag blocks the change",
            List.of(configuration("good-config").withPercent(100L),
                revision("unready-revision").withTag("next").withPercent(0L)),
            notReady("RevisionMissing", "Revision \"unready-revision\" is not yet ready.")));
  }

  @ParameterizedTest
  @MethodSource("unresolvable")
  void blocksTheChange(List<TrafficTarget> traffic, TrafficResolution expected) {
    assertThat(TrafficResolver.resolve(ROUTE, traffic, LAYOUT)).isEqualTo(expected);
  }

  // A Service's route: its configuration is the default target, its revisions only.
  private static final RouteIdentity SERVICE_ROUTE =
      RouteIdentity.ofService("default", "svc", "example.com");
  private static final TrafficLookup SERVICE = TrafficLookup.of(
      config("svc", "svc-00003", "svc-00002", UNKNOWN),
      List.of(
          revisionObject("svc-00001", "svc", "svc", TRUE),
          revisionObject("svc-00002", "svc", "svc", TRUE),
          newRevision("svc-00003", "svc", "svc"),
          revisionObject("other-00001", "other", "other", TRUE),
          revisionObject("unlabelled-00001", "svc", null, TRUE)));

  @Test
  void aServiceRoutesItsEmptyTrafficToItsLatestReadyRevision() {
    TrafficResolution resolution = TrafficResolver.resolve(SERVICE_ROUTE, List.of(), SERVICE);

    assertThat(resolution).isEqualTo(new TrafficResolution.Resolved(
        "svc.default.example.com",
        "svc.default.svc.cluster.local",
        List.of(status(null, "svc-00002", true, 100, null)),
        TrafficSplit.of("svc-00002"),
        List.of(),
        Set.of("svc-00002")));
    TrafficResolution.Resolved resolved = (TrafficResolution.Resolved) resolution;
    assertThat(resolved.url()).isEqualTo("http://svc.default.example.com");
    assertThat(resolved.address()).isEqualTo("http://svc.default.svc.cluster.local");
  }

  @Test
  void aServiceKeepsTheLatestRevisionReachableByTagAt0Percent() {
    List<TrafficTarget> traffic = List.of(
        revision("svc-00001").withTag("current").withPercent(100L),
        target().withTag("latest").withLatestRevision(true).withPercent(0L));

    TrafficResolution.Resolved resolved =
        (TrafficResolution.Resolved) TrafficResolver.resolve(SERVICE_ROUTE, traffic, SERVICE);

    assertThat(resolved.traffic()).containsExactly(
        status("current", "svc-00001", false, 100, "http://current-svc.default.example.com"),
        status("latest", "svc-00002", true, 0, "http://latest-svc.default.example.com"));
    assertThat(resolved.routeTable()).containsExactly(
        Map.entry("svc.default.example.com", TrafficSplit.of("svc-00001")),
        Map.entry("current-svc.default.example.com", TrafficSplit.of("svc-00001")),
        Map.entry("latest-svc.default.example.com", TrafficSplit.of("svc-00002")));
  }

  static Stream<Arguments> serviceFailures() {
    return Stream.of(
        argumentSet("§2.2: a revision of another Service",
            List.of(revision("other-00001").withPercent(100L)),
            failed("RevisionNotOwned",
                "Revision \"other-00001\" belongs to Service \"other\", not Service \"svc\".")),
        argumentSet("§2.2: a revision of no Service",
            List.of(revision("unlabelled-00001").withPercent(100L)),
            failed("RevisionNotOwned",
                "Revision \"unlabelled-00001\" does not belong to Service \"svc\".")),
        argumentSet("DERIVED: the latest created revision is not routed before it is ready",
            List.of(revision("svc-00003").withPercent(50L),
                target().withLatestRevision(true).withPercent(50L)),
            notReady("RevisionMissing", "Revision \"svc-00003\" is not yet ready.")),
        argumentSet("§2.2: a tag too long for its host's label (table_test.go)",
            List.of(target().withTag("t".repeat(60)).withPercent(100L)),
            failed("ErrorConfig", "domain name error: invalid domain name \""
                + "t".repeat(60) + "-svc.default.example.com\": url: Invalid value: \""
                + "t".repeat(60) + "-svc\": must be no more than 63 characters")));
  }

  @ParameterizedTest
  @MethodSource("serviceFailures")
  void blocksAServiceChange(List<TrafficTarget> traffic, TrafficResolution expected) {
    assertThat(TrafficResolver.resolve(SERVICE_ROUTE, traffic, SERVICE)).isEqualTo(expected);
  }

  @Test
  void aTagOfExactly63CharactersInItsLabelIsServed() {
    String tag = "t".repeat(63 - "-svc".length());
    TrafficResolution resolution = TrafficResolver.resolve(SERVICE_ROUTE,
        List.of(target().withTag(tag).withPercent(100L)), SERVICE);

    assertThat(resolution).isInstanceOf(TrafficResolution.Resolved.class);
  }

  @Test
  void anInvalidRouteHostWinsOverUnreadyTargets() {
    RouteIdentity route = RouteIdentity.standalone("test", "test-route", "Example.com");

    assertThat(TrafficResolver.resolve(route,
        List.of(revision("unready-revision").withPercent(100L)), LAYOUT))
        .isEqualTo(failed("ErrorConfig", "domain name error: invalid domain name"
            + " \"test-route.test.Example.com\": url: Invalid value:"
            + " \"test-route.test.Example.com\": a lowercase RFC 1123 subdomain must consist of"
            + " lower case alphanumeric characters, '-' or '.', and must start and end with an"
            + " alphanumeric character (e.g. 'example.com', regex used for validation is"
            + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"));
  }

  static Stream<Arguments> unvalidated() {
    return Stream.of(
        argumentSet("not summing to 100",
            List.of(revision("good-revision-1").withPercent(90L)),
            "traffic is not validated: targets sum to 90"),
        argumentSet("a repeated tag",
            List.of(revision("good-revision-1").withTag("x").withPercent(50L),
                revision("good-revision-2").withTag("x").withPercent(50L)),
            "traffic is not validated: tag x is defined twice"),
        argumentSet("a standalone target naming nothing",
            List.of(target().withPercent(100L)),
            "traffic is not validated: a target of a standalone route names nothing"));
  }

  @ParameterizedTest
  @MethodSource("unvalidated")
  void refusesTrafficThatCouldNotHavePassedValidation(List<TrafficTarget> traffic, String error) {
    assertThatThrownBy(() -> TrafficResolver.resolve(ROUTE, traffic, LAYOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(error);
  }

  private static ConfigurationState config(
      String name, String latestCreated, String latestReady, ConditionStatus ready) {
    return new ConfigurationState(name, latestCreated, latestReady, ready);
  }

  private static Revision ready(String name, String configuration) {
    return revisionObject(name, configuration, null, TRUE);
  }

  private static TrafficTarget status(
      String tag, String revision, boolean latest, long percent, String url) {
    return new TrafficTarget(tag, revision, null, latest, percent, url);
  }

  private static RevisionWeight weight(String revision, long percent) {
    return new RevisionWeight(revision, percent);
  }

  private static TagRoute tag(String tag, String revision) {
    return new TagRoute(tag, tag + "-test-route.test.example.com", revision);
  }

  private static TrafficResolution failed(String reason, String message) {
    return new TrafficResolution.Failed(
        Condition.of(AllTrafficAssigned.TYPE, FALSE, reason, message));
  }

  private static TrafficResolution notReady(String reason, String message) {
    return new TrafficResolution.NotReady(
        Condition.of(AllTrafficAssigned.TYPE, UNKNOWN, reason, message));
  }
}
