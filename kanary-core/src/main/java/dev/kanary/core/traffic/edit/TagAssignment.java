package dev.kanary.core.traffic.edit;

/**
 * One parsed {@code --tag} value.
 *
 * @param revision a revision name or {@link TrafficFlags#LATEST}
 * @param tag the tag to give it
 */
public record TagAssignment(String revision, String tag) {

  public boolean isLatest() {
    return TrafficFlags.LATEST.equals(revision);
  }
}
