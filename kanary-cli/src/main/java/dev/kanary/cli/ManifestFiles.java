package dev.kanary.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.core.json.Documents;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The documents of {@code -f FILE}, or of standard input for {@code -f -}, as kubectl reads them. */
final class ManifestFiles {
  private ManifestFiles() {}

  /**
   * @throws CommandException a usage error when the file cannot be read; a failure, naming line
   *     and column, when it does not parse
   */
  static List<JsonNode> read(String file, InputStream stdin) {
    String text;
    try {
      text = file.equals("-")
          ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(file));
    } catch (NoSuchFileException e) {
      throw CommandException.usage(file + ": no such file");
    } catch (IOException e) {
      throw CommandException.usage(file + ": " + e.getMessage());
    }
    try {
      return Documents.read(text);
    } catch (Documents.MalformedDocumentException e) {
      throw CommandException.failed(displayName(file) + ": " + e.getMessage());
    }
  }

  /** kubectl calls standard input STDIN. */
  static String displayName(String file) {
    return file.equals("-") ? "STDIN" : file;
  }
}
