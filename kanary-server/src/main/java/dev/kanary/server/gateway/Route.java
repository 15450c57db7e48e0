package dev.kanary.server.gateway;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one Service serves: its split (the revisions with more than 0% in {@code status.traffic},
 * percents summed per revision) and its tags, each to one revision.
 *
 * @param inferenceService the InferenceService whose predictor the Service is, or null
 * @param split empty while the Service has no route yet
 * @param sticky from the InferenceService's (or the Service's) {@link StickyKey#ANNOTATION}
 */
public record Route(
    String namespace,
    String service,
    String inferenceService,
    List<WeightedRevision> split,
    Map<String, String> tags,
    Optional<StickyKey> sticky) {

  public Route {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    split = List.copyOf(split);
    tags = Map.copyOf(tags);
    Objects.requireNonNull(sticky, "sticky");
  }

  /** Identifies the route's round-robin across table rebuilds. */
  public String id() {
    return namespace + "/" + service;
  }

  public RevisionId revision(String name) {
    return new RevisionId(namespace, name);
  }
}
