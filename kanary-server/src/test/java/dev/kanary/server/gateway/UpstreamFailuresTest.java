package dev.kanary.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.ResponseTimeoutException;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.common.ClosedSessionException;
import com.linecorp.armeria.common.ContentTooLargeException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class UpstreamFailuresTest {
  static Stream<Arguments> failures() {
    return Stream.of(
        Arguments.of("closed session", ClosedSessionException.get(), true),
        Arguments.of("a reset under another exception",
            new IllegalStateException(new IOException("Connection reset by peer")), true),
        Arguments.of("Netty's native reset",
            new IOException("recvAddress(..) failed: Connection reset by peer"), true),
        Arguments.of("JDK reset", new IOException("Connection reset"), true),
        Arguments.of("broken pipe", new IOException("writev(..) failed: Broken pipe"), true),
        Arguments.of("unprocessed (refused)",
            UnprocessedRequestException.of(new ConnectException("Connection refused")), true),
        Arguments.of("response timeout", ResponseTimeoutException.get(), false),
        Arguments.of("body too large", ContentTooLargeException.get(), false),
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
