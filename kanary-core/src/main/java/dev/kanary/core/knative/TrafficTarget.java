package dev.kanary.core.knative;

/**
 * One entry of a Knative traffic block, in spec or in status. Fields are nullable as in Knative:
 * defaulting turns a null {@code latestRevision} into "no revisionName" and a null percent into 0.
 */
public record TrafficTarget(
    String tag,
    String revisionName,
    String configurationName,
    Boolean latestRevision,
    Long percent,
    String url) {

  /** {@code {latestRevision: true, percent: p}}. */
  public static TrafficTarget latest(long percent) {
    return new TrafficTarget(null, null, null, true, percent, null);
  }

  /** {@code {revisionName: r, latestRevision: false, percent: p}}. */
  public static TrafficTarget revision(String revisionName, long percent) {
    return new TrafficTarget(null, revisionName, null, false, percent, null);
  }

  public boolean isLatestRevision() {
    return Boolean.TRUE.equals(latestRevision);
  }

  public long percentOrZero() {
    return percent == null ? 0 : percent;
  }

  public boolean hasTag() {
    return tag != null && !tag.isEmpty();
  }

  public boolean hasRevisionName() {
    return revisionName != null && !revisionName.isEmpty();
  }

  public TrafficTarget withTag(String newTag) {
    return new TrafficTarget(newTag, revisionName, configurationName, latestRevision, percent, url);
  }

  public TrafficTarget withRevisionName(String name) {
    return new TrafficTarget(tag, name, configurationName, latestRevision, percent, url);
  }

  public TrafficTarget withPercent(Long newPercent) {
    return new TrafficTarget(tag, revisionName, configurationName, latestRevision, newPercent, url);
  }

  public TrafficTarget withLatestRevision(Boolean latest) {
    return new TrafficTarget(tag, revisionName, configurationName, latest, percent, url);
  }

  public TrafficTarget withUrl(String newUrl) {
    return new TrafficTarget(tag, revisionName, configurationName, latestRevision, percent, newUrl);
  }
}
