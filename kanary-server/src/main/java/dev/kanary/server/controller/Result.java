package dev.kanary.server.controller;

import java.time.Duration;
import java.util.Optional;

/** What a reconcile asks of the queue once it returns normally. */
public record Result(Optional<Duration> requeueAfter) {

  private static final Result DONE = new Result(Optional.empty());

  public static Result done() {
    return DONE;
  }

  /** Look again after a delay, without counting as a failure (no back-off). */
  public static Result requeueAfter(Duration delay) {
    return new Result(Optional.of(delay));
  }

  /** The earlier of two requests: done only when both are done. */
  public Result and(Result other) {
    if (requeueAfter.isEmpty()) {
      return other;
    }
    if (other.requeueAfter.isEmpty()) {
      return this;
    }
    return requeueAfter.get().compareTo(other.requeueAfter.get()) <= 0 ? this : other;
  }
}
