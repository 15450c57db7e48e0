package dev.kanary.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PrinterColumnTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:10:00Z");
  private static final JsonNode OBJECT = parse("""
      {"metadata": {"name": "x", "creationTimestamp": "2026-01-01T00:08:41Z",
                    "labels": {"serving.knative.dev/configuration": "x-predictor"}},
       "spec": {"disabled": false, "containers": [{"name": "a"}, {"name": "b"}]},
       "status": {"conditions": [{"type": "Other", "status": "False"},
                                 {"type": "Ready", "status": "True"}],
                  "traffic": [{"tag": "prev", "percent": 90, "revisionName": "r1"},
                              {"latestRevision": true, "percent": 10, "revisionName": "r2"},
                              {"latestRevision": false, "percent": 0, "revisionName": "r3"}]}}
      """);

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      string  | .status.conditions[?(@.type=='Ready')].status                  | True
      integer | .status.traffic[?(@.tag=='prev')].percent                      | 90
      integer | .status.traffic[?(@.latestRevision==true)].percent             | 10
      string  | .status.traffic[?(@.latestRevision==true)].revisionName        | r2
      integer | .status.traffic[?(@.percent==0)].percent                       | 0
      string  | .status.traffic[?(@.tag=='latest')].revisionName               | ""
      string  | .metadata.labels['serving\\.knative\\.dev/configuration']      | x-predictor
      string  | .spec.containers[*].name                                       | a
      string  | .spec.containers[1].name                                       | b
      boolean | .spec.disabled                                                 | false
      integer | .status.conditions[?(@.type=='Ready')].status                  | ""
      date    | .metadata.creationTimestamp                                    | 79s
      date    | .metadata.name                                                 | ""
      string  | .status.nothing.here                                           | ""
      """)
  void theFirstValueFoundIsFormattedByTheColumnsType(String type, String path, String cell) {
    assertThat(PrinterColumn.of("C", type, path).cell(OBJECT, NOW)).isEqualTo(cell);
  }

  @Test
  void headersAreInCapitals() {
    assertThat(PrinterColumn.of("PrevRolledoutRevision", "string", ".a").header())
        .isEqualTo("PREVROLLEDOUTREVISION");
  }

  @Test
  void aPathItCannotReadIsRefusedWithWhere() {
    assertThatThrownBy(() -> JsonPath.parse(".a[?(@.b~'c')]"))
        .hasMessageStartingWith("JSONPath .a[?(@.b~'c')] at 2: filters are");
  }

  private static JsonNode parse(String json) {
    try {
      return Json.json().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
