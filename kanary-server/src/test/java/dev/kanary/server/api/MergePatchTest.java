package dev.kanary.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.core.json.Json;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** RFC 7386, Appendix A: every example, original + patch = result. */
class MergePatchTest {
  static Stream<Arguments> appendixA() {
    return Stream.of(
        argumentSet("replace a member", "{\"a\":\"b\"}", "{\"a\":\"c\"}", "{\"a\":\"c\"}"),
        argumentSet("add a member", "{\"a\":\"b\"}", "{\"b\":\"c\"}", "{\"a\":\"b\",\"b\":\"c\"}"),
        argumentSet("null removes", "{\"a\":\"b\"}", "{\"a\":null}", "{}"),
        argumentSet("null removes one of two", "{\"a\":\"b\",\"b\":\"c\"}", "{\"a\":null}",
            "{\"b\":\"c\"}"),
        argumentSet("a string replaces an array", "{\"a\":[\"b\"]}", "{\"a\":\"c\"}",
            "{\"a\":\"c\"}"),
        argumentSet("an array replaces a string", "{\"a\":\"c\"}", "{\"a\":[\"b\"]}",
            "{\"a\":[\"b\"]}"),
        argumentSet("nested objects merge, nested nulls remove", "{\"a\":{\"b\":\"c\"}}",
            "{\"a\":{\"b\":\"d\",\"c\":null}}", "{\"a\":{\"b\":\"d\"}}"),
        argumentSet("arrays replace whole", "{\"a\":[{\"b\":\"c\"}]}", "{\"a\":[1]}",
            "{\"a\":[1]}"),
        argumentSet("array patch on array", "[\"a\",\"b\"]", "[\"c\",\"d\"]", "[\"c\",\"d\"]"),
        argumentSet("array patch on object", "{\"a\":\"b\"}", "[\"c\"]", "[\"c\"]"),
        argumentSet("null patch", "{\"a\":\"foo\"}", "null", "null"),
        argumentSet("string patch", "{\"a\":\"foo\"}", "\"bar\"", "\"bar\""),
        argumentSet("a null already in the target stays", "{\"e\":null}", "{\"a\":1}",
            "{\"e\":null,\"a\":1}"),
        argumentSet("object patch on array", "[1,2]", "{\"a\":\"b\",\"c\":null}",
            "{\"a\":\"b\"}"),
        argumentSet("nulls in new members are dropped", "{}",
            "{\"a\":{\"bb\":{\"ccc\":null}}}", "{\"a\":{\"bb\":{}}}"));
  }

  @ParameterizedTest
  @MethodSource("appendixA")
  void appliesThePatch(String original, String patch, String result) throws Exception {
    assertThat(MergePatch.apply(tree(original), tree(patch))).isEqualTo(tree(result));
  }

  @Test
  void leavesItsArgumentsAlone() throws Exception {
    JsonNode target = tree("{\"a\":{\"b\":1}}");
    JsonNode patch = tree("{\"a\":{\"b\":null,\"c\":2}}");

    MergePatch.apply(target, patch);

    assertThat(target).isEqualTo(tree("{\"a\":{\"b\":1}}"));
    assertThat(patch).isEqualTo(tree("{\"a\":{\"b\":null,\"c\":2}}"));
  }

  private static JsonNode tree(String json) throws Exception {
    return Json.json().readTree(json);
  }
}
