package dev.kanary.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.traffic.RouteValidator;
import dev.kanary.core.traffic.TrafficDefaults;
import dev.kanary.core.validation.FieldError;
import dev.kanary.server.store.ResourceType;
import java.util.List;

/**
 * Knative's Service webhook, for what kanary uses of a Service: a template must be there, and the
 * traffic block is defaulted (an empty one routes everything to the latest revision) and then
 * validated with Knative's rules and messages.
 */
final class ServiceAdmission implements Admission {

  @Override
  public ObjectNode admit(ObjectNode object, ObjectNode current) {
    Service service = Admission.decode(object, Service.class, ResourceType.SERVICE);
    ObjectMeta meta = service.metadata() == null ? ObjectMeta.of(null, null) : service.metadata();
    if (service.spec() == null || service.spec().template() == null) {
      throw invalid(meta, FieldError.missingField("spec.template"));
    }
    List<TrafficTarget> traffic = TrafficDefaults.apply(service.spec().traffic(), true);
    FieldError errors = RouteValidator.validateService(meta, traffic);
    if (errors.isPresent()) {
      throw invalid(meta, errors);
    }
    ObjectNode admitted = object.deepCopy();
    ((ObjectNode) admitted.get("spec")).set("traffic", Json.toTree(traffic));
    return admitted;
  }

  private static ApiException invalid(ObjectMeta meta, FieldError errors) {
    return ApiException.invalid(ResourceType.SERVICE, meta.name(), errors.render());
  }
}
