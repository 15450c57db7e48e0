package dev.kanary.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The launcher ({@code ./kanary}) and {@link SelfCommand} read the model server's JVM options from
 * one file. The launcher runs from a copy of the repository's layout with a fake JDK whose
 * {@code java} prints its arguments, so no build and no JVM start.
 */
class LauncherOptionsTest {
  private static final Path REPO = Path.of("..");
  private static final Path OPTIONS_FILE = Path.of("kanary-server", "src", "main", "resources",
      "dev", "kanary", "server", "replica", SelfCommand.MODEL_SERVER_OPTIONS);
  private static final String UNSAFE = "--sun-misc-unsafe-memory-access=allow";

  @TempDir Path dir;
  private Path root;
  private Path jdk;
  private Path jar;

  @BeforeEach
  void copyTheLauncher() throws IOException {
    root = dir.resolve("repo");
    copy(REPO.resolve("kanary"), root.resolve("kanary"));
    copy(REPO.resolve("scripts").resolve("jdk.sh"), root.resolve("scripts").resolve("jdk.sh"));
    copy(REPO.resolve(OPTIONS_FILE), root.resolve(OPTIONS_FILE));
    jdk = dir.resolve("jdk");
    script(jdk.resolve("bin").resolve("java"), "printf '%s\\n' \"$@\"");
    script(jdk.resolve("bin").resolve("javac"), "exit 0");
    Files.writeString(jdk.resolve("release"), "JAVA_VERSION=\"25\"\n");
    // Newer than the sources, so the launcher does not rebuild it.
    jar = root.resolve("kanary-cli").resolve("target").resolve("kanary.jar");
    Files.createDirectories(jar.getParent());
    Files.createFile(jar);
    Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plus(1, ChronoUnit.HOURS)));
  }

  @Test
  void aModelServerStartedByHandGetsTheOptionsReplicasGet() throws Exception {
    List<String> expected = new ArrayList<>(List.of(UNSAFE));
    expected.addAll(SelfCommand.modelServerOptions());
    expected.addAll(List.of("-jar", jar.toString(), "model-server", "--model-dir", "/m"));

    assertThat(launch(null, "model-server", "--model-dir", "/m")).isEqualTo(expected);
  }

  @Test
  void theLauncherReadsTheFileAsSelfCommandDoes() throws Exception {
    String text = "# a comment\n\n  -Xmx64m  \n\t-XX:+UseSerialGC\n#-Xmx1g\n-Dk=a b";
    Files.writeString(root.resolve(OPTIONS_FILE), text);

    List<String> launched = launch(null, "model-server");

    assertThat(launched.subList(1, launched.indexOf("-jar")))
        .isEqualTo(SelfCommand.options(text))
        .containsExactly("-Xmx64m", "-XX:+UseSerialGC", "-Dk=a b");
  }

  @ParameterizedTest(name = "KANARY_JAVA_OPTS=''{0}'' kanary {1}")
  @CsvSource(delimiter = '|', value = {
      "-Xmx1g -Dx=y | model-server | -Xmx1g -Dx=y",
      "''           | model-server | ''",
      "-Xmx1g       | server       | -Xmx1g"})
  void kanaryJavaOptsAreTheOptionsWhenSet(String javaOpts, String command, String expected)
      throws Exception {
    List<String> options = new ArrayList<>(List.of(UNSAFE));
    options.addAll(expected.isEmpty() ? List.of() : List.of(expected.split(" ")));
    options.addAll(List.of("-jar", jar.toString(), command));

    assertThat(launch(javaOpts, command)).isEqualTo(options);
  }

  @Test
  void otherCommandsGetNoModelServerOptions() throws Exception {
    assertThat(launch(null, "server")).containsExactly(UNSAFE, "-jar", jar.toString(), "server");
  }

  /** The arguments the launcher starts java with; {@code javaOpts} null leaves it unset. */
  private List<String> launch(String javaOpts, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", root.resolve("kanary").toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", jdk.toString());
    builder.environment().remove("KANARY_JAVA_OPTS");
    if (javaOpts != null) {
      builder.environment().put("KANARY_JAVA_OPTS", javaOpts);
    }
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.lines().toList();
  }

  private static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to);
  }

  private static void script(Path path, String body) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "#!/bin/sh\n" + body + "\n");
    assertThat(path.toFile().setExecutable(true)).isTrue();
  }
}
