package dev.kanary.server.revision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Kubernetes' expansion cases (third_party/forked/golang/expansion, expand_test.go). */
class EnvExpansionTest {
  private static final Map<String, String> ENV =
      Map.of("VAR_A", "A", "VAR_B", "B", "VAR_EMPTY", "", "MODEL_NAME", "iris");

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NULL", emptyValue = "", value = {
      "--model-name=$(MODEL_NAME)|--model-name=iris",
      "$(VAR_A)|A",
      "___$(VAR_B)___|___B___",
      "$(VAR_A)-$(VAR_B)|A-B",
      "$(VAR_EMPTY)|''",
      "$(UNKNOWN)|$(UNKNOWN)",
      "$$(VAR_A)|$(VAR_A)",
      "$$$(VAR_A)|$A",
      "$$|$",
      "foo$|foo$",
      "$(VAR_A|$(VAR_A",
      "$VAR_A|$VAR_A",
      "no references|no references"})
  void expands(String input, String expected) {
    assertThat(EnvExpansion.expand(input, ENV)).isEqualTo(expected);
  }
}
