package dev.kanary.core.traffic.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficFlagParserTest {

  @Test
  void readsRepeatedFlagsAndCommaListsInOrder() {
    TrafficFlags flags = TrafficFlags.none()
        .withTraffic("a=10,b=20%", "70")
        .withTag("a=x", "y,b=z")
        .withUntag("old,older", "oldest");

    ParsedTrafficFlags parsed = TrafficFlagParser.parse(flags);

    assertThat(parsed.shares()).containsExactly(
        new TrafficShare("a", 10), new TrafficShare("b", 20), new TrafficShare("@latest", 70));
    assertThat(parsed.tags()).containsExactly(
        new TagAssignment("a", "x"), new TagAssignment("@latest", "y"),
        new TagAssignment("b", "z"));
    assertThat(parsed.untags()).containsExactly("old", "older", "oldest");
    assertThat(parsed.trafficChanged()).isTrue();
    assertThat(parsed.percentSum()).isEqualTo(100);
  }

  @Test
  void anEmptyOccurrenceHasNoValueButStillCountsAsGiven() {
    ParsedTrafficFlags parsed = TrafficFlagParser.parse(TrafficFlags.none().withTraffic(""));

    assertThat(parsed.shares()).isEmpty();
    assertThat(parsed.trafficChanged()).isTrue();
    assertThat(TrafficFlagParser.parse(TrafficFlags.none()).trafficChanged()).isFalse();
  }

  @Test
  void keepsAnEmptyItemInsideAList() {
    assertThat(TrafficFlagParser.values(List.of("a,,b", "c,")))
        .containsExactly("a", "", "b", "c", "");
  }

  @Test
  void dropsOneTrailingPercentSignOfAPairEvenInATag() {
    ParsedTrafficFlags parsed = TrafficFlagParser.parse(
        TrafficFlags.none().withTag("echo-v1=v1%").withTraffic("echo-v1=100%"));

    assertThat(parsed.tags()).containsExactly(new TagAssignment("echo-v1", "v1"));
    assertThat(parsed.shares()).containsExactly(new TrafficShare("echo-v1", 100));
  }

  @Test
  void aBarePercentKeepsItsPercentSign() {
    assertThatThrownBy(() -> TrafficFlagParser.parse(TrafficFlags.none().withTraffic("50%")))
        .hasMessage("error converting given 50% to integer value for traffic distribution");
  }

  @Test
  void readsPercentsAsStrconvAtoiDoes() {
    assertThat(TrafficFlagParser.parse(TrafficFlags.none().withTraffic("a=+007,b=-0")).shares())
        .containsExactly(new TrafficShare("a", 7), new TrafficShare("b", 0));
    assertThatThrownBy(
            () -> TrafficFlagParser.parse(TrafficFlags.none().withTraffic("a=\u0665\u0660")))
        .hasMessage(
            "error converting given \u0665\u0660 to integer value for traffic distribution");
    assertThatThrownBy(() -> TrafficFlagParser.parse(TrafficFlags.none().withTraffic("a= 5")))
        .hasMessage("error converting given  5 to integer value for traffic distribution");
    assertThatThrownBy(() -> TrafficFlagParser.parse(TrafficFlags.none().withTraffic("a=%")))
        .hasMessage("error converting given  to integer value for traffic distribution");
    assertThatThrownBy(
            () -> TrafficFlagParser.parse(TrafficFlags.none().withTraffic("a=9223372036854775808")))
        .hasMessage("error converting given 9223372036854775808 to integer value for traffic "
            + "distribution");
    assertThatThrownBy(
            () -> TrafficFlagParser.parse(TrafficFlags.none().withTraffic("a=9223372036854775807")))
        .hasMessage("invalid value for traffic percent 9223372036854775807, "
            + "expected 0 <= percent <= 100");
  }

  @Test
  void rejectsAPairWithAnEmptySide() {
    assertThatThrownBy(() -> TrafficFlagParser.parse(TrafficFlags.none().withTag("=v1")))
        .hasMessage("expecting the value format in value1=value2, given =v1");
  }

  @Test
  void checksTagsBeforeTrafficAndValuesInOrder() {
    TrafficFlags flags = TrafficFlags.none()
        .withTraffic("a=1=2")
        .withTag("@latest=x,@latest=y,b=");

    assertThatThrownBy(() -> TrafficFlagParser.parse(flags))
        .hasMessage(
            "repetition of identifier @latest is not allowed, use only once with --tag flag");
  }

  @Test
  void reportsARepeatedReferenceBeforeItsBadPercent() {
    assertThatThrownBy(() -> TrafficFlagParser.parse(TrafficFlags.none().withTraffic("a=1,a=x")))
        .hasMessage("repetition of revision reference a is not allowed, "
            + "use only once with --traffic flag");
  }
}
