package dev.kanary.core.traffic.edit;

import java.util.ArrayList;
import java.util.List;

/**
 * Traffic flags that passed kn's syntax checks, in command-line order.
 *
 * @param shares the {@code --traffic} values, references unique
 * @param tags the {@code --tag} values, {@code @latest} at most once
 * @param untags the {@code --untag} values
 * @param trafficChanged whether {@code --traffic} was given, see {@link
 *     TrafficFlags#trafficChanged()}
 */
public record ParsedTrafficFlags(
    List<TrafficShare> shares,
    List<TagAssignment> tags,
    List<String> untags,
    boolean trafficChanged) {

  public ParsedTrafficFlags {
    shares = List.copyOf(shares);
    tags = List.copyOf(tags);
    untags = List.copyOf(untags);
  }

  public int percentSum() {
    return shares.stream().mapToInt(TrafficShare::percent).sum();
  }

  /** These flags with one more {@code --traffic} value, as kn adds the inferred remainder. */
  ParsedTrafficFlags withShare(TrafficShare share) {
    List<TrafficShare> more = new ArrayList<>(shares);
    more.add(share);
    return new ParsedTrafficFlags(more, tags, untags, trafficChanged);
  }
}
