package dev.kanary.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.server.replica.FakeReplicas.Events;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SelfCommandTest {
  private static final Path JAVA = Path.of(System.getProperty("java.home"), "bin", "java");
  private static final List<String> FLAGS = SelfCommand.jvmFlags(Runtime.version().feature());

  @TempDir Path dir;

  @ParameterizedTest(name = "Java {0}")
  @CsvSource({"21, false", "22, false", "23, true", "25, true"})
  void unsafeMemoryAccessIsAllowedFromJava23(int feature, boolean allowed) {
    List<String> flags = SelfCommand.jvmFlags(feature);

    assertThat(flags).startsWith("-XX:+UseSerialGC", "-Xmx128m", "-XX:+ExitOnOutOfMemoryError",
        "--enable-native-access=ALL-UNNAMED");
    assertThat(flags.contains("--sun-misc-unsafe-memory-access=allow")).isEqualTo(allowed);
  }

  @Test
  void replicasStartWithTheModelServerOptionsFile() {
    assertThat(SelfCommand.modelServerOptions())
        .containsExactly("-XX:+UseSerialGC", "-Xmx128m", "-XX:+ExitOnOutOfMemoryError");
    assertThat(FLAGS).startsWith(SelfCommand.modelServerOptions().toArray(String[]::new));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "'-Xmx1m\n-XX:+UseSerialGC'    | -Xmx1m,-XX:+UseSerialGC",
      "'# why\n\n-Xmx1m\n'         | -Xmx1m",
      "'  -Xmx1m \t\r\n\t-Da=b c' | -Xmx1m,-Da=b c",
      "'#-Xmx1m\n \n'               | ''"})
  void optionsAreOneALineWithoutBlanksOrComments(String text, String expected) {
    assertThat(SelfCommand.options(text.translateEscapes()))
        .isEqualTo(expected.isEmpty() ? List.of() : List.of(expected.split(",")));
  }

  @Test
  void aMainClassInAJarRunsWithDashJar() throws Exception {
    Path jar = Path.of(Test.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    SelfCommand self = SelfCommand.of(Test.class, dir);

    assertThat(self.prefix()).isEqualTo(concat(List.of(JAVA.toString()), FLAGS,
        List.of("-XX:+AutoCreateSharedArchive",
            "-XX:SharedArchiveFile=" + dir.resolve("kanary-replica.jsa"), "-jar",
            jar.toString())));
    assertThat(dir.resolve(SelfCommand.ARGFILE)).doesNotExist();
  }

  @Test
  void aMainClassInADirectoryRunsFromAnArgfileWithTheClasspath() throws IOException {
    SelfCommand self = SelfCommand.of(FakeReplicaMain.class, dir);

    Path argfile = dir.resolve(SelfCommand.ARGFILE);
    assertThat(self.prefix()).isEqualTo(concat(List.of(JAVA.toString()), FLAGS,
        List.of("@" + argfile)));
    assertThat(Files.readString(argfile)).isEqualTo("-cp\n\""
        + System.getProperty("java.class.path") + "\"\n" + FakeReplicaMain.class.getName() + "\n");
  }

  @Test
  void quotesAndEscapesTheClasspath() {
    assertThat(SelfCommand.argfile("a b:c\\d\"e", "x.Main"))
        .isEqualTo("-cp\n\"a b:c\\\\d\\\"e\"\nx.Main\n");
  }

  @Test
  void replacesALeadingKanaryOnly() {
    SelfCommand self = new SelfCommand(List.of("java", "-jar", "kanary.jar"));

    assertThat(self.resolve(List.of("kanary", "model-server", "--model-dir", "/m")))
        .containsExactly("java", "-jar", "kanary.jar", "model-server", "--model-dir", "/m");
    assertThat(self.resolve(List.of("python", "-m", "kanary"))).containsExactly(
        "python", "-m", "kanary");
    assertThat(self.resolve(List.of())).isEmpty();
  }

  @Test
  void theArgfileCommandRunsAReplicaEvenFromAClasspathWithASpace() throws IOException {
    Path spaced = Files.createSymbolicLink(dir.resolve("test classes"), FakeReplicas.TEST_CLASSES);
    SelfCommand self = SelfCommand.fromClasspath(
        JAVA, FLAGS, spaced.toString(), FakeReplicaMain.class.getName(), dir.resolve("run"));
    ReplicaSpec fake = FakeReplicas.spec(dir, "self", Map.of());
    Events events = new Events();

    try (ReplicaSupervisor supervisor = new ReplicaSupervisor(
        dir.resolve("run"), events, FakeReplicas.settings(Duration.ofSeconds(30)))) {
      supervisor.start(new ReplicaSpec(fake.name(), fake.revision(),
          self.resolve(List.of("kanary", "--port={{.Port}}")), Map.of(), dir, fake.logFile(),
          fake.readiness()));
      ReplicaStatus ready = events.await("ready", ReplicaStatus::ready);

      assertThat(Files.readString(fake.logFile()))
          .contains("args [--port=" + ready.port() + "]");
    } finally {
      Files.delete(spaced);
    }
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }
}
