package dev.kanary.server.replica;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What to run as one replica. In {@code command} and in environment values, {@code {{.Port}}} and
 * {@code {{.GrpcPort}}} stand for the loopback ports the supervisor picks at each (re)start; every
 * other substitution (model name and directory) is the caller's. The supervisor also sets
 * {@code PORT} (Knative's convention) and {@link SupervisorLink#PID_ENV}, on top of its own
 * environment.
 *
 * @param name unique among the supervisor's replicas; it names the replica's pid file
 * @param revision the revision the replica serves, for statuses
 * @param logFile where the process's stdout and stderr are appended
 */
public record ReplicaSpec(
    String name,
    String revision,
    List<String> command,
    Map<String, String> environment,
    Path workingDirectory,
    Path logFile,
    ReadinessProbe readiness) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,252}");

  public ReplicaSpec {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("replica name must be 1 to 253 letters, digits, '.', '_'"
          + " or '-', starting with a letter or digit; got " + quote(name));
    }
    if (revision == null || revision.isBlank()) {
      throw new IllegalArgumentException("replica " + name + ": revision is required");
    }
    if (command == null || command.isEmpty() || command.stream().anyMatch(a -> a == null)
        || command.get(0).isBlank()) {
      throw new IllegalArgumentException(
          "replica " + name + ": command must name a program, with no null argument; got "
              + command);
    }
    command = List.copyOf(command);
    environment = environment == null ? Map.of() : environment;
    environment.forEach(
        (key, value) -> {
          if (key == null || key.isEmpty() || value == null) {
            throw new IllegalArgumentException("replica " + name + ": environment variable "
                + quote(key) + " needs a name and a value; got value " + quote(value));
          }
        });
    environment = Map.copyOf(environment);
    for (String reserved : List.of("PORT", SupervisorLink.PID_ENV)) {
      if (environment.containsKey(reserved)) {
        throw new IllegalArgumentException("replica " + name + ": environment must not set "
            + reserved + ", the supervisor sets it; use {{.Port}} for the replica's port");
      }
    }
    require(workingDirectory, name, "workingDirectory");
    require(logFile, name, "logFile");
    require(readiness, name, "readiness");
  }

  private static void require(Object value, String name, String field) {
    if (value == null) {
      throw new IllegalArgumentException("replica " + name + ": " + field + " is required");
    }
  }

  private static String quote(String s) {
    return s == null ? "null" : "\"" + s + "\"";
  }
}
