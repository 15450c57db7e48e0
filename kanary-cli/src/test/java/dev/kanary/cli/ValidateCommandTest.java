package dev.kanary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
  @TempDir Path dir;

  private record Run(int exit, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine();
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private String write(String yaml) throws IOException {
    Path file = dir.resolve("isvc.yaml");
    Files.writeString(file, yaml);
    return file.toString();
  }

  @Test
  void theShippedExamplesAreValid() {
    for (String example : new String[] {"sklearn-iris.yaml", "sklearn-iris-canary.yaml"}) {
      Run run = run("validate", "-f", "../examples/" + example);

      assertThat(run.exit()).as(example).isZero();
      assertThat(run.out()).isEqualTo("inferenceservice.serving.kserve.io/sklearn-iris is valid\n");
    }
  }

  @Test
  void eachInvalidDocumentGetsOneLineAndExitOne() throws IOException {
    Run run = run("validate", "-f", write("""
        kind: InferenceService
        metadata: {name: a}
        spec: {predictor: {canaryTrafficPercent: 150, onnx: {storageUri: x}}}
        ---
        kind: InferenceService
        metadata: {name: b}
        spec: {predictor: {onnx: {storageUri: x}}}
        """));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("inferenceservice.serving.kserve.io/a is invalid: expected"
        + " 0 <= 150 <= 100: spec.predictor.canaryTrafficPercent\n");
    assertThat(run.out()).isEqualTo("inferenceservice.serving.kserve.io/b is valid\n");
  }

  @Test
  void malformedYamlNamesLineAndColumn() throws IOException {
    Run run = run("validate", "-f", write("kind: InferenceService\nmetadata: [a\n  b: c\n"));

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).startsWith("kanary: " + dir.resolve("isvc.yaml") + ": line 3, column");
  }

  @Test
  void aMissingFileOrFlagIsAUsageError() {
    Run missingFile = run("validate", "-f", dir.resolve("nope.yaml").toString());
    assertThat(missingFile.exit()).isEqualTo(2);
    assertThat(missingFile.err()).endsWith("nope.yaml: no such file\n");

    Run missingFlag = run("validate");
    assertThat(missingFlag.exit()).isEqualTo(2);
    assertThat(missingFlag.err())
        .isEqualTo("kanary: Missing required option: '--filename=FILE' (see 'validate --help')\n");
  }

  @Test
  void helpListsTheCommands() {
    Run run = run("--help");

    assertThat(run.exit()).isZero();
    assertThat(run.out()).contains("quickstart", "server", "apply", "get", "describe", "delete",
        "rollout", "service", "logs", "validate", "model-server", "help");
  }
}
