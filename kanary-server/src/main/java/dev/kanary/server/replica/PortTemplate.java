package dev.kanary.server.replica;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The port placeholders in a replica's command and environment, as in KServe's runtimes. */
final class PortTemplate {
  static final String PORT = "{{.Port}}";
  static final String GRPC_PORT = "{{.GrpcPort}}";

  private PortTemplate() {}

  /** Whether the replica needs a gRPC port of its own. */
  static boolean wantsGrpcPort(ReplicaSpec spec) {
    return spec.command().stream().anyMatch(a -> a.contains(GRPC_PORT))
        || spec.environment().values().stream().anyMatch(v -> v.contains(GRPC_PORT));
  }

  static List<String> command(ReplicaSpec spec, int port, int grpcPort) {
    return spec.command().stream().map(a -> substitute(a, port, grpcPort)).toList();
  }

  static Map<String, String> environment(ReplicaSpec spec, int port, int grpcPort) {
    return spec.environment().entrySet().stream()
        .collect(
            Collectors.toMap(Map.Entry::getKey, e -> substitute(e.getValue(), port, grpcPort)));
  }

  static String substitute(String text, int port, int grpcPort) {
    return text.replace(PORT, Integer.toString(port))
        .replace(GRPC_PORT, Integer.toString(grpcPort));
  }
}
