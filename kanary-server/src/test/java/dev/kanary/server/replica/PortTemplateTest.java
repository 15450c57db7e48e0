package dev.kanary.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PortTemplateTest {
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
    "--http_port={{.Port}}|--http_port=8000",
    "--grpc_port={{.GrpcPort}}|--grpc_port=9000",
    "{{.Port}}:{{.Port}}:{{.GrpcPort}}|8000:8000:9000",
    "--model_name={{.Name}}|--model_name={{.Name}}",
    "{{ .Port }}|{{ .Port }}",
  })
  void substitutesThePortsOnly(String text, String wanted) {
    assertThat(PortTemplate.substitute(text, 8000, 9000)).isEqualTo(wanted);
  }

  @Test
  void substitutesCommandAndEnvironmentAndTellsWhetherAGrpcPortIsWanted() {
    ReplicaSpec spec = spec(List.of("server", "--port={{.Port}}"), Map.of("G", "{{.GrpcPort}}"));

    assertThat(PortTemplate.command(spec, 1, 2)).containsExactly("server", "--port=1");
    assertThat(PortTemplate.environment(spec, 1, 2)).containsExactly(Map.entry("G", "2"));
    assertThat(PortTemplate.wantsGrpcPort(spec)).isTrue();
    assertThat(PortTemplate.wantsGrpcPort(spec(List.of("s", "{{.GrpcPort}}"), Map.of())))
        .isTrue();
    assertThat(PortTemplate.wantsGrpcPort(spec(List.of("s", "{{.Port}}"), Map.of()))).isFalse();
  }

  private static ReplicaSpec spec(List<String> command, Map<String, String> environment) {
    return new ReplicaSpec("r", "rev", command, environment, Path.of("."), Path.of("r.log"),
        ReadinessProbe.httpGet("/"));
  }
}
