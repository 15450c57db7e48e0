package dev.kanary.core.revision;

/**
 * A revision's {@code serving.knative.dev/routingState} label. Only {@link #RESERVE} revisions may
 * be garbage collected: anything else is routed, about to be, or not yet looked at by the labeler.
 */
public enum RoutingState {
  /** Created, not yet seen by a route. */
  PENDING("pending"),
  /** Referenced by a route's traffic. */
  ACTIVE("active"),
  /** No longer referenced. */
  RESERVE("reserve"),
  /** No label, or a value this version does not know. */
  UNSET("");

  private final String label;

  RoutingState(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  public static RoutingState fromLabel(String value) {
    for (RoutingState state : values()) {
      if (state != UNSET && state.label.equals(value)) {
        return state;
      }
    }
    return UNSET;
  }
}
