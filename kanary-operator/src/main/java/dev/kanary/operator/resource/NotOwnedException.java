package dev.kanary.operator.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * An object the operator would write already exists and is controlled by something else, e.g.
 * another InferenceService whose name makes the same host. The operator leaves it alone.
 */
public final class NotOwnedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotOwnedException(HasMetadata existing) {
    super(existing.getKind() + " " + existing.getMetadata().getNamespace() + "/"
        + existing.getMetadata().getName() + " exists and belongs to something else; rename or"
        + " delete it, or rename the InferenceService");
  }
}
