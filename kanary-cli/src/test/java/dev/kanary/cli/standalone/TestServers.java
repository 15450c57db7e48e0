package dev.kanary.cli.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kanary.cli.Main;
import dev.kanary.server.KanaryServer;
import dev.kanary.server.ServerConfig;
import dev.kanary.server.replica.SelfCommand;
import java.nio.file.Path;

/** A real standalone server for tests: free loopback ports, replicas from this classpath. */
public final class TestServers {
  private TestServers() {}

  public static KanaryServer start(Path dataDir) {
    return KanaryServer.start(ServerConfig.defaults(dataDir,
        SelfCommand.of(Main.class, dataDir.resolve("run"))).withPorts(0, 0));
  }

  public static ApiClient client(KanaryServer server) {
    return new ApiClient(server.apiPort(), server.token().value());
  }

  /** The condition of that type in an object's or a status's conditions. */
  public static JsonNode condition(JsonNode objectOrStatus, String type) {
    JsonNode conditions = objectOrStatus.has("status")
        ? objectOrStatus.at("/status/conditions")
        : objectOrStatus.at("/conditions");
    for (JsonNode condition : conditions) {
      if (condition.at("/type").asText().equals(type)) {
        return condition;
      }
    }
    throw new AssertionError("no " + type + " condition in " + objectOrStatus);
  }
}
