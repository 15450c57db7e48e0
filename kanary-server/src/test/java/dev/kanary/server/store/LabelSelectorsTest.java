package dev.kanary.server.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelSelectorsTest {
  private static final Map<String, String> LABELS =
      Map.of("app", "iris", "tier", "gold", "empty", "", "serving.kserve.io/isvc", "sk", "n", "7");

  static Stream<Arguments> matching() {
    return Stream.of(
        argumentSet("equals", "app=iris", true),
        argumentSet("equals, other value", "app=wine", false),
        argumentSet("double equals", "app==iris", true),
        argumentSet("not equals, other value", "app!=wine", true),
        argumentSet("not equals, same value", "app!=iris", false),
        argumentSet("not equals, absent label", "color!=red", true),
        argumentSet("exists", "tier", true),
        argumentSet("exists, absent", "color", false),
        argumentSet("does not exist", "!color", true),
        argumentSet("does not exist, present", "!tier", false),
        argumentSet("in", "tier in (silver,gold)", true),
        argumentSet("in, no value matches", "tier in (silver,bronze)", false),
        argumentSet("in, absent label", "color in (red)", false),
        argumentSet("notin", "tier notin (silver)", true),
        argumentSet("notin, value listed", "tier notin (silver,gold)", false),
        argumentSet("notin, absent label", "color notin (red)", true),
        argumentSet("empty value", "empty=", true),
        argumentSet("empty value in a list", "empty in (x,)", true),
        argumentSet("prefixed key", "serving.kserve.io/isvc=sk", true),
        argumentSet("greater than", "n>5", true),
        argumentSet("greater than, not", "n>7", false),
        argumentSet("less than", "n<8", true),
        argumentSet("greater than, not a number", "app>1", false),
        argumentSet("keyword as a value", "app!=in", true),
        argumentSet("all of several", "app=iris,tier in (gold),!color", true),
        argumentSet("one of several fails", "app=iris,tier=silver", false),
        argumentSet("whitespace around tokens", "  app = iris ,  tier  in ( gold , x )  ", true),
        argumentSet("blank", "  ", true));
  }

  @ParameterizedTest
  @MethodSource("matching")
  void matches(String selector, boolean expected) {
    assertThat(LabelSelectors.parse(selector).matches(LABELS)).isEqualTo(expected);
  }

  @Test
  void nullSelectsEverything() {
    assertThat(LabelSelectors.parse(null)).isSameAs(LabelSelector.EVERYTHING);
  }

  @Test
  void rendersCanonically() {
    assertThat(LabelSelectors.parse("a==b, c in (y,x),!d,e,f notin (z),g!=h,n>1"))
        .hasToString("a=b,c in (x,y),!d,e,f notin (z),g!=h,n>1");
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        argumentSet("in without parentheses", "a in x",
            "found 'x', expected '(' after 'in'"),
        argumentSet("empty value list", "a in ()",
            "'in' needs at least one value between the parentheses"),
        argumentSet("unclosed list", "a notin (x,y",
            "found end of string, expected ',' or ')'"),
        argumentSet("trailing comma", "a=b,",
            "found end of string, expected a label key"),
        argumentSet("leading comma", ",a", "found ',', expected a label key"),
        argumentSet("operator without key", "=b", "found '=', expected a label key"),
        argumentSet("keyword as key", "in=b", "found 'in', expected a label key"),
        argumentSet("two values", "a=b c",
            "found 'c', expected ',' or end of string"),
        argumentSet("negated with a value", "!a=b",
            "found '=', expected ',' or end of string"),
        argumentSet("unknown operator", "a b", "found 'b', expected one of =, ==, !=, in,"),
        argumentSet("value where a list item should be", "a in (=)",
            "found '=', expected a label value"),
        argumentSet("invalid key", "-a=b", "invalid label key \"-a\": name part must"),
        argumentSet("invalid value", "a=b$", "invalid label value \"b$\": a valid label must"),
        argumentSet("too long value", "a=" + "v".repeat(64),
            "must be no more than 63 characters"),
        argumentSet("non-integer bound", "a>b",
            "for '>' and '<' the value must be an integer, found 'b'"));
  }

  @ParameterizedTest
  @MethodSource("syntaxErrors")
  void rejects(String selector, String problem) {
    assertThatThrownBy(() -> LabelSelectors.parse(selector))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid label selector \"" + selector + "\": ")
        .hasMessageContaining(problem);
  }
}
