package dev.kanary.modelserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelServerConfigTest {
  private static final ModelServerConfig BASE = ModelServerConfig.of(Path.of("m"), "iris");

  @ParameterizedTest(name = "http {0}, grpc {1}")
  @CsvSource(
      nullValues = "none",
      textBlock =
          """
          8080, none, true
          8080, 8080, true
          8080, 9000, false
          0,    none, true
          0,    0,    false
          """)
  void grpcSharesTheHttpPortUnlessGivenAnotherOne(int http, Integer grpc, boolean shares) {
    ModelServerConfig config = BASE.withHttpPort(http);
    if (grpc != null) {
      config = config.withGrpcPort(grpc);
    }

    assertThat(config.grpcSharesHttpPort()).isEqualTo(shares);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          a name with a colon  | a:b  | 8080  | 1 | model name "a:b" must be non-empty, without '/' or ':'
          a blank name         | ' '  | 8080  | 1 | model name " " must be non-empty, without '/' or ':'
          a port out of range  | iris | 70000 | 1 | port 70000 is not between 0 and 65535
          a batch of zero      | iris | 8080  | 0 | max batch must be at least 1, got 0
          """)
  void refusesSettingsItCannotServe(String what, String name, int port, int batch, String message) {
    assertThatThrownBy(() -> ModelServerConfig.of(Path.of("m"), name).withHttpPort(port).withMaxBatch(batch))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
