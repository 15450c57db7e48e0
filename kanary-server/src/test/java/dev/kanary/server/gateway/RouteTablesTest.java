package dev.kanary.server.gateway;

import static dev.kanary.server.gateway.Fixtures.NS;
import static dev.kanary.server.gateway.Fixtures.isvc;
import static dev.kanary.server.gateway.Fixtures.predictor;
import static dev.kanary.server.gateway.Fixtures.replica;
import static dev.kanary.server.gateway.Fixtures.revision;
import static dev.kanary.server.gateway.Fixtures.service;
import static dev.kanary.server.gateway.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.knative.Service;
import dev.kanary.server.replica.ReplicaPhase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTablesTest {
  private static final String R1 = "sklearn-iris-predictor-00001";
  private static final String R2 = "sklearn-iris-predictor-00002";
  private static final String PREDICTOR = "sklearn-iris-predictor";

  /** The tutorial's canary with KServe's tag routing on, a plain Service, an isvc not routed yet. */
  private static final RouteTable TABLE = RouteTables.build(new RouteInputs(Fixtures.DOMAIN,
      List.of(
          predictor("sklearn-iris", target(PREDICTOR, R2, 10, "latest"),
              target(PREDICTOR, R1, 90, "prev")),
          service("hello", target("hello", "hello-00001", 100, null),
              target("hello", "hello-00002", 0, "candidate"))),
      List.of(isvc("sklearn-iris"), isvc("pending")),
      List.of(revision(R1, 60L), revision(R2, null)),
      List.of(replica("r1-a", R1, 1001)),
      Set.of()));

  @ParameterizedTest(name = "{0} {1} tag={2} → {3} {4} {5} {6}")
  @CsvSource(delimiter = '|', nullValues = "-", value = {
      // host                                          | path                                  | tag header | route                 | revision                     | forwarded path                   | tag label
      "sklearn-iris.kserve-test.example.com            | /v1/models/sklearn-iris:predict       | -      | sklearn-iris-predictor | -                            | /v1/models/sklearn-iris:predict  | kn:default",
      "sklearn-iris-predictor.kserve-test.example.com:8080 | /v2/health/ready                  | -      | sklearn-iris-predictor | -                            | /v2/health/ready                 | kn:default",
      "SKLEARN-IRIS.Kserve-Test.example.com.           | /                                     | -      | sklearn-iris-predictor | -                            | /                                | kn:default",
      "prev-sklearn-iris-predictor.kserve-test.example.com | /v1/models/sklearn-iris           | -      | sklearn-iris-predictor | sklearn-iris-predictor-00001 | /v1/models/sklearn-iris          | prev",
      "latest-sklearn-iris-predictor.kserve-test.example.com | /                               | -      | sklearn-iris-predictor | sklearn-iris-predictor-00002 | /                                | latest",
      "sklearn-iris.kserve-test.example.com            | /                                     | prev   | sklearn-iris-predictor | sklearn-iris-predictor-00001 | /                                | prev",
      "sklearn-iris-predictor.kserve-test.example.com  | /                                     | latest | sklearn-iris-predictor | sklearn-iris-predictor-00002 | /                                | latest",
      "sklearn-iris.kserve-test.example.com            | /                                     | nope   | sklearn-iris-predictor | -                            | /                                | kn:undefined",
      "prev-sklearn-iris-predictor.kserve-test.example.com | /                                 | latest | sklearn-iris-predictor | sklearn-iris-predictor-00001 | /                                | prev",
      "sklearn-iris.kserve-test.localhost:8080         | /v2/models/sklearn-iris/infer         | -      | sklearn-iris-predictor | -                            | /v2/models/sklearn-iris/infer    | kn:default",
      "127.0.0.1:8080                                  | /serving/kserve-test/sklearn-iris/v1/models/sklearn-iris:predict?x=1 | - | sklearn-iris-predictor | - | /v1/models/sklearn-iris:predict?x=1 | kn:default",
      "127.0.0.1:8080                                  | /serving/kserve-test/sklearn-iris/v2/health/ready | prev | sklearn-iris-predictor | sklearn-iris-predictor-00001 | /v2/health/ready   | prev",
      "127.0.0.1:8080                                  | /serving/kserve-test/sklearn-iris     | -      | sklearn-iris-predictor | -                            | /                                | kn:default",
      "127.0.0.1:8080                                  | /serving/kserve-test/sklearn-iris?a=b | -      | sklearn-iris-predictor | -                            | /?a=b                            | kn:default",
      "127.0.0.1:8080                                  | /serving/kserve-test/hello/x          | -      | hello                  | -                            | /x                               | kn:default",
      "hello.kserve-test.example.com                   | /                                     | -      | hello                  | -                            | /                                | kn:default",
      "candidate-hello.kserve-test.example.com         | /                                     | -      | hello                  | hello-00002                  | /                                | candidate",
      "hello.kserve-test.example.com                   | /                                     | candidate | hello               | hello-00002                  | /                                | candidate",
      "pending.kserve-test.example.com                 | /                                     | -      | pending-predictor      | -                            | /                                | kn:default",
  })
  void resolves(String host, String path, String tagHeader, String route, String revision,
      String forwarded, String tag) {
    Resolution resolution = TABLE.resolve(host, path, tagHeader);

    assertThat(resolution).isInstanceOfSatisfying(Resolution.Matched.class, matched -> {
      assertThat(matched.route().service()).isEqualTo(route);
      assertThat(matched.revision()).isEqualTo(revision);
      assertThat(matched.path()).isEqualTo(forwarded);
      assertThat(matched.tag()).isEqualTo(tag);
    });
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "unknown.example.com:8080   | /                      | no InferenceService or Service serves host \"unknown.example.com\"",
      "sklearn-iris.other.example.com | /                  | no InferenceService or Service serves host \"sklearn-iris.other.example.com\"",
      "nope-sklearn-iris-predictor.kserve-test.example.com | / | no InferenceService or Service serves host \"nope-sklearn-iris-predictor.kserve-test.example.com\"",
      "127.0.0.1                  | /serving/kserve-test/nope/v1 | no InferenceService or Service \"nope\" in namespace \"kserve-test\"",
      "127.0.0.1                  | /serving/kserve-test   | the path form is /serving/{namespace}/{inferenceservice}/...; got \"/serving/kserve-test\"",
      "127.0.0.1                  | /serving//x/y          | the path form is /serving/{namespace}/{inferenceservice}/...; got \"/serving//x/y\"",
  })
  void unknownHostsAndPathsNameWhatWasAskedFor(String host, String path, String message) {
    assertThat(TABLE.resolve(host, path, null)).isEqualTo(new Resolution.Unknown(message));
  }

  @Test
  void theSplitIsStatusTrafficAboveZeroInOrderAndTagsGoToOneRevision() {
    Route iris = TABLE.hosts().get("sklearn-iris.kserve-test.example.com").route();
    assertThat(iris.split()).containsExactly(new WeightedRevision(R2, 10),
        new WeightedRevision(R1, 90));
    assertThat(iris.tags()).isEqualTo(Map.of("latest", R2, "prev", R1));
    assertThat(iris.inferenceService()).isEqualTo("sklearn-iris");

    Route hello = TABLE.hosts().get("hello.kserve-test.example.com").route();
    assertThat(hello.split()).containsExactly(new WeightedRevision("hello-00001", 100));
    assertThat(hello.inferenceService()).isNull();

    assertThat(TABLE.hosts().get("pending.kserve-test.example.com").route().split()).isEmpty();
    assertThat(TABLE.problems()).isEmpty();
  }

  @Test
  void percentsOfOneRevisionAddUp() {
    RouteTable table = build(List.of(service("svc", target("svc", "svc-00001", 40, "a"),
        target("svc", "svc-00001", 50, null), target("svc", "svc-00002", 10, null))));

    assertThat(table.paths().get(NS + "/svc").split()).containsExactly(
        new WeightedRevision("svc-00001", 90), new WeightedRevision("svc-00002", 10));
  }

  @Test
  void backendsHaveOnlyReadyReplicasNotBeingDrainedAndTheRevisionTimeout() {
    RouteTable table = RouteTables.build(new RouteInputs(Fixtures.DOMAIN,
        List.of(predictor("sklearn-iris", target(PREDICTOR, R2, 10, null),
            target(PREDICTOR, R1, 90, null))),
        List.of(isvc("sklearn-iris")),
        List.of(revision(R1, 60L), revision(R2, null)),
        List.of(replica("r1-b", R1, 1002), replica("r1-a", R1, 1001),
            replica("r1-starting", R1, 1003, ReplicaPhase.STARTING, false),
            replica("r1-unready", R1, 1004, ReplicaPhase.READY, false),
            replica("r1-crashed", R1, 1005, ReplicaPhase.CRASH_LOOP_BACK_OFF, false),
            replica("r1-stopping", R1, 1006, ReplicaPhase.STOPPING, true),
            replica("r2-draining", R2, 2001), replica("r2-a", R2, 2002),
            replica("other", "other-00001", 3001)),
        Set.of("r2-draining")));

    assertThat(table.backends()).containsOnlyKeys(new RevisionId(NS, R1), new RevisionId(NS, R2));
    Backend r1 = table.backends().get(new RevisionId(NS, R1));
    assertThat(r1.ready()).containsExactly(new Backend.Endpoint("r1-a", 1001),
        new Backend.Endpoint("r1-b", 1002));
    assertThat(r1.timeout()).isEqualTo(Duration.ofSeconds(60));
    Backend r2 = table.backends().get(new RevisionId(NS, R2));
    assertThat(r2.ready()).containsExactly(new Backend.Endpoint("r2-a", 2002));
    assertThat(r2.timeout()).isEqualTo(Duration.ofSeconds(300));
  }

  @Test
  void theStickyKeyComesFromTheInferenceServiceOrThePlainService() {
    RouteTable table = RouteTables.build(new RouteInputs(Fixtures.DOMAIN,
        List.of(predictor("sklearn-iris", target(PREDICTOR, R1, 100, null)),
            service("hello", null, Map.of(StickyKey.ANNOTATION, "cookie:session"),
                target("hello", "hello-00001", 100, null)),
            service("bad", null, Map.of(StickyKey.ANNOTATION, "user"),
                target("bad", "bad-00001", 100, null))),
        List.of(isvc("sklearn-iris", Map.of(StickyKey.ANNOTATION, "header:X-User"))),
        List.of(), List.of(), Set.of()));

    assertThat(table.paths().get(NS + "/sklearn-iris").sticky())
        .contains(new StickyKey.Header("x-user"));
    assertThat(table.paths().get(NS + "/hello").sticky())
        .contains(new StickyKey.FromCookie("session"));
    assertThat(table.paths().get(NS + "/bad").sticky()).isEmpty();
    assertThat(table.problems()).containsExactly("Service kserve-test/bad: annotation"
        + " serving.kanary.io/sticky-key: \"user\" is not header:NAME or cookie:NAME"
        + " (e.g. header:X-User); requests are not sticky");
  }

  @Test
  void aRoutesOwnHostWinsOverAnotherRoutesTagHost() {
    RouteTable table = build(List.of(
        service("svc", target("svc", "svc-00001", 100, "x")),
        service("x-svc", target("x-svc", "x-svc-00001", 100, null))));

    assertThat(table.resolve("x-svc.kserve-test.example.com", "/", null))
        .isInstanceOfSatisfying(Resolution.Matched.class,
            m -> assertThat(m.route().service()).isEqualTo("x-svc"));
    assertThat(table.problems()).containsExactly("host x-svc.kserve-test.example.com is served by"
        + " kserve-test/x-svc; kserve-test/svc (tag x) does not get it");
  }

  @Test
  void objectsBeingDeletedAreNotServed() {
    Service going = service("svc", target("svc", "svc-00001", 100, null));
    going = going.withMetadata(going.metadata().withDeletionTimestamp(Instant.EPOCH));

    assertThat(build(List.of(going)).hosts()).isEmpty();
  }

  @Test
  void aServiceWithoutTrafficYetHasItsHostWithAnEmptySplit() {
    RouteTable table = build(List.of(service("svc")));

    assertThat(table.resolve("svc.kserve-test.example.com", "/", null))
        .isInstanceOfSatisfying(Resolution.Matched.class,
            m -> assertThat(m.route().split()).isEmpty());
  }

  private static RouteTable build(List<Service> services) {
    return RouteTables.build(new RouteInputs(Fixtures.DOMAIN, services, List.of(), List.of(),
        List.of(), Set.of()));
  }
}
