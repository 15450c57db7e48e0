package dev.kanary.server;

import dev.kanary.server.gateway.GatewaySettings;
import dev.kanary.server.replica.SelfCommand;
import dev.kanary.server.revision.RevisionSettings;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@code kanary server} runs.
 *
 * @param httpPort the gateway's port (inference traffic); 0 picks a free one
 * @param apiPort the control-plane API's port; 0 picks a free one
 * @param bind the address both listen on
 * @param domain the domain of InferenceService and Service hosts
 * @param kanary how to start this kanary as a child, for runtimes whose command is
 *     {@code kanary ...}
 * @param resync how often every object is reconciled even without an event: a safety net, as
 *     every change that matters (objects, replicas, timers) already queues its reconcile
 * @param gateway how the gateway treats requests (Kanary-Revision header, body limit)
 */
public record ServerConfig(
    Path dataDir,
    int httpPort,
    int apiPort,
    String bind,
    String domain,
    SelfCommand kanary,
    Duration noTrafficGrace,
    Duration keepPreviousWarm,
    Duration progressDeadline,
    Duration resync,
    GatewaySettings gateway) {

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final int DEFAULT_API_PORT = 8081;
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final String DEFAULT_DOMAIN = "example.com";
  /**
   * Knative's and controller-runtime's default is 10 hours; ten minutes still heals drift the same
   * afternoon, and at 1,000 InferenceServices a 30 s resync kept the server's CPU busy.
   */
  public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);

  /** The defaults of {@code kanary server}, on a data directory. */
  public static ServerConfig defaults(Path dataDir, SelfCommand kanary) {
    return new ServerConfig(dataDir, DEFAULT_HTTP_PORT, DEFAULT_API_PORT, DEFAULT_BIND,
        DEFAULT_DOMAIN, kanary, RevisionSettings.DEFAULT_GRACE,
        RevisionSettings.DEFAULT_KEEP_PREVIOUS_WARM, RevisionSettings.DEFAULT_PROGRESS_DEADLINE,
        DEFAULT_RESYNC, GatewaySettings.defaults());
  }

  public ServerConfig withPorts(int http, int api) {
    return new ServerConfig(dataDir, http, api, bind, domain, kanary, noTrafficGrace,
        keepPreviousWarm, progressDeadline, resync, gateway);
  }

  public ServerConfig withTimings(Duration grace, Duration keepWarm, Duration deadline) {
    return new ServerConfig(dataDir, httpPort, apiPort, bind, domain, kanary, grace,
        keepWarm, deadline, resync, gateway);
  }

  public ServerConfig withGateway(GatewaySettings settings) {
    return new ServerConfig(dataDir, httpPort, apiPort, bind, domain, kanary, noTrafficGrace,
        keepPreviousWarm, progressDeadline, resync, settings);
  }

  public RevisionSettings revisionSettings() {
    return new RevisionSettings(dataDir, kanary, noTrafficGrace, keepPreviousWarm,
        progressDeadline);
  }
}
