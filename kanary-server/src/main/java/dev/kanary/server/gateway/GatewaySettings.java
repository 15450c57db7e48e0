package dev.kanary.server.gateway;

import java.time.Duration;

/**
 * How the gateway treats requests.
 *
 * @param revisionHeader whether proxied responses carry {@value Gateway#REVISION_HEADER}
 * @param maxRequestBytes the largest request body; a larger one gets 413
 * @param replicaWait how long a request may wait for its revision to have a ready replica (a
 *     replica restarting after a crash, a route that is not ready yet) before it gets 503; never
 *     longer than the revision's timeout
 */
public record GatewaySettings(boolean revisionHeader, long maxRequestBytes, Duration replicaWait) {
  public static final long DEFAULT_MAX_REQUEST_BYTES = 16L << 20;
  public static final Duration DEFAULT_REPLICA_WAIT = Duration.ofSeconds(30);

  public GatewaySettings {
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException(
          "maxRequestBytes must be positive; got " + maxRequestBytes);
    }
    if (replicaWait == null || replicaWait.isNegative()) {
      throw new IllegalArgumentException(
          "replicaWait must be a duration of 0 or more; got " + replicaWait);
    }
  }

  public static GatewaySettings defaults() {
    return new GatewaySettings(true, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_REPLICA_WAIT);
  }

  public GatewaySettings withRevisionHeader(boolean on) {
    return new GatewaySettings(on, maxRequestBytes, replicaWait);
  }

  public GatewaySettings withMaxRequestBytes(long bytes) {
    return new GatewaySettings(revisionHeader, bytes, replicaWait);
  }

  public GatewaySettings withReplicaWait(Duration wait) {
    return new GatewaySettings(revisionHeader, maxRequestBytes, wait);
  }
}
