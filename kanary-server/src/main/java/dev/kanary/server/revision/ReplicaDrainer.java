package dev.kanary.server.revision;

import dev.kanary.server.replica.ReplicaStatus;
import java.util.concurrent.CompletableFuture;

/**
 * Takes a replica out of the gateway's table and completes once its in-flight requests are done,
 * so that stopping it loses nothing.
 */
@FunctionalInterface
public interface ReplicaDrainer {
  /** For a server without a gateway: nothing to drain. */
  ReplicaDrainer NONE = replica -> CompletableFuture.completedFuture(null);

  CompletableFuture<Void> drain(ReplicaStatus replica);
}
