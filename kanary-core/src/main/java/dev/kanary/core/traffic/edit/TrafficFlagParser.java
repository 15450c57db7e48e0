package dev.kanary.core.traffic.edit;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The first half of kn's {@code verifyInput}: the checks that need nothing but the flags. Tags are
 * checked before traffic and values in command-line order, so that the first error reported is
 * the one kn reports.
 */
public final class TrafficFlagParser {

  // BigInteger alone would also take non-ASCII digits.
  private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

  private TrafficFlagParser() {}

  /** Splits and checks the flags, or throws the {@link TrafficEditException} kn would print. */
  public static ParsedTrafficFlags parse(TrafficFlags flags) {
    List<TagAssignment> tags = parseTags(values(flags.tags()));
    List<TrafficShare> shares = parseShares(values(flags.traffic()));
    return new ParsedTrafficFlags(shares, tags, values(flags.untags()), flags.trafficChanged());
  }

  /**
   * The values of a repeatable flag. pflag reads each occurrence as a comma-separated list and an
   * empty occurrence as no value at all; an empty item inside a list ({@code a,,b}) is kept.
   */
  static List<String> values(List<String> occurrences) {
    List<String> values = new ArrayList<>();
    for (String occurrence : occurrences) {
      if (!occurrence.isEmpty()) {
        values.addAll(List.of(occurrence.split(",", -1)));
      }
    }
    return values;
  }

  private static List<TagAssignment> parseTags(List<String> values) {
    List<TagAssignment> tags = new ArrayList<>();
    boolean latestTagged = false;
    for (String value : values) {
      Pair pair = Pair.split(value);
      if (pair.isLatest()) {
        if (latestTagged) {
          throw TrafficEditException.repeatedReference("--tag", TrafficFlags.LATEST);
        }
        latestTagged = true;
      }
      tags.add(new TagAssignment(pair.ref(), pair.value()));
    }
    return tags;
  }

  private static List<TrafficShare> parseShares(List<String> values) {
    List<TrafficShare> shares = new ArrayList<>();
    Set<String> refs = new HashSet<>();
    for (String value : values) {
      Pair pair = Pair.split(value);
      if (!refs.add(pair.ref())) {
        throw TrafficEditException.repeatedReference("--traffic", pair.ref());
      }
      long percent = parseInteger(pair.value());
      if (percent < 0 || percent > 100) {
        throw TrafficEditException.percentOutOfRange(percent);
      }
      shares.add(new TrafficShare(pair.ref(), (int) percent));
    }
    return shares;
  }

  /** strconv.Atoi: ASCII digits with an optional sign, within 64 bits. */
  private static long parseInteger(String text) {
    if (!INTEGER.matcher(text).matches()) {
      throw TrafficEditException.notAnInteger(text);
    }
    BigInteger value = new BigInteger(text);
    if (value.bitLength() > 63) {
      throw TrafficEditException.notAnInteger(text);
    }
    return value.longValue();
  }

  /**
   * A {@code ref=value} flag value. A bare value refers to {@code @latest}. Only a {@code
   * ref=value} pair loses one trailing '%', and that for tags too: kn shares the splitting, so a
   * bare {@code 50%} is not a percent while {@code --tag r=v1%} tags r with {@code v1}.
   */
  private record Pair(String ref, String value) {

    static Pair split(String text) {
      String[] parts = text.split("=", -1);
      if (parts.length == 1) {
        return new Pair(TrafficFlags.LATEST, text);
      }
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw TrafficEditException.badFormat(text);
      }
      String value = parts[1].endsWith("%")
          ? parts[1].substring(0, parts[1].length() - 1)
          : parts[1];
      return new Pair(parts[0], value);
    }

    boolean isLatest() {
      return TrafficFlags.LATEST.equals(ref);
    }
  }
}
