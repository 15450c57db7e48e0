package dev.kanary.core.knative;

/** The {@code serving.knative.dev} label and annotation keys that routing and GC read. */
public final class ServingLabels {
  /** On a revision: the Service it belongs to. A Service's route serves only its own revisions. */
  public static final String SERVICE = "serving.knative.dev/service";

  /** On a revision: the configuration that created it. */
  public static final String CONFIGURATION = "serving.knative.dev/configuration";

  /** On a revision: the configuration generation it was created at; numbers its name. */
  public static final String CONFIGURATION_GENERATION = "serving.knative.dev/configurationGeneration";

  /** On a revision: the uid of the Service it belongs to. */
  public static final String SERVICE_UID = "serving.knative.dev/serviceUID";

  /** On a revision: {@code pending}, {@code active} or {@code reserve}, set by the route labeler. */
  public static final String ROUTING_STATE = "serving.knative.dev/routingState";

  /** Annotation on a revision: when its routing state last changed, RFC 3339. */
  public static final String ROUTING_STATE_MODIFIED = "serving.knative.dev/routingStateModified";

  /** Annotation on a revision: {@code "true"} keeps it from garbage collection. */
  public static final String NO_GC = "serving.knative.dev/no-gc";

  private ServingLabels() {}
}
