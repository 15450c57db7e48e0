package dev.kanary.core.revision;

import dev.kanary.core.k8s.GoDuration;
import dev.kanary.core.validation.GoQuote;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Revision garbage collection settings, Knative's {@code config-gc} ({@code pkg/gc/config.go}).
 * An empty value is Knative's {@code "disabled"}.
 *
 * @param retainSinceCreateTime a revision younger than this is kept
 * @param retainSinceLastActiveTime a revision routed more recently than this is kept
 * @param minNonActiveRevisions non-active revisions always kept, stale or not
 * @param maxNonActiveRevisions non-active revisions kept at most, stale or not
 */
public record GcConfig(
    Optional<Duration> retainSinceCreateTime,
    Optional<Duration> retainSinceLastActiveTime,
    long minNonActiveRevisions,
    OptionalLong maxNonActiveRevisions) {

  public static final String RETAIN_SINCE_CREATE_TIME = "retain-since-create-time";
  public static final String RETAIN_SINCE_LAST_ACTIVE_TIME = "retain-since-last-active-time";
  public static final String MIN_NON_ACTIVE_REVISIONS = "min-non-active-revisions";
  public static final String MAX_NON_ACTIVE_REVISIONS = "max-non-active-revisions";
  public static final String DISABLED = "disabled";

  /** 48h, 15h, 20, 1000. */
  public static final GcConfig DEFAULTS = new GcConfig(
      Optional.of(Duration.ofHours(48)), Optional.of(Duration.ofHours(15)), 20,
      OptionalLong.of(1000));

  public GcConfig {
    Objects.requireNonNull(retainSinceCreateTime, "retainSinceCreateTime");
    Objects.requireNonNull(retainSinceLastActiveTime, "retainSinceLastActiveTime");
    Objects.requireNonNull(maxNonActiveRevisions, "maxNonActiveRevisions");
  }

  /** The outcome of reading a config map: a config, or Knative's error text. */
  public sealed interface Parsed {}

  public record Valid(GcConfig config) implements Parsed {}

  public record Invalid(String message) implements Parsed {}

  /** Reads {@code config-gc} data; absent keys keep their defaults. */
  public static Parsed parse(Map<String, String> data) {
    long min = DEFAULTS.minNonActiveRevisions;
    String rawMin = data.get(MIN_NON_ACTIVE_REVISIONS);
    if (rawMin != null) {
      GoInt parsed = GoInt.parseInt64(rawMin);
      if (!parsed.ok()) {
        return new Invalid("failed to parse data: failed to parse "
            + GoQuote.quote(MIN_NON_ACTIVE_REVISIONS) + ": " + parsed.error("ParseInt", rawMin));
      }
      min = parsed.value();
    }

    DurationSetting create = DurationSetting.parse(
        data.getOrDefault(RETAIN_SINCE_CREATE_TIME, ""), DEFAULTS.retainSinceCreateTime);
    if (create.error() != null) {
      return new Invalid("failed to parse " + RETAIN_SINCE_CREATE_TIME + ": " + create.error());
    }
    DurationSetting active = DurationSetting.parse(
        data.getOrDefault(RETAIN_SINCE_LAST_ACTIVE_TIME, ""), DEFAULTS.retainSinceLastActiveTime);
    if (active.error() != null) {
      return new Invalid(
          "failed to parse " + RETAIN_SINCE_LAST_ACTIVE_TIME + ": " + active.error());
    }

    OptionalLong max = DEFAULTS.maxNonActiveRevisions;
    String rawMax = data.getOrDefault(MAX_NON_ACTIVE_REVISIONS, "");
    if (rawMax.equalsIgnoreCase(DISABLED)) {
      max = OptionalLong.empty();
    } else if (!rawMax.isEmpty()) {
      GoInt parsed = GoInt.parseUint64(rawMax);
      if (!parsed.ok()) {
        return new Invalid("failed to parse " + MAX_NON_ACTIVE_REVISIONS + ": "
            + parsed.error("ParseUint", rawMax));
      }
      if (parsed.value() < 0) { // above Long.MAX_VALUE, read as unsigned
        return new Invalid("failed to parse " + MAX_NON_ACTIVE_REVISIONS
            + ": value should be lower than " + Long.MAX_VALUE);
      }
      max = OptionalLong.of(parsed.value());
    }

    if (min < 0) {
      return new Invalid(MIN_NON_ACTIVE_REVISIONS + " must be non-negative, was: " + min);
    }
    if (max.isPresent() && min > max.getAsLong()) {
      return new Invalid(MIN_NON_ACTIVE_REVISIONS + "(" + min + ") must be <= "
          + MAX_NON_ACTIVE_REVISIONS + "(" + max.getAsLong() + ")");
    }
    return new Valid(new GcConfig(create.value(), active.value(), min, max));
  }

  /** True when nothing can ever be deleted: both time limits and the max are off. */
  public boolean disabled() {
    return retainSinceCreateTime.isEmpty() && retainSinceLastActiveTime.isEmpty()
        && maxNonActiveRevisions.isEmpty();
  }

  /** A time limit: a non-negative Go duration, "disabled", or empty for the default. */
  private record DurationSetting(Optional<Duration> value, String error) {
    static DurationSetting parse(String raw, Optional<Duration> defaultValue) {
      if (raw.isEmpty()) {
        return new DurationSetting(defaultValue, null);
      }
      if (raw.equalsIgnoreCase(DISABLED)) {
        return new DurationSetting(Optional.empty(), null);
      }
      return switch (GoDuration.parse(raw)) {
        case GoDuration.Invalid(String message) -> new DurationSetting(defaultValue, message);
        case GoDuration.Valid(Duration d) -> d.isNegative()
            ? new DurationSetting(defaultValue, "must be non-negative")
            : new DurationSetting(Optional.of(d), null);
      };
    }
  }

  /**
   * Go's {@code strconv.ParseInt(s, 10, 64)} and {@code ParseUint(s, 10, 64)}: a value, or the
   * cause of Go's error. An unsigned value above {@code Long.MAX_VALUE} is held as its bits.
   */
  private record GoInt(long value, String cause) {
    private static final String SYNTAX = "invalid syntax";
    private static final String RANGE = "value out of range";

    boolean ok() {
      return cause == null;
    }

    /** Go's {@code NumError} text, which names the function and the original input. */
    String error(String function, String input) {
      return "strconv." + function + ": parsing " + GoQuote.quote(input) + ": " + cause;
    }

    static GoInt parseInt64(String s) {
      if (s.isEmpty()) {
        return new GoInt(0, SYNTAX);
      }
      boolean neg = s.charAt(0) == '-';
      GoInt unsigned = parseUint64(neg || s.charAt(0) == '+' ? s.substring(1) : s);
      if (SYNTAX.equals(unsigned.cause)) {
        return unsigned;
      }
      // The cutoff is 1<<63, whose bits read as Long.MIN_VALUE.
      int vsCutoff = Long.compareUnsigned(unsigned.value, Long.MIN_VALUE);
      if (neg ? vsCutoff > 0 : vsCutoff >= 0) {
        return new GoInt(0, RANGE);
      }
      return new GoInt(neg ? -unsigned.value : unsigned.value, null);
    }

    static GoInt parseUint64(String s) {
      if (s.isEmpty()) {
        return new GoInt(0, SYNTAX);
      }
      long cutoff = Long.divideUnsigned(-1L, 10) + 1;
      long n = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return new GoInt(0, SYNTAX);
        }
        if (Long.compareUnsigned(n, cutoff) >= 0) {
          return new GoInt(-1L, RANGE);
        }
        long next = n * 10 + (c - '0');
        if (Long.compareUnsigned(next, n * 10) < 0) {
          return new GoInt(-1L, RANGE);
        }
        n = next;
      }
      return new GoInt(n, null);
    }
  }
}
