package dev.kanary.cli;

import java.time.Duration;

/** How often commands that wait ask the server again. */
final class Polling {
  static final Duration INTERVAL = Duration.ofMillis(250);

  private Polling() {}
}
