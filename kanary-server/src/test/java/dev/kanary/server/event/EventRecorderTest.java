package dev.kanary.server.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EventRecorderTest {
  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
  private static final InvolvedObject POD = InvolvedObject.pod("ns", "p-1");

  private final MutableClock clock = new MutableClock();

  @Test
  void theSameEventAgainIsCountedAndMovesToTheEnd() {
    EventRecorder recorder = new EventRecorder(clock);
    recorder.warning(POD, "BackOff", "Back-off restarting failed container", "s");
    recorder.normal(POD, "Started", "Started container", "s");
    clock.advance(Duration.ofSeconds(30));
    recorder.warning(POD, "BackOff", "Back-off restarting failed container", "s");

    assertThat(recorder.list("ns")).extracting(KubeEvent::reason, KubeEvent::count)
        .containsExactly(tuple("Started", 1),
            tuple("BackOff", 2));
    KubeEvent backOff = recorder.list("ns").get(1);
    assertThat(backOff.firstTimestamp()).isEqualTo(T0);
    assertThat(backOff.lastTimestamp()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void theOldestEventsLeaveAFullRing() {
    EventRecorder recorder = new EventRecorder(clock, 2);
    for (int i = 1; i <= 3; i++) {
      recorder.normal(POD, "Started", "try " + i, "s");
    }

    assertThat(recorder.list(null)).extracting(KubeEvent::message).containsExactly("try 2", "try 3");
  }

  @Test
  void aNamespaceSeesOnlyItsEvents() {
    EventRecorder recorder = new EventRecorder(clock);
    recorder.normal(POD, "Started", "here", "s");
    recorder.normal(InvolvedObject.pod("other", "p-2"), "Started", "there", "s");

    assertThat(recorder.list("ns")).extracting(KubeEvent::message).containsExactly("here");
    assertThat(recorder.list(null)).hasSize(2);
  }

  @Test
  void eventsAreKubernetesEventDocumentsWithDistinctNames() {
    EventRecorder recorder = new EventRecorder(clock);
    recorder.normal(POD, "Started", "one", "replica-supervisor");
    recorder.normal(POD, "Started", "two", "replica-supervisor");

    JsonNode json = recorder.list("ns").get(0).toJson();
    assertThat(json.at("/kind").asText()).isEqualTo("Event");
    assertThat(json.at("/metadata/namespace").asText()).isEqualTo("ns");
    assertThat(json.at("/metadata/name").asText()).startsWith("p-1.");
    assertThat(json.at("/involvedObject/kind").asText()).isEqualTo("Pod");
    assertThat(json.at("/involvedObject/name").asText()).isEqualTo("p-1");
    assertThat(json.at("/type").asText()).isEqualTo("Normal");
    assertThat(json.at("/source/component").asText()).isEqualTo("replica-supervisor");
    assertThat(json.at("/lastTimestamp").asText()).isEqualTo("2026-01-02T03:04:05Z");
    assertThat(json.at("/count").asInt()).isEqualTo(1);
    assertThat(recorder.list("ns").get(1).name()).isNotEqualTo(recorder.list("ns").get(0).name());
  }

  @Test
  void aRingHoldsAtLeastOneEvent() {
    assertThatThrownBy(() -> new EventRecorder(clock, 0))
        .hasMessage("an event ring holds at least 1 event; got 0");
  }

  static final class MutableClock extends Clock {
    private Instant now = T0;

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
