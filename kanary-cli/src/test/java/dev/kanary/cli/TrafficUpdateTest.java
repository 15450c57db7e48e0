package dev.kanary.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.core.json.Json;
import dev.kanary.core.traffic.edit.TrafficEditException;
import dev.kanary.core.traffic.edit.TrafficFlags;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The edit on documents as the API returns them; the cases a live server cannot easily reach. */
class TrafficUpdateTest {
  private static final JsonNode SERVICE = parse("""
      {"apiVersion": "serving.knative.dev/v1", "kind": "Service",
       "metadata": {"name": "svc", "namespace": "ns", "resourceVersion": "42"},
       "spec": {"template": {"spec": {"containers": [{"image": "x"}]}},
                "traffic": [{"tag": "r3", "revisionName": "r1", "percent": 0},
                            {"revisionName": "r2", "percent": 0},
                            {"latestRevision": true, "percent": 100}]},
       "status": {"traffic": [{"tag": "r3", "revisionName": "r1", "percent": 0},
                              {"revisionName": "r2", "percent": 0},
                              {"latestRevision": true, "revisionName": "r3", "percent": 100}]}}""");
  private static final List<JsonNode> REVISIONS = List.of(
      parse("""
          {"metadata": {"name": "r3"}, "spec": {}}"""),
      parse("""
          {"metadata": {"name": "r1", "annotations": {"client.knative.dev/tags": "r3"}},
           "spec": {}}"""));

  @Test
  void aServedRevisionMissingFromTheListCannotTakeTheRemainder() {
    assertThatThrownBy(() -> TrafficUpdate.apply(SERVICE, REVISIONS,
        TrafficFlags.none().withTraffic("r3=10,r1=20")))
        .isInstanceOf(TrafficEditException.class)
        .hasMessage("unable to allocate the remaining traffic: 70%. Reason: cannot determine the"
            + " missing revision");
  }

  @Test
  void theResultKeepsTheDocumentAndItsResourceVersion() {
    JsonNode updated = TrafficUpdate.apply(SERVICE, REVISIONS,
        TrafficFlags.none().withTraffic("@latest=100").withUntag("r3"));

    assertThat(updated.at("/metadata/resourceVersion").asText()).isEqualTo("42");
    assertThat(updated.at("/spec/template")).isEqualTo(SERVICE.at("/spec/template"));
    assertThat(updated.at("/spec/traffic").toString())
        .isEqualTo("[{\"latestRevision\":true,\"percent\":100}]");
  }

  private static JsonNode parse(String json) {
    try {
      return Json.json().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
