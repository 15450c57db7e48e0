package dev.kanary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar, as a user runs it. Checks what a careless shade breaks silently
 * (shared/reference/packaging.md): the manifest entries and the merged service files.
 */
class JarSmokeIT {
  private static final Path JAR = Path.of("target", "kanary.jar");

  private record Result(int exit, String out) {}

  private static Result run(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-jar", JAR.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), out);
  }

  @Test
  void helpListsTheCommands() throws Exception {
    Result result = run("--help");

    assertThat(result.exit()).isZero();
    assertThat(result.out()).contains("Usage: kanary", "quickstart", "validate");
  }

  @Test
  void everyModeStartsFromTheJar() throws Exception {
    for (String command : new String[] {"server", "operator", "model-server"}) {
      Result result = run(command, "--help");

      assertThat(result.exit()).as(command).isZero();
      assertThat(result.out()).as(command).contains("Usage: kanary " + command);
    }
  }

  @Test
  void validatesTheTutorialExample() throws Exception {
    Result result = run("validate", "-f", "../examples/sklearn-iris-canary.yaml");

    assertThat(result.out()).isEqualTo("inferenceservice.serving.kserve.io/sklearn-iris is valid\n");
    assertThat(result.exit()).isZero();
  }

  @Test
  void manifestKeepsMultiReleaseAndNativeAccess() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      Manifest manifest = jar.getManifest();

      assertThat(manifest.getMainAttributes().getValue("Main-Class"))
          .isEqualTo("dev.kanary.cli.Main");
      assertThat(manifest.getMainAttributes().getValue("Multi-Release")).isEqualTo("true");
      assertThat(manifest.getMainAttributes().getValue("Enable-Native-Access"))
          .isEqualTo("ALL-UNNAMED");
      assertThat(jar.getEntry("module-info.class")).isNull();
    }
  }

  @Test
  void serviceFilesOfEveryJarAreMerged() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      var entry = jar.getEntry("META-INF/services/com.fasterxml.jackson.databind.Module");
      String services = new String(jar.getInputStream(entry).readAllBytes(),
          StandardCharsets.UTF_8);

      assertThat(services).contains("com.fasterxml.jackson.datatype.jsr310.JavaTimeModule",
          "com.fasterxml.jackson.datatype.jdk8.Jdk8Module");
    }
  }

  /** fabric8 finds its typed resources and its HTTP client through service files; a lost one fails silently. */
  @Test
  void fabric8FindsKnativeGatewayApiAndTheJdkClient() throws IOException {
    try (JarFile jar = new JarFile(JAR.toFile())) {
      assertThat(service(jar, "io.fabric8.kubernetes.api.model.KubernetesResource")).contains(
          "io.fabric8.knative.serving.v1.Service",
          "io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute",
          "io.fabric8.kubernetes.api.model.apps.Deployment");
      assertThat(service(jar, "io.fabric8.kubernetes.client.http.HttpClient$Factory"))
          .contains("io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory")
          .doesNotContain("vertx");
    }
  }

  private static String service(JarFile jar, String name) throws IOException {
    var entry = jar.getEntry("META-INF/services/" + name);
    assertThat(entry).as(name).isNotNull();
    return new String(jar.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
  }
}
