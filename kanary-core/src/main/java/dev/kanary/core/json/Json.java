package dev.kanary.core.json;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.UncheckedIOException;

/**
 * The one JSON and YAML mapping of the Kubernetes shapes.
 *
 * <p>Modeled fields are omitted when null or empty, as Go's {@code omitempty} does; the unknown fields
 * every resource record keeps are written back exactly as they came, empty values included.
 */
public final class Json {
  private static final JsonInclude.Value INCLUSION =
      JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.ALWAYS);

  private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
  private static final ObjectMapper YAML =
      configure(
          new YAMLMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                  .build()));

  private Json() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    // Only record components are properties: helpers such as isReady() or isDisabled() must never
    // be written into a user's object.
    return mapper
        .setVisibility(PropertyAccessor.GETTER, JsonAutoDetect.Visibility.NONE)
        .setVisibility(PropertyAccessor.IS_GETTER, JsonAutoDetect.Visibility.NONE)
        .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
        .registerModule(new JavaTimeModule())
        .registerModule(new Jdk8Module())
        .setDefaultPropertyInclusion(INCLUSION)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  }

  /** The JSON mapper; safe to share. */
  public static ObjectMapper json() {
    return JSON;
  }

  /** The YAML mapper; safe to share. */
  public static ObjectMapper yaml() {
    return YAML;
  }

  public static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String toYaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode toTree(Object value) {
    return JSON.valueToTree(value);
  }

  /** Converts between shapes, e.g. a tree into a record. */
  public static <T> T convert(Object value, Class<T> type) {
    return JSON.convertValue(value, type);
  }
}
