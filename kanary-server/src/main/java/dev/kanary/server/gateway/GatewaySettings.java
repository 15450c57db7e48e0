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
 * @param retryOnReset whether a request whose replica connection closed or reset before any
 *     response header came back is sent once more, to another ready replica of its revision
 * @param replayBytes the largest request body kept for that second attempt; a request with a
 *     larger body is not sent again (502)
 */
public record GatewaySettings(boolean revisionHeader, long maxRequestBytes, Duration replicaWait,
    boolean retryOnReset, long replayBytes) {
  public static final long DEFAULT_MAX_REQUEST_BYTES = 16L << 20;
  public static final Duration DEFAULT_REPLICA_WAIT = Duration.ofSeconds(30);
  public static final long DEFAULT_REPLAY_BYTES = 64L << 10;

  public GatewaySettings {
    if (maxRequestBytes <= 0) {
      throw new IllegalArgumentException(
          "maxRequestBytes must be positive; got " + maxRequestBytes);
    }
    if (replicaWait == null || replicaWait.isNegative()) {
      throw new IllegalArgumentException(
          "replicaWait must be a duration of 0 or more; got " + replicaWait);
    }
    if (replayBytes < 0) {
      throw new IllegalArgumentException("replayBytes must be 0 or more; got " + replayBytes);
    }
  }

  public static GatewaySettings defaults() {
    return new GatewaySettings(true, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_REPLICA_WAIT, true,
        DEFAULT_REPLAY_BYTES);
  }

  public GatewaySettings withRevisionHeader(boolean on) {
    return new GatewaySettings(on, maxRequestBytes, replicaWait, retryOnReset, replayBytes);
  }

  public GatewaySettings withMaxRequestBytes(long bytes) {
    return new GatewaySettings(revisionHeader, bytes, replicaWait, retryOnReset, replayBytes);
  }

  public GatewaySettings withReplicaWait(Duration wait) {
    return new GatewaySettings(revisionHeader, maxRequestBytes, wait, retryOnReset, replayBytes);
  }

  public GatewaySettings withRetryOnReset(boolean on) {
    return new GatewaySettings(revisionHeader, maxRequestBytes, replicaWait, on, replayBytes);
  }

  public GatewaySettings withReplayBytes(long bytes) {
    return new GatewaySettings(revisionHeader, maxRequestBytes, replicaWait, retryOnReset, bytes);
  }

  /** How much of a request body to keep for a second attempt: nothing when there is none. */
  long keptBodyBytes() {
    return retryOnReset ? replayBytes : 0;
  }
}
