package dev.kanary.core.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the documents of a file as kubectl does: multi-document YAML, or JSON (YAML's subset). */
public final class Documents {
  private Documents() {}

  /**
   * Every non-empty document, in order.
   *
   * @throws MalformedDocumentException naming the line and column when the text does not parse
   */
  public static List<JsonNode> read(String text) {
    List<JsonNode> documents = new ArrayList<>();
    try (JsonParser parser = Json.yaml().createParser(text);
        MappingIterator<JsonNode> it = Json.yaml().readValues(parser, JsonNode.class)) {
      while (it.hasNextValue()) {
        JsonNode node = it.nextValue();
        if (node != null && !node.isNull() && !node.isMissingNode()) {
          documents.add(node);
        }
      }
    } catch (JsonProcessingException e) {
      throw MalformedDocumentException.from(e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof JsonProcessingException cause) {
        throw MalformedDocumentException.from(cause);
      }
      throw e;
    }
    return documents;
  }

  /** A document that does not parse, with where. */
  public static final class MalformedDocumentException extends RuntimeException {
    private final int line;
    private final int column;

    private MalformedDocumentException(String message, int line, int column) {
      super(message);
      this.line = line;
      this.column = column;
    }

    static MalformedDocumentException from(JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      int line = at == null ? 0 : at.getLineNr();
      int column = at == null ? 0 : at.getColumnNr();
      String reason = e.getOriginalMessage().lines().findFirst().orElse("malformed document");
      return new MalformedDocumentException(
          "line " + line + ", column " + column + ": " + reason, line, column);
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }
  }
}
