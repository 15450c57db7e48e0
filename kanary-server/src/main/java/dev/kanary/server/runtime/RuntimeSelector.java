package dev.kanary.server.runtime;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.EnvVar;
import dev.kanary.core.kserve.ModelSpec;
import dev.kanary.core.kserve.PredictorSpec;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.kserve.SupportedModelFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * KServe's runtime selection for a predictor: a custom container runs as is; a model names its
 * runtime or gets the highest-priority auto-select runtime that serves its format (and version and
 * protocol, when given); the runtime's container is merged with the model's as KServe does.
 */
public final class RuntimeSelector {
  static final String DEFAULT_PROTOCOL = "v1";
  private static final String NAME_PLACEHOLDER = "{{.Name}}";

  private RuntimeSelector() {}

  public static RuntimeChoice select(
      String isvcName, PredictorSpec predictor, List<ServingRuntime> runtimes) {
    Optional<ModelSpec> model = predictor.effectiveModel();
    if (model.isEmpty()) {
      Optional<Container> custom = predictor.customContainer();
      if (custom.isEmpty()) {
        return new RuntimeChoice.Unavailable("InvalidPredictorSpec",
            "spec.predictor needs a model or a container");
      }
      return new RuntimeChoice.Chosen(custom.get(), DEFAULT_PROTOCOL, "");
    }
    ModelSpec spec = model.get();
    String protocol = spec.protocolVersion() == null ? DEFAULT_PROTOCOL : spec.protocolVersion();
    String format = spec.modelFormat() == null ? "" : spec.modelFormat().name();
    String version = spec.modelFormat() == null ? null : spec.modelFormat().version();

    ServingRuntime runtime;
    if (spec.runtime() != null && !spec.runtime().isBlank()) {
      Optional<ServingRuntime> named = runtimes.stream()
          .filter(r -> r.metadata().name().equals(spec.runtime())).findFirst();
      if (named.isEmpty()) {
        return new RuntimeChoice.Unavailable("RuntimeNotRecognized",
            "No ServingRuntimes or ClusterServingRuntimes with the name: " + spec.runtime());
      }
      runtime = named.get();
      if (runtime.spec().isDisabled()) {
        return new RuntimeChoice.Unavailable("RuntimeDisabled",
            "Specified runtime " + spec.runtime() + " is disabled");
      }
      if (supporting(runtime, format, version, protocol, false).isEmpty()) {
        return new RuntimeChoice.Unavailable("NoSupportingRuntime",
            "Specified runtime " + spec.runtime()
                + " does not support specified framework/version");
      }
    } else {
      Optional<ServingRuntime> best = runtimes.stream()
          .filter(r -> !r.spec().isDisabled())
          .filter(r -> supporting(r, format, version, protocol, true).isPresent())
          .min(Comparator.<ServingRuntime>comparingInt(
                  r -> -priority(supporting(r, format, version, protocol, true).orElseThrow()))
              .thenComparing(r -> r.metadata().name()));
      if (best.isEmpty()) {
        return new RuntimeChoice.Unavailable("NoSupportingRuntime",
            "No runtime found to support predictor with model type: " + format);
      }
      runtime = best.get();
    }
    if (runtime.spec().containers().isEmpty()) {
      return new RuntimeChoice.Unavailable("InvalidRuntime",
          "runtime " + runtime.metadata().name() + " has no container");
    }
    Container merged = merge(runtime.spec().containers().get(0), spec, isvcName);
    return new RuntimeChoice.Chosen(merged, protocol, runtime.metadata().name());
  }

  private static Optional<SupportedModelFormat> supporting(
      ServingRuntime runtime, String format, String version, String protocol, boolean auto) {
    List<String> protocols = runtime.spec().protocolVersions().isEmpty()
        ? List.of(DEFAULT_PROTOCOL)
        : runtime.spec().protocolVersions();
    if (protocols.stream().noneMatch(p -> p.equalsIgnoreCase(protocol))) {
      return Optional.empty();
    }
    return runtime.spec().supportedModelFormats().stream()
        .filter(f -> f.name() != null && f.name().equalsIgnoreCase(format))
        .filter(f -> version == null || f.version() == null || f.version().equals(version))
        .filter(f -> !auto || f.isAutoSelect())
        .findFirst();
  }

  private static int priority(SupportedModelFormat format) {
    return format.priority() == null ? 0 : format.priority();
  }

  /** The runtime's container with the model's command, args, env and resources over it. */
  static Container merge(Container runtime, ModelSpec model, String isvcName) {
    List<String> command = model.command().isEmpty() ? runtime.command() : model.command();
    List<String> args = new ArrayList<>(runtime.args());
    args.addAll(model.args());
    Map<String, EnvVar> env = new LinkedHashMap<>();
    runtime.env().forEach(e -> env.put(e.name(), e));
    model.env().forEach(e -> env.put(e.name(), e));
    return new Container(
        PredictorSpec.KSERVE_CONTAINER,
        runtime.image(),
        command.stream().map(a -> a.replace(NAME_PLACEHOLDER, isvcName)).toList(),
        args.stream().map(a -> a.replace(NAME_PLACEHOLDER, isvcName)).toList(),
        env.values().stream()
            .map(e -> e.value() == null ? e
                : new EnvVar(e.name(), e.value().replace(NAME_PLACEHOLDER, isvcName), e.extra()))
            .toList(),
        model.resources() != null ? model.resources() : runtime.resources(),
        runtime.extra());
  }
}
