package dev.kanary.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DeadlineTimerTest {
  private static final DefaultEventLoopGroup LOOPS = new DefaultEventLoopGroup(1);
  private final EventLoop loop = LOOPS.next();
  private final DeadlineTimer timer = new DeadlineTimer(loop);
  /** What ran, with when it ran relative to its deadline (nanoseconds, never negative). */
  private final List<String> ran = new CopyOnWriteArrayList<>();

  @AfterAll
  static void stopLoop() {
    LOOPS.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void runsWhatIsArmedOnceItsDeadlinePassed() {
    long deadline = inMillis(50);
    onLoop(() -> timer.arm(deadline, task("first", deadline)));

    await().atMost(Duration.ofSeconds(5)).until(() -> !ran.isEmpty());
    sleep(100);
    assertThat(ran).containsExactly("first on time");
  }

  @Test
  void aLaterDeadlineArmedAfterTheFirstWasDisarmedRunsAtItsOwnTime() {
    long first = inMillis(40);
    Runnable firstTask = task("first", first);
    onLoop(() -> timer.arm(first, firstTask));
    onLoop(() -> timer.disarm(firstTask));
    long second = inMillis(200);
    onLoop(() -> timer.arm(second, task("second", second)));

    await().atMost(Duration.ofSeconds(5)).until(() -> !ran.isEmpty());
    sleep(100);
    assertThat(ran).containsExactly("second on time");
  }

  @Test
  void anEarlierDeadlineThanTheScheduledOneRunsAtItsOwnTime() {
    long late = inMillis(5_000);
    onLoop(() -> timer.arm(late, task("late", late)));
    long early = inMillis(50);
    onLoop(() -> timer.arm(early, task("early", early)));

    await().atMost(Duration.ofSeconds(2)).until(() -> !ran.isEmpty());
    assertThat(ran).containsExactly("early on time");
  }

  @Test
  void disarmingSomethingElseLeavesWhatIsArmed() {
    long deadline = inMillis(50);
    onLoop(() -> timer.arm(deadline, task("armed", deadline)));
    onLoop(() -> timer.disarm(() -> {}));

    await().atMost(Duration.ofSeconds(5)).until(() -> !ran.isEmpty());
    assertThat(ran).containsExactly("armed on time");
  }

  @Test
  void nothingRunsOnceDisarmedOrClosed() {
    long deadline = inMillis(30);
    Runnable disarmed = task("disarmed", deadline);
    onLoop(() -> timer.arm(deadline, disarmed));
    onLoop(() -> timer.disarm(disarmed));
    DeadlineTimer other = new DeadlineTimer(loop);
    onLoop(() -> other.arm(deadline, task("closed", deadline)));
    onLoop(other::close);

    sleep(300);
    assertThat(ran).isEmpty();
  }

  private Runnable task(String name, long deadline) {
    return () -> {
      assertThat(loop.inEventLoop()).isTrue();
      ran.add(name + (System.nanoTime() - deadline >= 0 ? " on time" : " too early"));
    };
  }

  private void onLoop(Runnable action) {
    loop.submit(action).syncUninterruptibly();
  }

  private static long inMillis(long millis) {
    return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
