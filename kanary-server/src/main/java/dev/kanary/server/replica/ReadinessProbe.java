package dev.kanary.server.replica;

import java.time.Duration;

/**
 * An HTTP GET of {@code http://127.0.0.1:{port}{path}}: a 200 means ready. As in Kubernetes, a
 * replica that was ready turns not ready after {@code failureThreshold} failures in a row, and
 * ready again after one success; its process keeps running either way.
 *
 * @param path the request path, e.g. {@code /v2/health/ready} or {@code /v1/models/{name}}
 * @param period the time between probes once the replica has been ready (until then the
 *     supervisor probes faster, see {@link SupervisorSettings#startupProbeInterval()})
 * @param timeout how long one probe waits for its answer
 */
public record ReadinessProbe(String path, Duration period, Duration timeout, int failureThreshold) {
  /** Kubernetes' defaults: every 10 s, 1 s timeout, 3 failures. */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(10);

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
  public static final int DEFAULT_FAILURE_THRESHOLD = 3;

  public ReadinessProbe {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException(
          "readiness probe path must start with '/', e.g. /v2/health/ready; got " + path);
    }
    requirePositive(period, "period");
    requirePositive(timeout, "timeout");
    if (failureThreshold < 1) {
      throw new IllegalArgumentException(
          "readiness probe failureThreshold must be at least 1; got " + failureThreshold);
    }
  }

  /** A probe of {@code path} with Kubernetes' default period, timeout and threshold. */
  public static ReadinessProbe httpGet(String path) {
    return new ReadinessProbe(path, DEFAULT_PERIOD, DEFAULT_TIMEOUT, DEFAULT_FAILURE_THRESHOLD);
  }

  private static void requirePositive(Duration duration, String field) {
    if (duration == null || duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "readiness probe " + field + " must be a positive duration; got " + duration);
    }
  }
}
