package dev.kanary.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class MergePatchesTest {

  @ParameterizedTest(name = "{3}")
  @CsvSource(delimiter = '|', textBlock = """
      {}                                   | {"a":1}              | {"a":1,"status":{"x":1}}    | {}                          | the same again changes nothing
      {}                                   | {"a":1}              | {"a":1.0}                   | {}                          | numbers compare by value
      {"a":1,"b":2}                        | {"a":1}              | {"a":1,"b":2}               | {"b":null}                  | a field the file no longer sets is removed
      {}                                   | {"a":1}              | {"a":1,"b":2}               | {}                          | a field no file set stays
      {"s":{"c":10,"m":1}}                 | {"s":{"m":2}}        | {"s":{"c":10,"m":1,"d":5}}  | {"s":{"c":null,"m":2}}      | nested removal and change
      {"l":[1,2]}                          | {"l":[1]}            | {"l":[1,2]}                 | {"l":[1]}                   | lists are replaced whole
      {"s":{"c":10}}                       | {"s":{"c":0}}        | {"s":{"c":10}}              | {"s":{"c":0}}               | a change wins over the last applied value
      {}                                   | {"s":{}}             | {}                          | {"s":{}}                    | an empty object is set
      """)
  void threeWay(String original, String modified, String current, String patch, String what) {
    assertThat(MergePatches.threeWay(parse(original), parse(modified), parse(current)))
        .isEqualTo(parse(patch));
  }

  @Test
  void theLastAppliedAnnotationHoldsTheConfigurationWithoutItself() {
    ObjectNode configuration = (ObjectNode) parse("""
        {"kind": "InferenceService", "metadata": {"name": "x",
          "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "old"}}}""");

    ObjectNode annotated = LastApplied.annotate(configuration);

    assertThat(annotated.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration")
        .asText()).isEqualTo("{\"kind\":\"InferenceService\",\"metadata\":{\"name\":\"x\"}}\n");
    assertThat(LastApplied.of(annotated)).isEqualTo(parse(
        "{\"kind\":\"InferenceService\",\"metadata\":{\"name\":\"x\"}}"));
    assertThat(LastApplied.of(parse("{\"metadata\":{}}"))).isEqualTo(parse("{}"));
  }

  private static JsonNode parse(String json) {
    try {
      return Json.json().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
