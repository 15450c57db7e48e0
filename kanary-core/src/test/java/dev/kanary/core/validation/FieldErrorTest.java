package dev.kanary.core.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldErrorTest {

  static Stream<Arguments> renderings() {
    return Stream.of(
        Arguments.of("index glued to the field before it",
            FieldError.of("Multiple definitions for \"foo\"", "[0].tag", "[1].tag")
                .viaField("traffic").viaField("spec"),
            "Multiple definitions for \"foo\": spec.traffic[0].tag, spec.traffic[1].tag"),
        Arguments.of("viaFieldIndex then viaField",
            FieldError.outOfBounds(-5, 0, 100, "percent").viaFieldIndex("traffic", 2)
                .viaField("spec"),
            "expected 0 <= -5 <= 100: spec.traffic[2].percent"),
        Arguments.of("current field adds no segment",
            FieldError.of("Traffic targets sum to 90, want 100", FieldError.CURRENT_FIELD)
                .viaField("traffic").viaField("spec"),
            "Traffic targets sum to 90, want 100: spec.traffic"),
        Arguments.of("same message merges paths, sorted",
            FieldError.missingField("b").also(FieldError.missingField("a")),
            "missing field(s): a, b"),
        Arguments.of("a path two merged errors share appears once, as Knative's mergePaths",
            FieldError.missingField("spec.a", "spec.b")
                .also(FieldError.missingField("spec.b", "spec.c")),
            "missing field(s): spec.a, spec.b, spec.c"),
        Arguments.of("errors sorted by message, byte order",
            FieldError.of("not a DNS 1035 label", "metadata.name")
                .also(FieldError.of("Traffic targets sum to 90, want 100", "spec.traffic")),
            "Traffic targets sum to 90, want 100: spec.traffic\n"
                + "not a DNS 1035 label: metadata.name"),
        Arguments.of("details on the next line",
            FieldError.invalidKeyName("b ar", "revisionName", "name part must be valid"),
            "invalid key name \"b ar\": revisionName\nname part must be valid"),
        Arguments.of("index of an index",
            FieldError.of("bad", "bar").viaIndex(0).viaIndex(1).viaField("foo"),
            "bad: foo[1][0].bar"),
        Arguments.of("key segment",
            FieldError.invalidValue("x", "value").viaFieldKey("annotations", "owner"),
            "invalid value: x: annotations[owner].value"),
        // Go splits every part on dots before gluing, so a dotted key is not glued.
        Arguments.of("dotted key segment, as Go renders it",
            FieldError.invalidValue("x", "value").viaFieldKey("annotations", "a.b/c"),
            "invalid value: x: annotations.[a.b/c].value"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("renderings")
  void rendersAsKnative(String name, FieldError error, String expected) {
    assertThat(error.render()).isEqualTo(expected);
  }

  @Test
  void noneIsEmptyAndNeutralUnderAlso() {
    assertThat(FieldError.NONE.isEmpty()).isTrue();
    assertThat(FieldError.NONE.also(FieldError.NONE).render()).isEmpty();
    FieldError one = FieldError.missingField("x");
    assertThat(FieldError.NONE.also(one)).isEqualTo(one);
    assertThat(one.also((FieldError) null)).isEqualTo(one);
  }

  @Test
  void goQuoteEscapesLikeGo() {
    assertThat(GoQuote.quote("a\"b\\c\n")).isEqualTo("\"a\\\"b\\\\c\\n\"");
  }
}
