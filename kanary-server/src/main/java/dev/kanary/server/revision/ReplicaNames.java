package dev.kanary.server.revision;

import dev.kanary.core.knative.Revision;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Replica names in Kubernetes' pod style, {@code {revision}-deployment-{template hash}-{5 chars}},
 * so that {@code get pods} reads as it does on a cluster.
 */
final class ReplicaNames {
  private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private ReplicaNames() {}

  static String next(Revision revision) {
    String uid = revision.metadata().uid() == null ? revision.metadata().name() : revision.metadata().uid();
    String hash = HexFormat.of().toHexDigits(uid.hashCode()).substring(0, 8);
    StringBuilder suffix = new StringBuilder(5);
    for (int i = 0; i < 5; i++) {
      suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return revision.metadata().name() + "-deployment-" + hash + "-" + suffix;
  }
}
