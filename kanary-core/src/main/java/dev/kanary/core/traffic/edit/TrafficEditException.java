package dev.kanary.core.traffic.edit;

/**
 * A traffic edit that is refused. The message is kn's, byte for byte, so that a user (or a test)
 * sees what {@code kn service update} would print after "Error: ".
 */
public final class TrafficEditException extends RuntimeException {

  TrafficEditException(String message) {
    super(message);
  }

  static TrafficEditException badFormat(String value) {
    return new TrafficEditException(
        "expecting the value format in value1=value2, given " + value);
  }

  static TrafficEditException repeatedReference(String flag, String ref) {
    String what = TrafficFlags.LATEST.equals(ref)
        ? "identifier " + ref
        : "revision reference " + ref;
    return new TrafficEditException(
        "repetition of " + what + " is not allowed, use only once with " + flag + " flag");
  }

  static TrafficEditException notAnInteger(String percent) {
    return new TrafficEditException(
        "error converting given " + percent + " to integer value for traffic distribution");
  }

  static TrafficEditException percentOutOfRange(long percent) {
    return new TrafficEditException(
        "invalid value for traffic percent " + percent + ", expected 0 <= percent <= 100");
  }

  static TrafficEditException sumAbove100(int sum) {
    return new TrafficEditException("given traffic percents sum to " + sum + ", want <=100");
  }

  static TrafficEditException wrongShareCount(int sum) {
    return unallocatable(sum,
        "incorrect number of revisions specified. Only 1 revision should be missing");
  }

  static TrafficEditException missingRevisionUnknown(int sum) {
    return unallocatable(sum, "cannot determine the missing revision");
  }

  static TrafficEditException tagsNotPresent(String tags, String serviceName) {
    return new TrafficEditException(
        "tag(s) " + tags + " not present for any revisions of service " + serviceName);
  }

  static TrafficEditException tagInUse(String tag) {
    return new TrafficEditException("refusing to overwrite existing tag in service, "
        + "add flag '--untag " + tag + "' in command to untag it");
  }

  static TrafficEditException latestAlreadyTagged(String existing, String requested) {
    return new TrafficEditException("tag '" + existing + "' exists on latest ready revision of "
        + "service, refusing to overwrite existing tag with '" + requested + "', "
        + "add flag '--untag " + existing + "' in command to untag it");
  }

  /** Knative's admission webhook message for a block whose percents do not add up. */
  static TrafficEditException sumNot100(long sum) {
    return new TrafficEditException(
        "Traffic targets sum to " + sum + ", want 100: spec.traffic");
  }

  private static TrafficEditException unallocatable(int sum, String reason) {
    return new TrafficEditException("unable to allocate the remaining traffic: "
        + (100 - sum) + "%. Reason: " + reason);
  }
}
