package dev.kanary.core.knative;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.k8s.Records;
import java.util.Map;

/** A Knative-style Service (serving.knative.dev/v1): a template and a traffic block. */
public record Service(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    ServiceSpec spec,
    ServiceStatus status,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String API_VERSION = "serving.knative.dev/v1";
  public static final String KIND = "Service";

  public Service {
    extra = Records.extra(extra);
  }

  public static Service of(ObjectMeta metadata, ServiceSpec spec) {
    return new Service(API_VERSION, KIND, metadata, spec, null, null);
  }

  public Service withMetadata(ObjectMeta newMetadata) {
    return new Service(apiVersion, kind, newMetadata, spec, status, extra);
  }

  public Service withSpec(ServiceSpec newSpec) {
    return new Service(apiVersion, kind, metadata, newSpec, status, extra);
  }

  public Service withStatus(ServiceStatus newStatus) {
    return new Service(apiVersion, kind, metadata, spec, newStatus, extra);
  }
}
