package dev.kanary.server.gateway;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timeout of a client connection's exchanges, one after another, on the connection's loop.
 * A scheduled task is not moved when a later deadline is armed: when it runs before the deadline
 * armed by then, it schedules itself again for that one. A keep-alive connection thus schedules
 * about once per timeout, not once per request (scheduling and cancelling a task per request was
 * 3% of the gateway's CPU time under load).
 */
final class DeadlineTimer {
  private final EventLoop loop;
  private ScheduledFuture<?> scheduled;
  private long scheduledFor;
  private long deadline;
  private Runnable onExpiry;

  DeadlineTimer(EventLoop loop) {
    this.loop = loop;
  }

  /**
   * Runs {@code onExpiry} on the loop once {@code deadline} ({@link System#nanoTime()}) passed,
   * unless it is disarmed first; replaces what was armed.
   */
  void arm(long deadline, Runnable onExpiry) {
    this.deadline = deadline;
    this.onExpiry = onExpiry;
    if (scheduled == null || scheduledFor - deadline > 0) {
      if (scheduled != null) {
        scheduled.cancel(false);
      }
      schedule();
    }
  }

  /** {@code onExpiry} will not run, if it is what is armed. */
  void disarm(Runnable onExpiry) {
    if (this.onExpiry == onExpiry) {
      this.onExpiry = null;
    }
  }

  /** The connection closed: nothing stays scheduled for it. */
  void close() {
    onExpiry = null;
    if (scheduled != null) {
      scheduled.cancel(false);
      scheduled = null;
    }
  }

  private void schedule() {
    scheduledFor = deadline;
    scheduled = loop.schedule(this::expire, deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
  }

  private void expire() {
    scheduled = null;
    Runnable due = onExpiry;
    if (due == null) {
      return;
    }
    if (System.nanoTime() - deadline >= 0) {
      onExpiry = null;
      due.run();
    } else {
      schedule();
    }
  }
}
