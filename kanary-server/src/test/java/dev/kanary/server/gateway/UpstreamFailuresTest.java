package dev.kanary.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.timeout.ReadTimeoutException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.channels.ClosedChannelException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpstreamFailuresTest {
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("the replica closed the connection",
            new UpstreamFailures.ConnectionLost("the replica closed the connection"), true),
        Arguments.of("the replica reset the stream",
            new UpstreamFailures.ConnectionLost("the replica reset the stream (8)"), true),
        Arguments.of("Netty's native reset",
            new IOException("recvAddress(..) failed: Connection reset by peer"), true),
        Arguments.of("JDK reset", new IOException("Connection reset"), true),
        Arguments.of("a reset under another exception",
            new DecoderException(new IOException("Connection reset by peer")), true),
        Arguments.of("broken pipe", new IOException("writev(..) failed: Broken pipe"), true),
        Arguments.of("a write to a closed channel", new ClosedChannelException(), true),
        Arguments.of("premature closure", new PrematureChannelClosureException(), true),
        Arguments.of("refused (nothing was sent)", new ConnectException("Connection refused"),
            false),
        Arguments.of("connect timeout", new ConnectTimeoutException("connection timed out"),
            false),
        Arguments.of("read timeout", ReadTimeoutException.INSTANCE, false),
        Arguments.of("a response that is not HTTP", new DecoderException("invalid version"),
            false),
        Arguments.of("another I/O error", new IOException("No route to host"), false),
        Arguments.of("an I/O error without a message", new IOException(), false),
        Arguments.of("a bug", new NullPointerException(), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("failures")
  void aLostConnectionIsToldFromOtherFailures(String name, Throwable failure, boolean lost) {
    assertThat(UpstreamFailures.connectionLost(failure)).isEqualTo(lost);
  }
}
