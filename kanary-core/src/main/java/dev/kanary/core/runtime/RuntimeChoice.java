package dev.kanary.core.runtime;

import dev.kanary.core.k8s.Container;

/** The container a predictor runs, or why there is none. */
public sealed interface RuntimeChoice {

  /**
   * @param container the merged container, {@code {{.Name}}} already replaced
   * @param protocol v1 or v2, what the readiness probe speaks
   * @param runtime the runtime's name; empty for a custom container
   * @param pod what the runtime adds to the pod around the container
   */
  record Chosen(Container container, String protocol, String runtime, RuntimePod pod)
      implements RuntimeChoice {}

  /** KServe's failure reason (NoSupportingRuntime, RuntimeNotRecognized, ...) and message. */
  record Unavailable(String reason, String message) implements RuntimeChoice {}
}
