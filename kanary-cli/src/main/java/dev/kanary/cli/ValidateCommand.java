package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.core.admission.InferenceServiceDefaults;
import dev.kanary.core.admission.InferenceServiceValidator;
import dev.kanary.core.json.Documents;
import dev.kanary.core.json.Json;
import dev.kanary.core.kserve.InferenceService;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    description = {
        "Check InferenceService YAML or JSON as the server's admission would, without a server.",
        "Prints one line per object; exits 1 when any is invalid."})
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE",
      description = "A YAML or JSON file (multi-document YAML allowed), or - for standard input.")
  String file;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<JsonNode> documents;
    try {
      documents = Documents.read(read());
    } catch (NoSuchFileException e) {
      err.println("kanary: " + file + ": no such file");
      return ExitCodes.USAGE;
    } catch (IOException e) {
      err.println("kanary: " + file + ": " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (Documents.MalformedDocumentException e) {
      err.println("kanary: " + file + ": " + e.getMessage());
      return ExitCodes.REFUSED;
    }
    int invalid = 0;
    for (JsonNode document : documents) {
      String kind = document.path("kind").asText("");
      if (!InferenceService.KIND.equals(kind)) {
        err.println("kanary: " + file + ": kind \"" + kind + "\" is not checked offline;"
            + " validate checks InferenceService objects");
        invalid++;
        continue;
      }
      InferenceService isvc;
      try {
        isvc = InferenceServiceDefaults.apply(Json.convert(document, InferenceService.class));
      } catch (IllegalArgumentException e) {
        err.println("kanary: " + file + ": " + e.getMessage().lines().findFirst().orElse(""));
        invalid++;
        continue;
      }
      String name = "inferenceservice.serving.kserve.io/" + isvc.metadata().name();
      Optional<String> problem = InferenceServiceValidator.validate(isvc);
      if (problem.isPresent()) {
        err.println(name + " is invalid: " + problem.get().replace("\n", "; "));
        invalid++;
      } else {
        out.println(name + " is valid");
      }
    }
    return invalid == 0 ? ExitCodes.OK : ExitCodes.REFUSED;
  }

  private String read() throws IOException {
    if (file.equals("-")) {
      return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return Files.readString(Path.of(file));
  }
}
