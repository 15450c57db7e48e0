package dev.kanary.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.server.gateway.GatewaySettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** The gateway's switches of {@code kanary server}, as they reach the server's configuration. */
class ServerCommandTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "'', true, true",
      "--no-retry-on-reset, true, false",
      "--retry-on-reset, true, true",
      "--no-revision-header, false, true",
      "--no-revision-header --no-retry-on-reset, false, false"})
  void gatewaySwitches(String flags, boolean revisionHeader, boolean retryOnReset) {
    ServerCommand command = new ServerCommand();
    String[] args = flags.isEmpty() ? new String[0] : flags.split(" ");
    new CommandLine(command).parseArgs(args);

    GatewaySettings gateway = command.config().gateway();

    assertThat(gateway.revisionHeader()).isEqualTo(revisionHeader);
    assertThat(gateway.retryOnReset()).isEqualTo(retryOnReset);
    assertThat(gateway.replayBytes()).isEqualTo(GatewaySettings.DEFAULT_REPLAY_BYTES);
  }
}
