package dev.kanary.cli.e2e;

import static dev.kanary.cli.e2e.Kanary.MODELS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.cli.e2e.Kanary.Run;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every error the CLI gives: one line naming the thing and the fix, and the exit code. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliErrorsTest {
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

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      get foo                              | kanary: unknown resource type "foo"; kanary serves isvc, ksvc, revisions, pods, events, clusterservingruntimes
      get isvc -o table                    | kanary: unknown output format "table"; use -o wide, yaml, json or name
      get isvc x -A                        | kanary: a name cannot be given with --all-namespaces: names are per namespace; use -n NAMESPACE
      describe isvc                        | kanary: Missing required parameter: 'NAME' (see 'describe --help')
      describe ksvc x                      | kanary: describe shows InferenceServices (isvc); for services.serving.knative.dev use: kanary get ksvc NAME -o yaml
      delete pods x                        | kanary: pods cannot be deleted: the server makes and removes them; delete takes isvc, ksvc, revision and clusterservingruntime
      delete isvc                          | kanary: Missing required parameter: 'NAME' (see 'delete --help')
      rollout                              | kanary: rollout needs a subcommand: status, promote or rollback (see 'kanary rollout --help')
      rollout status x --timeout soon      | kanary: --timeout "soon" is not a duration; give one such as 90s, 5m or 1h30m (0s waits forever)
      rollout promote                      | kanary: Missing required parameter: 'NAME' (see 'rollout promote --help')
      service                              | kanary: service needs a subcommand: update (see 'kanary service --help')
      service update echo                  | kanary: nothing to update: give --traffic, --tag or --untag
      apply                                | kanary: Missing required option: '--filename=FILE' (see 'apply --help')
      get isvc --server foo                | kanary: --server "foo" is not an http:// or https:// URL; give the server's API, e.g. http://127.0.0.1:8081
      get isvc --bogus                     | kanary: Unknown option: '--bogus' (see 'get --help')
      predict x                            | kanary: give the request body with -f FILE or -d JSON, e.g. -d '{"instances": [[6.8, 2.8, 4.8, 1.4]]}'
      predict x -d {} -f y                 | kanary: give the request body with -f FILE or -d JSON, e.g. -d '{"instances": [[6.8, 2.8, 4.8, 1.4]]}'
      predict x -f /no/such/file           | kanary: /no/such/file: no such file
      predict x -d {} --gateway foo        | kanary: --gateway "foo" is not an http:// URL; give the server's inference address, e.g. http://127.0.0.1:8080
      """)
  void usageErrorsExit2(String command, String message) {
    Run run = Kanary.raw(Map.of(), command.split(" "));

    assertThat(run.err()).isEqualTo(message + "\n");
    assertThat(run.exit()).isEqualTo(2);
  }

  @Test
  void anUnreachableServerIsNamedWithHowToStartOne() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    Run run = Kanary.raw(Map.of(), "get", "isvc", "--server", "http://127.0.0.1:" + port,
        "--token", "t");

    assertThat(run.err()).isEqualTo("kanary: cannot reach the kanary server at http://127.0.0.1:"
        + port + " (start it with: kanary server)\n");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void aWrongTokenIsRefusedWithWhereItCameFrom() {
    Run run = Kanary.raw(Map.of(), "get", "isvc", "--server", kanary.url(), "--token", "wrong");

    assertThat(run.err()).isEqualTo("kanary: the kanary server at " + kanary.url() + " refused"
        + " the API token from --token (401 Unauthorized); set KANARY_TOKEN to the server's"
        + " token, or --data-dir to the data directory of the server at " + kanary.url() + "\n");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void noTokenAnywhereSaysWhereItLooked() {
    Run run = Kanary.raw(Map.of(), "get", "isvc", "--server", kanary.url(), "--data-dir",
        files.toString());

    assertThat(run.err()).isEqualTo("kanary: no API token for the kanary server at "
        + kanary.url() + ": $KANARY_TOKEN is not set and " + files.resolve("token")
        + " does not exist; set KANARY_TOKEN, or --data-dir to the server's data directory\n");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void theServerAndTokenComeFromTheEnvironment() throws IOException {
    String token = Files.readString(dataDir.resolve("token")).strip();

    Run byToken = Kanary.raw(Map.of("KANARY_SERVER", kanary.url(), "KANARY_TOKEN", token),
        "get", "isvc", "-n", "nothing-here");
    Run byDataDir = Kanary.raw(Map.of("KANARY_SERVER", kanary.url(), "KANARY_DATA_DIR",
        dataDir.toString()), "get", "ksvc", "--namespace", "nothing-here");

    assertThat(byToken.err()).isEqualTo("No resources found in nothing-here namespace.\n");
    assertThat(byToken.exit()).isZero();
    assertThat(byDataDir.err()).isEqualTo("No resources found in nothing-here namespace.\n");
    assertThat(byDataDir.exit()).isZero();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      get isvc nope             | Error from server (NotFound): inferenceservices.serving.kserve.io "nope" not found
      delete isvc nope          | Error from server (NotFound): inferenceservices.serving.kserve.io "nope" not found
      describe isvc nope        | Error from server (NotFound): inferenceservices.serving.kserve.io "nope" not found
      rollout status nope       | Error from server (NotFound): inferenceservices.serving.kserve.io "nope" not found
      rollout promote nope      | Error from server (NotFound): inferenceservices.serving.kserve.io "nope" not found
      rollout rollback nope     | Error from server (NotFound): inferenceservices.serving.kserve.io "nope" not found
      logs nope                 | Error from server (NotFound): pods "nope" not found
      predict nope -d {}        | Error from server (NotFound): inferenceservices.serving.kserve.io "nope" not found
      get revisions nope        | Error from server (NotFound): revisions.serving.knative.dev "nope" not found
      """)
  void whatTheServerRefusesExits1WithItsStatus(String command, String message) {
    Run run = kanary.run(command.split(" "));

    assertThat(run.err()).isEqualTo(message + "\n");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void eachDocumentThatCannotBeAppliedGetsOneLineAndTheOthersAreApplied() throws IOException {
    Path file = write("mixed.yaml", """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: d}
        ---
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {namespace: team}
        spec: {predictor: {model: {modelFormat: {name: onnx}, storageUri: /m}}}
        ---
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {name: elsewhere, namespace: other}
        spec: {predictor: {model: {modelFormat: {name: onnx}, storageUri: /m}}}
        ---
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {name: too-much}
        spec: {predictor: {canaryTrafficPercent: 150, model: {modelFormat: {name: onnx},
          storageUri: /m}}}
        ---
        apiVersion: serving.kserve.io/v1alpha1
        kind: ClusterServingRuntime
        metadata: {name: fine}
        spec:
          supportedModelFormats: [{name: fine-format}]
          containers: [{name: c, command: [sleep, "60"]}]
        """);

    Run run = kanary.run("apply", "-f", file.toString(), "-n", "team");

    assertThat(run.out()).isEqualTo("clusterservingruntime.serving.kserve.io/fine created\n");
    assertThat(run.err().lines()).containsExactly(
        "kanary: " + file + ": document 1: kind \"Deployment\" of apiVersion \"apps/v1\" cannot"
            + " be applied; apply takes InferenceService (serving.kserve.io/v1beta1), Service"
            + " (serving.knative.dev/v1), ClusterServingRuntime (serving.kserve.io/v1alpha1)",
        "kanary: " + file + ": document 2: metadata.name is required",
        "kanary: " + file + ": the namespace from the provided object \"other\" does not match"
            + " the namespace \"team\"; you must pass '--namespace=other' to perform this"
            + " operation",
        "Error from server (Invalid): expected 0 <= 150 <= 100:"
            + " spec.predictor.canaryTrafficPercent");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void aFileThatIsNotThereIsAUsageErrorAndOneThatDoesNotParseNamesWhere() throws IOException {
    Run missing = kanary.run("apply", "-f", files.resolve("nope.yaml").toString());
    assertThat(missing.err()).isEqualTo("kanary: " + files.resolve("nope.yaml")
        + ": no such file\n");
    assertThat(missing.exit()).isEqualTo(2);

    Path broken = write("broken.yaml", "kind: InferenceService\nmetadata: [a\n  b: c\n");
    Run malformed = kanary.run("apply", "-f", broken.toString());
    assertThat(malformed.err()).startsWith("kanary: " + broken + ": line 3, column");
    assertThat(malformed.exit()).isEqualTo(1);
  }

  @Test
  void standardInputIsCalledStdin() {
    InputStream stdin = System.in;
    try {
      System.setIn(new ByteArrayInputStream("kind: [".getBytes(StandardCharsets.UTF_8)));
      Run run = kanary.run("apply", "-f", "-");
      assertThat(run.err()).startsWith("kanary: STDIN: line 1, column");
    } finally {
      System.setIn(stdin);
    }
  }

  @Test
  void aRolloutWithoutARuntimeFailsWithKServesMessage() throws IOException {
    apply("no-runtime", "{name: xgboost}", MODELS.resolve("model-1").toString());

    Run run = kanary.run("rollout", "status", "no-runtime", "--timeout", "60s");

    assertThat(run.err()).isEqualTo("kanary: rollout of inferenceservice \"no-runtime\" failed:"
        + " NoSupportingRuntime: No runtime found to support predictor with model type:"
        + " xgboost\n");
    assertThat(run.exit()).isEqualTo(1);
  }

  @Test
  void aPredictionNeedsAReadyInferenceServiceAndForATagTagRouting() throws IOException {
    apply("not-ready", "{name: never-served}", MODELS.resolve("model-1").toString());

    Run untagged = kanary.run("predict", "not-ready", "-d", "{}");
    assertThat(untagged.err()).isEqualTo("kanary: inferenceservice not-ready has no URL yet: it"
        + " is not ready (see kanary rollout status not-ready -n default)\n");
    assertThat(untagged.exit()).isEqualTo(1);

    Run tagged = kanary.run("predict", "not-ready", "--tag", "latest", "-d", "{}");
    assertThat(tagged.err()).isEqualTo("kanary: inferenceservice not-ready has no revision tagged"
        + " \"latest\"; the latest revision is tagged once the annotation"
        + " serving.kserve.io/enable-tag-routing: \"true\" is set\n");
    assertThat(tagged.exit()).isEqualTo(1);
  }

  @Test
  void aRolloutWhoseModelIsMissingFailsWithTheRevisionsReason() throws IOException {
    Path nowhere = files.resolve("no-model-here");
    apply("missing-model", "{name: onnx}", nowhere.toString());

    Run run = kanary.run("rollout", "status", "missing-model", "--timeout", "60s");

    assertThat(run.err()).startsWith("kanary: rollout of inferenceservice \"missing-model\""
        + " failed: revision missing-model-predictor-00001: StorageInitializerFailed: ")
        .contains(nowhere.toString());
    assertThat(run.exit()).isEqualTo(1);

    Run logs = kanary.run("logs", "missing-model-predictor-00001");
    assertThat(logs.err()).isEqualTo("kanary: revision missing-model-predictor-00001 has no"
        + " replicas running (a revision without traffic is scaled to zero); 'kanary get pods -n"
        + " default' lists them, and a stopped one's log is read by its pod name\n");
    assertThat(logs.exit()).isEqualTo(1);
  }

  @Test
  void aRolloutThatDoesNotFinishInTimeSaysSo() throws IOException {
    Path runtime = write("sleepy-runtime.yaml", """
        apiVersion: serving.kserve.io/v1alpha1
        kind: ClusterServingRuntime
        metadata: {name: sleepy}
        spec:
          supportedModelFormats: [{name: sleepy-format, autoSelect: true}]
          containers: [{name: kserve-container, command: [sleep, "60"]}]
        """);
    assertThat(kanary.run("apply", "-f", runtime.toString()).exit()).isZero();
    apply("sleepy", "{name: sleepy-format}", MODELS.resolve("model-1").toString());

    Run run = kanary.run("rollout", "status", "sleepy", "--timeout", "2s");

    assertThat(run.err()).isEqualTo("kanary: timed out after 2s waiting for inferenceservice"
        + " \"sleepy\" to roll out\n");
    assertThat(run.out()).startsWith("Waiting for inferenceservice \"sleepy\" rollout to finish:");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(kanary.run("delete", "isvc", "sleepy").exit()).isZero();
  }

  private void apply(String name, String format, String storageUri) throws IOException {
    Path file = write(name + ".yaml", """
        apiVersion: serving.kserve.io/v1beta1
        kind: InferenceService
        metadata: {name: %s}
        spec:
          predictor:
            model: {modelFormat: %s, storageUri: "%s"}
        """.formatted(name, format, storageUri));
    Run run = kanary.run("apply", "-f", file.toString());
    assertThat(run.exit()).as(run.err()).isZero();
  }

  private static Path write(String name, String text) throws IOException {
    Path file = files.resolve(name);
    Files.writeString(file, text);
    return file;
  }
}
