package dev.kanary.core.traffic.edit;

/**
 * One parsed {@code --traffic} value.
 *
 * @param ref a tag, a revision name or {@link TrafficFlags#LATEST}; a tag wins when both match
 * @param percent 0..100
 */
public record TrafficShare(String ref, int percent) {

  public boolean isLatest() {
    return TrafficFlags.LATEST.equals(ref);
  }
}
