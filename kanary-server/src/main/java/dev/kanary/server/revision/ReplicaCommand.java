package dev.kanary.server.revision;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.server.replica.SelfCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The replica contract (DESIGN.md): a revision's container as a local command line. KServe's
 * {@code /mnt/models} and {@code {{.ModelDir}}} become the fetched model directory; a leading
 * {@code kanary} is this very kanary; Knative's and KServe's environment is added.
 * {@code {{.Port}}} and {@code {{.GrpcPort}}} stay for the supervisor, which picks ports per start.
 */
public final class ReplicaCommand {
  /** Where KServe's storage initializer puts the model; runtimes' args name it. */
  static final String KSERVE_MODEL_MOUNT = "/mnt/models";

  private ReplicaCommand() {}

  /**
   * @param env the replica's environment, for {@code $(VAR)} references; {@code $(PORT)} means
   *     the port the supervisor picks, as {@code {{.Port}}} does
   */
  public static List<String> command(
      Container container, Path modelDir, SelfCommand kanary, Map<String, String> env) {
    Map<String, String> references = new LinkedHashMap<>(env);
    references.put("PORT", "{{.Port}}");
    List<String> line = new ArrayList<>(kanary.resolve(container.command()));
    line.addAll(container.args());
    return line.stream()
        .map(arg -> EnvExpansion.expand(substitute(arg, modelDir), references))
        .toList();
  }

  public static Map<String, String> environment(
      Revision revision, Container container, String modelName, Path modelDir) {
    Map<String, String> env = new LinkedHashMap<>();
    String service = revision.metadata().label(ServingLabels.SERVICE);
    env.put("K_SERVICE", service == null ? "" : service);
    env.put("K_CONFIGURATION",
        revision.metadata().labels().getOrDefault(ServingLabels.CONFIGURATION, ""));
    env.put("K_REVISION", revision.metadata().name());
    env.put("MODEL_NAME", modelName);
    env.put("MODEL_DIR", modelDir.toString());
    for (EnvVar var : container.env()) {
      if (var.name() != null && var.value() != null) {
        env.put(var.name(), substitute(var.value(), modelDir));
      }
    }
    return env;
  }

  private static String substitute(String value, Path modelDir) {
    return value.replace("{{.ModelDir}}", modelDir.toString())
        .replace(KSERVE_MODEL_MOUNT, modelDir.toString());
  }
}
