package dev.kanary.operator.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.InferenceServiceStatus;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.UncheckedIOException;

/**
 * Moves objects between fabric8's model and kanary-core's records through their JSON, which both
 * map faithfully: no field is copied by hand, and fields neither side models survive the trip.
 */
public final class Conversions {
  private final KubernetesSerialization fabric8;

  public Conversions(KubernetesSerialization fabric8) {
    this.fabric8 = fabric8;
  }

  /** A fabric8 object as a kanary-core record, e.g. a Knative Service as core's Service. */
  public <T> T toCore(Object fabric8Object, Class<T> coreType) {
    try {
      return Json.json().readValue(fabric8.asJson(fabric8Object), coreType);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot read " + fabric8Object.getClass().getSimpleName()
          + " as " + coreType.getName(), e);
    }
  }

  /** A kanary-core record as a fabric8 object. */
  public <T> T toFabric8(Object coreRecord, Class<T> fabric8Type) {
    return fabric8.unmarshal(Json.toJson(coreRecord), fabric8Type);
  }

  public InferenceService inferenceService(InferenceServiceResource resource) {
    return toCore(resource, InferenceService.class);
  }

  /** The status as the custom resource holds it. */
  public ObjectNode statusNode(InferenceServiceStatus status) {
    return (ObjectNode) Json.toTree(status);
  }
}
