package dev.kanary.core.traffic.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * The traffic flags of one {@code kn service update}, exactly as typed: one element per
 * occurrence of the flag, each of which may be a comma-separated list ({@code --traffic
 * a=10,b=90}). Nothing is checked here; {@link TrafficFlagParser#parse} does that.
 *
 * @param traffic the {@code --traffic} occurrences: {@code ref=percent}, or a bare percent
 *     meaning {@code @latest=percent}
 * @param tags the {@code --tag} occurrences: {@code revision=tag}, or a bare tag meaning {@code
 *     @latest=tag}
 * @param untags the {@code --untag} occurrences: tag names
 */
public record TrafficFlags(List<String> traffic, List<String> tags, List<String> untags) {

  /** The reference kn resolves to whatever the latest ready revision is. */
  public static final String LATEST = "@latest";

  private static final TrafficFlags NONE = new TrafficFlags(List.of(), List.of(), List.of());

  public TrafficFlags {
    traffic = traffic == null ? List.of() : List.copyOf(traffic);
    tags = tags == null ? List.of() : List.copyOf(tags);
    untags = untags == null ? List.of() : List.copyOf(untags);
  }

  public static TrafficFlags none() {
    return NONE;
  }

  /** These flags plus one {@code --traffic} occurrence per argument. */
  public TrafficFlags withTraffic(String... occurrences) {
    return new TrafficFlags(append(traffic, occurrences), tags, untags);
  }

  /** These flags plus one {@code --tag} occurrence per argument. */
  public TrafficFlags withTag(String... occurrences) {
    return new TrafficFlags(traffic, append(tags, occurrences), untags);
  }

  /** These flags plus one {@code --untag} occurrence per argument. */
  public TrafficFlags withUntag(String... occurrences) {
    return new TrafficFlags(traffic, tags, append(untags, occurrences));
  }

  /**
   * Whether {@code --traffic} was given at all, even as an empty value: kn then treats the
   * command line as the complete split and resets every other percent to 0.
   */
  public boolean trafficChanged() {
    return !traffic.isEmpty();
  }

  private static List<String> append(List<String> list, String... more) {
    List<String> result = new ArrayList<>(list);
    result.addAll(List.of(more));
    return result;
  }
}
