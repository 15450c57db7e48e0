package dev.kanary.operator.standard;

/** Labels and annotations on the objects Standard mode writes. */
public final class StandardLabels {
  /** On each revision's Deployment, Service and pods: the revision's name; the pods' selector. */
  public static final String REVISION = "serving.kanary.io/revision";

  /** On each revision's Deployment: its number, which only grows as the pod template changes. */
  public static final String GENERATION = "serving.kanary.io/configurationGeneration";

  /** On each revision's Deployment: a hash of the pod template it was created from. */
  public static final String TEMPLATE_HASH = "serving.kanary.io/template-hash";

  /** On an HTTPRoute that serves one tag's host: the tag. */
  public static final String TAG = "serving.kanary.io/tag";

  private StandardLabels() {}
}
