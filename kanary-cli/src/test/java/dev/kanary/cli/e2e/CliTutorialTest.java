package dev.kanary.cli.e2e;

import static dev.kanary.cli.e2e.Kanary.MODELS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.cli.e2e.Kanary.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * KServe's canary tutorial (seeds/002) typed into the kanary CLI against a real server with real
 * replicas: the {@code get isvc} table at each step has the tutorial's columns and values, and
 * the commands around it (rollout, describe, pods, logs, delete) say what a user needs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliTutorialTest {
  private static final String HEADER = "NAME           URL                                       "
      + "    READY   PREV   LATEST   PREVROLLEDOUTREVISION          LATESTREADYREVISION         "
      + "   AGE";
  private static final String ID = "inferenceservice.serving.kserve.io/sklearn-iris";
  private static final String R1 = "sklearn-iris-predictor-00001";
  private static final String R2 = "sklearn-iris-predictor-00002";

  @TempDir static Path dataDir;
  @TempDir static Path files;
  private Kanary kanary;

  @BeforeAll
  void startServer() {
    kanary = Kanary.start(dataDir);
  }

  @AfterAll
  void stopServer() {
    kanary.close();
  }

  @Test
  @Order(1)
  void deployModel1() throws IOException {
    Run apply = kanary.run("apply", "-f", isvc("model-1", null, false));
    assertThat(apply.out()).isEqualTo(ID + " created\n");

    Run status = rolloutStatus();
    assertThat(status.out()).endsWith("inferenceservice \"sklearn-iris\" successfully rolled out;"
        + " traffic: " + R1 + " 100% (latest)\n");

    assertThat(getIsvc()).containsExactly(
        "NAME           URL                                           READY   PREV   LATEST   "
            + "PREVROLLEDOUTREVISION   LATESTREADYREVISION            AGE",
        "sklearn-iris   http://sklearn-iris.kserve-test.example.com   True           100      "
            + "                        " + R1 + "   <age>");
  }

  @Test
  @Order(2)
  void applyingTheSameFileAgainChangesNothing() throws IOException {
    assertThat(kanary.run("apply", "-f", isvc("model-1", null, false)).out())
        .isEqualTo(ID + " unchanged\n");
  }

  @Test
  @Order(3)
  void canaryModel2At10Percent() throws IOException {
    assertThat(kanary.run("apply", "-f", isvc("model-2", 10, false)).out())
        .isEqualTo(ID + " configured\n");
    rolloutStatus();

    assertThat(getIsvc()).containsExactly(HEADER,
        "sklearn-iris   http://sklearn-iris.kserve-test.example.com   True    90     10       "
            + R1 + "   " + R2 + "   <age>");

    Run pods = ok(kanary.run("get", "pods", "-n", "kserve-test"));
    List<String> lines = pods.out().lines().toList();
    assertThat(lines.get(0)).matches("NAME {3,}READY   STATUS    RESTARTS   AGE");
    assertThat(lines.subList(1, lines.size()))
        .satisfiesExactly(
            row -> assertThat(row).matches(R1 + "-deployment-[0-9a-f]{8}-\\w{5} {3}1/1 {5}Running"
                + " {3}0 {10}\\d+s"),
            row -> assertThat(row).matches(R2 + "-deployment-[0-9a-f]{8}-\\w{5} {3}1/1 {5}Running"
                + " {3}0 {10}\\d+s"));

    Run revisions = ok(kanary.run("get", "revisions", "-n", "kserve-test"));
    assertThat(revisions.out()).isEqualTo("""
        NAME                           CONFIG NAME              GENERATION   READY   REASON   \
        ACTUAL REPLICAS   DESIRED REPLICAS
        sklearn-iris-predictor-00001   sklearn-iris-predictor   1            True             \
        1                 1
        sklearn-iris-predictor-00002   sklearn-iris-predictor   2            True             \
        1                 1
        """);
  }

  @Test
  @Order(4)
  void promoteByApplyingTheFileWithoutCanaryTrafficPercent() throws IOException {
    assertThat(kanary.run("apply", "-f", isvc("model-2", null, false)).out())
        .isEqualTo(ID + " configured\n");
    rolloutStatus();

    assertThat(getIsvc()).containsExactly(
        "NAME           URL                                           READY   PREV   LATEST   "
            + "PREVROLLEDOUTREVISION   LATESTREADYREVISION            AGE",
        "sklearn-iris   http://sklearn-iris.kserve-test.example.com   True           100      "
            + "                        " + R2 + "   <age>");
  }

  @Test
  @Order(5)
  void rollBackByApplyingCanaryTrafficPercent0() throws IOException {
    assertThat(kanary.run("apply", "-f", isvc("model-2", 0, false)).out())
        .isEqualTo(ID + " configured\n");
    rolloutStatus();

    assertThat(getIsvc()).containsExactly(HEADER,
        "sklearn-iris   http://sklearn-iris.kserve-test.example.com   True    100    0        "
            + R1 + "   " + R2 + "   <age>");
  }

  @Test
  @Order(6)
  void rolloutPromoteAndRollbackMakeTheSameMoves() {
    assertThat(ok(kanary.run("rollout", "promote", "sklearn-iris", "-n", "kserve-test")).out())
        .isEqualTo(ID + " promoted\n");
    rolloutStatus();
    assertThat(getIsvc().get(1)).contains("True           100", R2);
    assertThat(ok(kanary.run("rollout", "promote", "sklearn-iris", "-n", "kserve-test")).out())
        .startsWith(ID + " unchanged");

    assertThat(ok(kanary.run("rollout", "rollback", "sklearn-iris", "-n", "kserve-test")).out())
        .isEqualTo(ID + " rolled back\n");
    rolloutStatus();
    assertThat(getIsvc().get(1)).contains("True    100    0        " + R1 + "   " + R2);
    assertThat(ok(kanary.run("rollout", "rollback", "sklearn-iris", "-n", "kserve-test")).out())
        .isEqualTo(ID + " unchanged (canaryTrafficPercent is 0 already)\n");
  }

  @Test
  @Order(7)
  void tagRoutingGivesEachRevisionItsOwnUrl() throws IOException {
    assertThat(kanary.run("apply", "-f", isvc("model-2", 10, true)).out())
        .isEqualTo(ID + " configured\n");
    rolloutStatus();

    Run yaml = ok(kanary.run("get", "isvc", "sklearn-iris", "-n", "kserve-test", "-o", "yaml"));
    assertThat(yaml.out()).contains("""
              traffic:
              - latestRevision: true
                percent: 10
                revisionName: sklearn-iris-predictor-00003
                tag: latest
                url: http://latest-sklearn-iris-predictor.kserve-test.example.com
              - latestRevision: false
                percent: 90
                revisionName: sklearn-iris-predictor-00001
                tag: prev
                url: http://prev-sklearn-iris-predictor.kserve-test.example.com
        """);
    Run json = ok(kanary.run("get", "isvc", "sklearn-iris", "-n", "kserve-test", "-o", "json"));
    assertThat(json.out()).startsWith("{\n    \"apiVersion\": \"serving.kserve.io/v1beta1\",\n");
  }

  @Test
  @Order(8)
  void describeShowsRevisionsTrafficConditionsAndEvents() {
    Run describe = ok(kanary.run("describe", "isvc", "sklearn-iris", "-n", "kserve-test"));

    assertThat(describe.out())
        .contains("Name:         sklearn-iris\n", "Namespace:    kserve-test\n",
            "URL:          http://sklearn-iris.kserve-test.example.com\n",
            "  Canary Traffic Percent:  10\n")
        .containsPattern("  sklearn-iris-predictor-00003  10%      latest  True   1/1       \\d+s")
        .containsPattern("  sklearn-iris-predictor-00001  90%      prev    True   1/1       \\d+")
        .contains("  Latest Rolled Out:    " + R1 + "\n")
        .containsPattern("  Ready +True ")
        .contains("InferenceService [sklearn-iris] is Ready",
            "Created Revision \"sklearn-iris-predictor-00003\"",
            "LatestReadyRevisionName updated to \"sklearn-iris-predictor-00003\"",
            "Started container kserve-container");
  }

  @Test
  @Order(9)
  void logsOfARevisionAreThoseOfItsReplica() {
    Run logs = ok(kanary.run("logs", R1, "-n", "kserve-test"));

    assertThat(logs.out()).contains("kanary: serving model sklearn-iris on http://127.0.0.1:");
  }

  @Test
  @Order(10)
  void theKnativeServiceAndTheEventsAreThereToo() {
    Run ksvc = ok(kanary.run("get", "ksvc", "-n", "kserve-test"));
    assertThat(ksvc.out()).isEqualTo("""
        NAME                     URL                                                     \
        LATESTCREATED                  LATESTREADY                    READY   REASON
        sklearn-iris-predictor   http://sklearn-iris-predictor.kserve-test.example.com   \
        sklearn-iris-predictor-00003   sklearn-iris-predictor-00003   True   \s
        """);

    Run events = ok(kanary.run("get", "events", "-n", "kserve-test"));
    assertThat(events.out()).startsWith("LAST SEEN   TYPE      REASON")
        .containsPattern("Normal +InferenceServiceReady +inferenceservice/sklearn-iris +"
            + "InferenceService \\[sklearn-iris\\] is Ready");
  }

  @Test
  @Order(11)
  void deleteTakesItAllAway() {
    assertThat(ok(kanary.run("delete", "isvc", "sklearn-iris", "-n", "kserve-test")).out())
        .isEqualTo("inferenceservice.serving.kserve.io \"sklearn-iris\" deleted\n");

    Run gone = kanary.run("get", "isvc", "sklearn-iris", "-n", "kserve-test");
    assertThat(gone.exit()).isEqualTo(1);
    assertThat(gone.err()).isEqualTo("Error from server (NotFound): inferenceservices.serving"
        + ".kserve.io \"sklearn-iris\" not found\n");
  }

  private Run rolloutStatus() {
    return ok(kanary.run("rollout", "status", "sklearn-iris", "-n", "kserve-test",
        "--timeout", "90s"));
  }

  /** {@code get isvc}'s lines, the AGE of each row replaced: it is the last column. */
  private List<String> getIsvc() {
    Run get = ok(kanary.run("get", "isvc", "sklearn-iris", "-n", "kserve-test"));
    List<String> lines = get.out().lines().toList();
    return java.util.stream.Stream.concat(lines.stream().limit(1),
            lines.stream().skip(1).map(line -> line.replaceFirst("\\d+[smhd]$", "<age>")))
        .toList();
  }

  private static Run ok(Run run) {
    assertThat(run.exit()).as(run.err()).isZero();
    return run;
  }

  /** The tutorial's YAML, on the shipped iris models. */
  private String isvc(String model, Integer canaryPercent, boolean tagRouting) throws IOException {
    String yaml = """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata:
          name: sklearn-iris
          namespace: kserve-test
        %sspec:
          predictor:
        %s    model:
              modelFormat:
                name: onnx
              storageUri: %s
        """.formatted(
        tagRouting ? "  annotations:\n    serving.kserve.io/enable-tag-routing: \"true\"\n" : "",
        canaryPercent == null ? "" : "    canaryTrafficPercent: " + canaryPercent + "\n",
        MODELS.resolve(model));
    Path file = Files.createTempFile(files, "isvc", ".yaml");
    Files.writeString(file, yaml);
    return file.toString();
  }
}
