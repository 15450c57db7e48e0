package dev.kanary.operator.standard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A revision is a pod template; its hash must not move when only map order does. */
class TemplateHashTest {
  private static Map<String, Object> template(String... labelPairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    for (int i = 0; i < labelPairs.length; i += 2) {
      labels.put(labelPairs[i], labelPairs[i + 1]);
    }
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("metadata", Map.of("labels", labels));
    template.put("spec", Map.of("containers", List.of(Map.of("name", "c", "image", "i:1"))));
    return template;
  }

  @Test
  void theSameTemplateInAnotherOrderHashesTheSame() {
    assertThat(StandardPredictor.hash(template("a", "1", "b", "2")))
        .isEqualTo(StandardPredictor.hash(template("b", "2", "a", "1")));
  }

  @Test
  void aChangedTemplateHashesDifferently() {
    assertThat(StandardPredictor.hash(template("a", "1")))
        .isNotEqualTo(StandardPredictor.hash(template("a", "2")));
  }
}
