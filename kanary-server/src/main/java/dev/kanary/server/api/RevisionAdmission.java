package dev.kanary.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.validation.FieldError;
import dev.kanary.server.store.ResourceType;

/** Knative's Revision webhook: a revision is a snapshot, so its spec never changes. */
final class RevisionAdmission implements Admission {

  @Override
  public ObjectNode admit(ObjectNode object, ObjectNode current) {
    Revision revision = Admission.decode(object, Revision.class, ResourceType.REVISION);
    if (current != null) {
      String diff = JsonDiff.describe("spec", current.path("spec"), object.path("spec"));
      if (!diff.isEmpty()) {
        String name = revision.metadata() == null ? null : revision.metadata().name();
        throw ApiException.invalid(ResourceType.REVISION, name,
            FieldError.withDetails("Immutable fields changed (-old +new)", diff, "spec").render());
      }
    }
    return object;
  }
}
