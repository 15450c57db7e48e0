package dev.kanary.core.runtime;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.kserve.ModelSpec;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.kserve.SupportedModelFormat;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * KServe's runtime selection for a predictor (its ModelSpec.GetSupportingRuntimes and the predictor
 * component's reconcileModel): a custom container runs as is; a model runs on the runtime it names,
 * else on the first auto-select runtime that serves its format (and version and protocol, when
 * given). The chosen runtime's container is merged with the model's ({@link ContainerMerge}).
 *
 * <p>Runtimes are ServingRuntimes (namespaced: the caller passes only those of the
 * InferenceService's namespace) and ClusterServingRuntimes, told apart by their kind. As in KServe,
 * a ServingRuntime wins over a ClusterServingRuntime of the same name, and when choosing by format
 * every ServingRuntime comes before every ClusterServingRuntime; within each, the highest priority
 * for the format wins (a runtime that gives one before one that does not), then the lowest protocol
 * version, the newest, and the first by name. Disabled and multi-model runtimes are never chosen by
 * format.
 */
public final class RuntimeSelector {
  public static final String DEFAULT_PROTOCOL = "v1";
  /** KServe's protocol versions, in the order it prefers them when a runtime speaks several. */
  private static final List<String> PROTOCOLS = List.of("v1", "v2", "grpc-v1", "grpc-v2");

  private RuntimeSelector() {}

  public static RuntimeChoice select(
      String isvcName, PredictorSpec predictor, List<ServingRuntime> runtimes) {
    return select(isvcName, predictor, runtimes, List.of());
  }

  /**
   * @param runtimes the namespace's ServingRuntimes and the ClusterServingRuntimes
   * @param fallbacks runtimes the cluster does not hold (the operator's built-in one), looked at
   *     only when no runtime in {@code runtimes} has the name asked for or serves the model
   */
  public static RuntimeChoice select(String isvcName, PredictorSpec predictor,
      List<ServingRuntime> runtimes, List<ServingRuntime> fallbacks) {
    Optional<ModelSpec> model = predictor.effectiveModel();
    if (model.isEmpty()) {
      Optional<Container> custom = predictor.customContainer();
      if (custom.isEmpty()) {
        return new RuntimeChoice.Unavailable("InvalidPredictorSpec",
            "spec.predictor needs a model or a container");
      }
      return new RuntimeChoice.Chosen(custom.get(), DEFAULT_PROTOCOL, "", RuntimePod.NONE);
    }
    ModelSpec spec = model.get();
    String named = spec.runtime() == null || spec.runtime().isBlank() ? null : spec.runtime();
    String format = spec.formatName() == null ? "" : spec.formatName();
    String version = spec.modelFormat() == null ? null : spec.modelFormat().version();
    String protocol = spec.protocolVersion();

    ServingRuntime runtime;
    if (named != null) {
      Optional<ServingRuntime> found = byName(runtimes, named).or(() -> byName(fallbacks, named));
      if (found.isEmpty()) {
        return new RuntimeChoice.Unavailable("RuntimeNotRecognized",
            "No ServingRuntimes or ClusterServingRuntimes with the name: " + named);
      }
      runtime = found.get();
      if (runtime.spec().isDisabled()) {
        return new RuntimeChoice.Unavailable("RuntimeDisabled",
            "Specified runtime " + named + " is disabled");
      }
      if (protocol != null && !speaks(runtime, protocol)) {
        return new RuntimeChoice.Unavailable("NoSupportingRuntime",
            "Specified runtime " + named + " does not support specified protocol version");
      }
      if (!serves(runtime, format, version, false)) {
        return new RuntimeChoice.Unavailable("NoSupportingRuntime",
            "Specified runtime " + named + " does not support specified framework/version");
      }
    } else {
      String wanted = protocol == null ? DEFAULT_PROTOCOL : protocol;
      Optional<ServingRuntime> best = supporting(runtimes, format, version, wanted).findFirst()
          .or(() -> supporting(fallbacks, format, version, wanted).findFirst());
      if (best.isEmpty()) {
        return new RuntimeChoice.Unavailable("NoSupportingRuntime",
            "No runtime found to support predictor with model type: " + format);
      }
      runtime = best.get();
    }
    Optional<Container> container = servingContainer(runtime);
    if (container.isEmpty()) {
      return new RuntimeChoice.Unavailable("InvalidRuntime",
          "runtime " + runtime.metadata().name() + " has no container");
    }
    return new RuntimeChoice.Chosen(
        ContainerMerge.merge(container.get(), spec, isvcName),
        protocol != null ? protocol : preferredProtocol(runtime),
        runtime.metadata().name(),
        RuntimePod.of(runtime.spec()));
  }

  /** The runtimes that may serve the model by format, best first (KServe's order). */
  static Stream<ServingRuntime> supporting(
      List<ServingRuntime> runtimes, String format, String version, String protocol) {
    List<ServingRuntime> candidates = runtimes.stream()
        .filter(r -> !r.spec().isDisabled())
        .filter(r -> !r.spec().servesManyModels())
        .filter(r -> speaks(r, protocol))
        .filter(r -> serves(r, format, version, true))
        .toList();
    Comparator<ServingRuntime> order = Comparator
        .<ServingRuntime, Integer>comparing(r -> priority(r, format),
            Comparator.nullsLast(Comparator.reverseOrder()))
        .thenComparingInt(RuntimeSelector::protocolRank)
        .thenComparing(r -> r.metadata().creationTimestamp(),
            Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
        .thenComparing(r -> r.metadata().name());
    return Stream.concat(
        candidates.stream().filter(r -> !r.isClusterScoped()).sorted(order),
        candidates.stream().filter(ServingRuntime::isClusterScoped).sorted(order));
  }

  /** The ServingRuntime of that name, else the ClusterServingRuntime. */
  private static Optional<ServingRuntime> byName(List<ServingRuntime> runtimes, String name) {
    return runtimes.stream()
        .filter(r -> name.equals(r.metadata().name()))
        .min(Comparator.comparing(ServingRuntime::isClusterScoped));
  }

  /** A runtime that lists no protocol speaks any, as in KServe. */
  private static boolean speaks(ServingRuntime runtime, String protocol) {
    List<String> protocols = runtime.spec().protocolVersions();
    return protocols.isEmpty() || protocols.stream().anyMatch(p -> p.equalsIgnoreCase(protocol));
  }

  /**
   * KServe's label match: a model that gives a version needs a runtime format of that name and
   * version; one that gives none, a format of that name. Only auto-select formats count when the
   * runtime is chosen by format.
   */
  private static boolean serves(
      ServingRuntime runtime, String format, String version, boolean byFormat) {
    return runtime.spec().supportedModelFormats().stream()
        .filter(f -> !byFormat || f.isAutoSelect())
        .filter(f -> f.name() != null && f.name().equalsIgnoreCase(format))
        .anyMatch(f -> version == null || version.equals(f.version()));
  }

  /** The priority of the runtime's first entry for the format, or null when it gives none. */
  private static Integer priority(ServingRuntime runtime, String format) {
    return runtime.spec().supportedModelFormats().stream()
        .filter(f -> f.name() != null && f.name().equalsIgnoreCase(format))
        .findFirst()
        .map(SupportedModelFormat::priority)
        .orElse(null);
  }

  private static int protocolRank(ServingRuntime runtime) {
    return runtime.spec().protocolVersions().stream()
        .mapToInt(RuntimeSelector::rank)
        .min()
        .orElse(PROTOCOLS.size());
  }

  private static int rank(String protocol) {
    int index = PROTOCOLS.indexOf(protocol.toLowerCase(Locale.ROOT));
    return index < 0 ? PROTOCOLS.size() : index;
  }

  /** What a model that names no protocol speaks: KServe assigns the runtime's lowest version. */
  private static String preferredProtocol(ServingRuntime runtime) {
    int rank = protocolRank(runtime);
    return rank < PROTOCOLS.size() ? PROTOCOLS.get(rank) : DEFAULT_PROTOCOL;
  }

  /** KServe's kserve-container, else the first container (kanary's runtimes may name it so). */
  private static Optional<Container> servingContainer(ServingRuntime runtime) {
    List<Container> containers = runtime.spec().containers();
    return containers.stream()
        .filter(c -> Objects.equals(PredictorSpec.KSERVE_CONTAINER, c.name()))
        .findFirst()
        .or(() -> containers.stream().findFirst());
  }
}
