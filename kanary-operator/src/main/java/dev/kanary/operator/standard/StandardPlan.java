package dev.kanary.operator.standard;

import dev.kanary.core.kserve.InferenceServiceStatus;
import dev.kanary.core.traffic.TagRoute;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one Standard-mode reconcile writes.
 *
 * @param revisions every revision, the one to create included, oldest first
 * @param created the revision to create, when the pod template changed
 * @param keep the revisions whose Deployments stay; the others are deleted once the routes no
 *     longer send them traffic
 * @param routes the routes to write, or empty to leave them as they are: the new split is not
 *     routable yet, and the old one keeps serving
 * @param status the InferenceService status after this reconcile
 */
public record StandardPlan(
    List<RevisionWorkload> revisions,
    Optional<RevisionWorkload> created,
    Set<String> keep,
    Optional<Routes> routes,
    InferenceServiceStatus status) {

  public StandardPlan {
    revisions = List.copyOf(revisions);
    keep = Collections.unmodifiableSet(new LinkedHashSet<>(keep));
  }

  /**
   * The HTTPRoutes' content.
   *
   * @param backends the main host's weighted backends: every revision with traffic, then those
   *     that get none (a canary not Available yet, a 0% revision) with weight 0
   * @param tags one route per tag, each sending all its requests to the tag's revision
   */
  public record Routes(List<Backend> backends, List<TagRoute> tags) {
    public Routes {
      backends = List.copyOf(backends);
      tags = List.copyOf(tags);
    }
  }

  /** One revision's weight on the main host; each revision's Service is named after it. */
  public record Backend(String revision, long weight) {}
}
