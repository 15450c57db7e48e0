package dev.kanary.server.revision;

import java.time.Duration;
import java.util.Optional;

/**
 * How many replicas a revision should run now, and when the answer may change on its own (a grace
 * period or keep-warm window ending), so the reconciler can look again then.
 */
public record ScaleDecision(int replicas, Optional<Duration> recheckIn) {

  static ScaleDecision of(int replicas) {
    return new ScaleDecision(replicas, Optional.empty());
  }

  static ScaleDecision until(int replicas, Duration remaining) {
    return new ScaleDecision(replicas, Optional.of(remaining));
  }
}
