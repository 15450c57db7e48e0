package dev.kanary.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.util.EventLoopGroups;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP/1.1 pool of replica connections: reuse, and the sweep of idle ones. */
class UpstreamPoolsTest {
  private final EventLoopGroup group = EventLoopGroups.newEventLoopGroup(1);
  private final EventLoop loop = group.next();
  private final AtomicInteger accepted = new AtomicInteger();
  /** When each accepted connection was closed by the pool ({@link System#nanoTime()}). */
  private final ConcurrentLinkedQueue<Long> closedAt = new ConcurrentLinkedQueue<>();
  private ServerSocket replica;
  private UpstreamPools pools;

  @BeforeEach
  void startReplica() throws IOException {
    replica = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!replica.isClosed()) {
        try {
          Socket socket = replica.accept();
          accepted.incrementAndGet();
          Thread.ofVirtual().start(() -> awaitClose(socket));
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  @AfterEach
  void stop() throws IOException {
    pools.close();
    replica.close();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }

  @Test
  void aConnectionGivenBackIsTakenAgain() {
    pools = new UpstreamPools(group, EventLoopGroups.socketChannelType(group),
        Duration.ofSeconds(30), Duration.ofMillis(50));

    Set<UpstreamConnection> taken = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      UpstreamConnection connection = acquire();
      taken.add(connection);
      onLoop(() -> connection.release(true));
    }

    assertThat(taken).hasSize(1);
    // The replica's accepting thread may count a moment after the client side connected.
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(accepted).hasValue(1));
    assertThat(closedAt).isEmpty();
  }

  @Test
  void aConnectionIdleLongerThanTheLimitIsClosedAndANewOneOpened() {
    Duration idle = Duration.ofMillis(300);
    pools = new UpstreamPools(group, EventLoopGroups.socketChannelType(group), idle,
        Duration.ofMillis(50));
    UpstreamConnection first = acquire();
    long givenBack = System.nanoTime();
    onLoop(() -> first.release(true));

    await().atMost(Duration.ofSeconds(5)).until(() -> !closedAt.isEmpty());

    assertThat(closedAt.peek() - givenBack).isGreaterThanOrEqualTo(idle.toNanos());
    UpstreamConnection second = acquire();
    assertThat(second).isNotSameAs(first);
    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(accepted).hasValue(2));
  }

  @Test
  void aConnectionNotGivenBackIsNotSwept() {
    pools = new UpstreamPools(group, EventLoopGroups.socketChannelType(group),
        Duration.ofMillis(50), Duration.ofMillis(20));
    UpstreamConnection held = acquire();

    sleep(300);

    assertThat(held.channel().isActive()).isTrue();
    assertThat(closedAt).isEmpty();
  }

  private UpstreamConnection acquire() {
    CompletableFuture<UpstreamConnection> connected = new CompletableFuture<>();
    onLoop(() -> pools.acquire(loop, replica.getLocalPort(), false, (connection, error) -> {
      if (error != null) {
        connected.completeExceptionally(error);
      } else {
        connected.complete(connection);
      }
    }));
    return connected.orTimeout(5, TimeUnit.SECONDS).join();
  }

  private void onLoop(Runnable action) {
    loop.submit(action).syncUninterruptibly();
  }

  private void awaitClose(Socket socket) {
    try (socket; InputStream in = socket.getInputStream()) {
      while (in.read() != -1) {
        // Nothing is sent on these connections.
      }
      closedAt.add(System.nanoTime());
    } catch (IOException e) {
      closedAt.add(System.nanoTime());
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
