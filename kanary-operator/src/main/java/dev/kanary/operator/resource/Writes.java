package dev.kanary.operator.resource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Level-triggered writes: create an object when absent, update it only when it differs in what
 * the operator owns, and on a conflict (someone wrote in between) read it again and retry.
 * Updates carry the resourceVersion that was read, so the API server refuses a stale one.
 */
public final class Writes {
  private static final Logger log = LoggerFactory.getLogger(Writes.class);
  static final int ATTEMPTS = 5;

  private Writes() {}

  /**
   * @param upToDate whether the existing object already says what the desired one says
   * @param merge the object to write over the existing one: the existing one, whose status and
   *     fields others own stay, with the operator's fields from the desired one
   * @throws NotOwnedException if the object exists and is not controlled by the desired owner
   */
  public static <T extends HasMetadata> void createOrUpdate(
      KubernetesClient client, T desired, BiPredicate<T, T> upToDate, BiFunction<T, T, T> merge) {
    for (int attempt = 1; ; attempt++) {
      try {
        T existing = client.resource(desired).get();
        if (existing == null) {
          client.resource(desired).create();
          log.info("{} {}/{} created", desired.getKind(), desired.getMetadata().getNamespace(),
              desired.getMetadata().getName());
        } else if (!sameController(existing, desired)) {
          throw new NotOwnedException(existing);
        } else if (!upToDate.test(existing, desired)) {
          client.resource(merge.apply(existing, desired)).update();
          log.info("{} {}/{} updated", desired.getKind(), desired.getMetadata().getNamespace(),
              desired.getMetadata().getName());
        }
        return;
      } catch (KubernetesClientException e) {
        if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /** Whether {@code existing} is controlled by the owner {@code desired} names. */
  public static boolean sameController(HasMetadata existing, HasMetadata desired) {
    return desired.getMetadata().getOwnerReferences().stream()
        .filter(o -> Boolean.TRUE.equals(o.getController()))
        .anyMatch(o -> ownedBy(existing, o.getUid()));
  }

  /** Whether {@code child} has {@code ownerUid} as its controlling owner. */
  public static boolean ownedBy(HasMetadata child, String ownerUid) {
    return child.getMetadata().getOwnerReferences().stream()
        .anyMatch(o -> ownerUid.equals(o.getUid()) && Boolean.TRUE.equals(o.getController()));
  }
}
