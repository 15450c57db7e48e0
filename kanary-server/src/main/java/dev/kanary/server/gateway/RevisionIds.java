package dev.kanary.server.gateway;

import dev.kanary.server.replica.ReplicaStatus;
import java.util.Optional;

/** Revision ids from the supervisor's {@code {namespace}/{revision}} owner strings. */
final class RevisionIds {
  private RevisionIds() {}

  static Optional<RevisionId> of(ReplicaStatus replica) {
    String owner = replica.revision();
    int slash = owner.indexOf('/');
    return slash <= 0 || slash == owner.length() - 1
        ? Optional.empty()
        : Optional.of(new RevisionId(owner.substring(0, slash), owner.substring(slash + 1)));
  }
}
