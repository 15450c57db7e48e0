package dev.kanary.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.json.Json;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PodSpecMergeTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("the runtime's field stays when the predictor has none",
            "{\"nodeSelector\": {\"gpu\": \"a100\"}}", "{}",
            "{\"nodeSelector\": {\"gpu\": \"a100\"}}"),
        Arguments.of("objects merge key by key, the predictor's key winning",
            "{\"nodeSelector\": {\"gpu\": \"a100\", \"zone\": \"a\"}}",
            "{\"nodeSelector\": {\"zone\": \"b\"}}",
            "{\"nodeSelector\": {\"gpu\": \"a100\", \"zone\": \"b\"}}"),
        Arguments.of("nested objects merge too",
            "{\"affinity\": {\"nodeAffinity\": {\"a\": 1}}}",
            "{\"affinity\": {\"podAntiAffinity\": {\"b\": 2}}}",
            "{\"affinity\": {\"nodeAffinity\": {\"a\": 1}, \"podAntiAffinity\": {\"b\": 2}}}"),
        Arguments.of("volumes merge by name, the predictor's replacing the runtime's",
            "{\"volumes\": [{\"name\": \"cache\", \"emptyDir\": {}},"
                + " {\"name\": \"shm\", \"emptyDir\": {\"medium\": \"Memory\"}}]}",
            "{\"volumes\": [{\"name\": \"cache\", \"configMap\": {\"name\": \"c\"}},"
                + " {\"name\": \"extra\", \"emptyDir\": {}}]}",
            "{\"volumes\": [{\"name\": \"cache\", \"configMap\": {\"name\": \"c\"}},"
                + " {\"name\": \"shm\", \"emptyDir\": {\"medium\": \"Memory\"}},"
                + " {\"name\": \"extra\", \"emptyDir\": {}}]}"),
        Arguments.of("image pull secrets merge by name",
            "{\"imagePullSecrets\": [{\"name\": \"registry\"}]}",
            "{\"imagePullSecrets\": [{\"name\": \"mine\"}]}",
            "{\"imagePullSecrets\": [{\"name\": \"registry\"}, {\"name\": \"mine\"}]}"),
        Arguments.of("tolerations have no merge key: the predictor's list replaces",
            "{\"tolerations\": [{\"key\": \"gpu\", \"operator\": \"Exists\"}]}",
            "{\"tolerations\": [{\"key\": \"spot\", \"operator\": \"Exists\"}]}",
            "{\"tolerations\": [{\"key\": \"spot\", \"operator\": \"Exists\"}]}"),
        Arguments.of("scalars are replaced",
            "{\"schedulerName\": \"gpu-scheduler\", \"hostIPC\": true}",
            "{\"schedulerName\": \"default-scheduler\"}",
            "{\"schedulerName\": \"default-scheduler\", \"hostIPC\": true}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mergesThePredictorsFieldsOverTheRuntimes(
      String name, String runtime, String predictor, String expected) throws Exception {
    assertThat(PodSpecMerge.merge(map(runtime), map(predictor))).isEqualTo(map(expected));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(String json) throws Exception {
    return Json.json().readValue(json, Map.class);
  }
}
