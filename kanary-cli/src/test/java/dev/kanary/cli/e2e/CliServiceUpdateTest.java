package dev.kanary.cli.e2e;

import static dev.kanary.cli.e2e.Kanary.MODELS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.cli.e2e.Kanary.Run;
import dev.kanary.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code kanary service update} with kn's flags on a real Knative Service with three revisions:
 * cases of kn's compute tables (knative.md §4.5) end to end, each followed until the route serves
 * it, and every one of kn's error texts with its exit code. The full tables run in kanary-core.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliServiceUpdateTest {
  @TempDir static Path dataDir;
  @TempDir static Path files;
  private Kanary kanary;

  @BeforeAll
  void startServerWithThreeRevisions() throws IOException {
    kanary = Kanary.start(dataDir);
    for (int version = 1; version <= 3; version++) {
      Run apply = kanary.run("apply", "-f", service(version));
      assertThat(apply.out()).isEqualTo("service.serving.knative.dev/echo "
          + (version == 1 ? "created" : "configured") + "\n");
      String revision = "echo-0000" + version;
      await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
          .untilAsserted(() -> assertThat(echo().at("/status/latestReadyRevisionName").asText())
              .isEqualTo(revision));
    }
  }

  @AfterAll
  void stopServer() {
    kanary.close();
  }

  @Test
  @Order(1)
  void tagARevisionOutsideTheBlock() {
    Run run = update("--tag", "echo-00001=v1");

    assertThat(run.out()).startsWith("Updating Service 'echo' in namespace 'default':\n\n")
        .endsWith("Ready to serve.\n\nService 'echo' with latest revision 'echo-00003'"
            + " (unchanged) is available at URL:\nhttp://echo.default.example.com\n");
    assertThat(specTraffic()).containsExactly("@latest  100", "echo-00001 v1 0");
  }

  @Test
  @Order(2)
  void aTagIsATrafficReference() {
    update("--traffic", "v1=10,@latest=90");

    assertThat(specTraffic()).containsExactly("@latest  90", "echo-00001 v1 10");
    JsonNode served = echo().at("/status/traffic");
    assertThat(served.get(0).at("/revisionName").asText()).isEqualTo("echo-00003");
    assertThat(served.get(1).at("/url").asText()).isEqualTo("http://v1-echo.default.example.com");
  }

  @Test
  @Order(3)
  void theRemainderGoesToTheFirstServedRevisionLeftOut() {
    update("--traffic", "echo-00002=20");

    assertThat(specTraffic())
        .containsExactly("echo-00001 v1 0", "echo-00002  20", "echo-00003  80");
  }

  @Test
  @Order(4)
  void untagAndSendEverythingToLatest() {
    update("--untag", "v1", "--traffic", "@latest=100");

    assertThat(specTraffic()).containsExactly("@latest  100");
  }

  @Test
  @Order(5)
  void tagLatestTwiceIsANoOp() {
    update("--tag", "@latest=current");
    update("--tag", "@latest=current");

    assertThat(specTraffic()).containsExactly("@latest current 100");
  }

  @ParameterizedTest
  @Order(6)
  @CsvSource(delimiter = '|', textBlock = """
      2 | --traffic @latest=100=latest            | expecting the value format in value1=value2, given @latest=100=latest
      2 | --tag @latest=                          | expecting the value format in value1=value2, given @latest=
      2 | --traffic @latest=90,@latest=10         | repetition of identifier @latest is not allowed, use only once with --traffic flag
      2 | --tag @latest=latest,@latest=2          | repetition of identifier @latest is not allowed, use only once with --tag flag
      2 | --tag latest,current                    | repetition of identifier @latest is not allowed, use only once with --tag flag
      2 | --traffic @latest=100p                  | error converting given 100p to integer value for traffic distribution
      2 | --traffic @latest=-100                  | invalid value for traffic percent -100, expected 0 <= percent <= 100
      2 | --traffic echo-v1=40 --traffic echo-v1=60 | repetition of revision reference echo-v1 is not allowed, use only once with --traffic flag
      1 | --traffic @latest=40,echo-00001=70      | given traffic percents sum to 110, want <=100
      1 | --untag foo                             | tag(s) foo not present for any revisions of service echo
      1 | --untag foo --untag bar                 | tag(s) foo, bar not present for any revisions of service echo
      1 | --traffic echo-00001=10                 | unable to allocate the remaining traffic: 90%. Reason: incorrect number of revisions specified. Only 1 revision should be missing
      1 | --tag @latest=candidate                 | tag 'current' exists on latest ready revision of service, refusing to overwrite existing tag with 'candidate', add flag '--untag current' in command to untag it
      1 | --tag echo-00002=current                | refusing to overwrite existing tag in service, add flag '--untag current' in command to untag it
      1 | --tag echo-00001=old --traffic old=10,echo-00001=90 | Traffic targets sum to 90, want 100: spec.traffic
      2 | --no-wait                               | nothing to update: give --traffic, --tag or --untag
      """)
  void knsErrorsAreKnsTextsAndLeaveTheServiceAlone(int exit, String flags, String message) {
    long generation = echo().at("/metadata/generation").asLong();
    List<String> args = new ArrayList<>(List.of("service", "update", "echo"));
    args.addAll(List.of(flags.split(" ")));

    Run run = kanary.run(args.toArray(String[]::new));

    assertThat(run.err()).isEqualTo("kanary: " + message + "\n");
    assertThat(run.exit()).isEqualTo(exit);
    assertThat(run.out()).isEmpty();
    assertThat(echo().at("/metadata/generation").asLong()).isEqualTo(generation);
  }

  @Test
  @Order(7)
  void anUnknownServiceIsTheServersNotFound() {
    Run run = kanary.run("service", "update", "nope", "--tag", "x");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error from server (NotFound): services.serving.knative.dev"
        + " \"nope\" not found\n");
  }

  @Test
  @Order(8)
  void withoutWaiting() {
    Run run = kanary.run("ksvc", "update", "echo", "--untag", "current", "--no-wait");

    assertThat(run.out()).isEqualTo("Service 'echo' updated in namespace 'default'.\n");
    assertThat(specTraffic()).containsExactly("@latest  100");
  }

  private Run update(String... flags) {
    List<String> args = new ArrayList<>(List.of("service", "update", "echo"));
    args.addAll(List.of(flags));
    args.addAll(List.of("--wait-timeout", "90"));
    Run run = kanary.run(args.toArray(String[]::new));
    assertThat(run.exit()).as(run.err()).isZero();
    return run;
  }

  /** spec.traffic in kn's test notation: ref (a revision or @latest), tag, percent. */
  private List<String> specTraffic() {
    List<String> targets = new ArrayList<>();
    for (JsonNode target : echo().at("/spec/traffic")) {
      String ref = target.path("latestRevision").asBoolean()
          ? "@latest" : target.path("revisionName").asText();
      targets.add(ref + " " + target.path("tag").asText("") + " " + target.path("percent").asLong());
    }
    return targets;
  }

  private JsonNode echo() {
    Run get = kanary.run("get", "ksvc", "echo", "-o", "json");
    assertThat(get.exit()).as(get.err()).isZero();
    try {
      return Json.json().readTree(get.out());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Knative Service serving the iris model; each version is a new template, a new revision. */
  private static String service(int version) throws IOException {
    Path file = files.resolve("echo-" + version + ".yaml");
    Files.writeString(file, """
        apiVersion: serving.knative.dev/v1
        kind: Service
        metadata:
          name: echo
        spec:
          template:
            spec:
              containers:
              - name: kserve-container
                command: [kanary, model-server]
                args: [--model-dir, %s, --model-name, echo, --http-port, "{{.Port}}"]
                env:
                - {name: VERSION, value: "%d"}
        """.formatted(MODELS.resolve("model-1"), version));
    return file.toString();
  }
}
