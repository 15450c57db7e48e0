package dev.kanary.modelserver.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.modelserver.inference.ServingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;

/** Reads request bodies and writes response bodies. */
public final class JsonBodies {
  private static final Pattern SOURCE =
      Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)]");
  private static final ObjectMapper MAPPER = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private JsonBodies() {}

  /**
   * The body as a JSON tree.
   *
   * @throws ServingException of kind INVALID_INPUT when the body is not one JSON value
   */
  public static JsonNode parse(byte[] body) {
    try {
      JsonNode tree = MAPPER.readTree(body);
      if (tree == null || tree.isMissingNode()) {
        throw ServingException.invalidInput("Unrecognized request format: the body is empty");
      }
      return tree;
    } catch (JsonProcessingException e) {
      throw ServingException.invalidInput(
          "Unrecognized request format: " + readable(e.getOriginalMessage()) + location(e));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  public static byte[] toBytes(JsonNode tree) {
    try {
      return MAPPER.writeValueAsBytes(tree);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Streams a body straight into bytes, for the responses that carry tensors. */
  public static byte[] write(BodyWriter writer) {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder();
        JsonGenerator generator = MAPPER.createGenerator(bytes)) {
      writer.write(generator);
      generator.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Jackson's message without the source it leaves out anyway. */
  private static String readable(String message) {
    return SOURCE.matcher(message.lines().findFirst().orElse("")).replaceAll("line $1, column $2");
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
            + ")";
  }

  /** Writes one JSON body. */
  @FunctionalInterface
  public interface BodyWriter {
    void write(JsonGenerator generator) throws IOException;
  }
}
