package dev.kanary.core.traffic.edit;

import dev.kanary.core.knative.Revision;
import java.util.Objects;

/**
 * What remainder inference needs to know about one of the Service's revisions.
 *
 * @param name the revision's name
 * @param tagsAnnotation the {@value #TAGS_ANNOTATION} annotation, or null
 */
public record ServiceRevision(String name, String tagsAnnotation) {

  /** The annotation {@code kn revision list} fills in with a revision's tags. */
  public static final String TAGS_ANNOTATION = "client.knative.dev/tags";

  public ServiceRevision {
    Objects.requireNonNull(name, "name");
  }

  public static ServiceRevision named(String name) {
    return new ServiceRevision(name, null);
  }

  /** The revision as stored, as {@code kn service update} passes it: annotations not enriched. */
  public static ServiceRevision of(Revision revision) {
    return new ServiceRevision(
        revision.metadata().name(), revision.metadata().annotation(TAGS_ANNOTATION));
  }
}
