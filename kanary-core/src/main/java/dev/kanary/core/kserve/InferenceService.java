package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.k8s.Records;
import java.util.Map;

/** KServe's InferenceService, serving.kserve.io/v1beta1. */
public record InferenceService(
    String apiVersion,
    String kind,
    ObjectMeta metadata,
    InferenceServiceSpec spec,
    InferenceServiceStatus status,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public static final String GROUP = "serving.kserve.io";
  public static final String API_VERSION = GROUP + "/v1beta1";
  public static final String KIND = "InferenceService";

  /** Set to exactly "true" to get the latest-/prev- tag hosts. */
  public static final String ENABLE_TAG_ROUTING_ANNOTATION = "serving.kserve.io/enable-tag-routing";

  public InferenceService {
    extra = Records.extra(extra);
  }

  public static InferenceService of(ObjectMeta metadata, InferenceServiceSpec spec) {
    return new InferenceService(API_VERSION, KIND, metadata, spec, null, null);
  }

  public InferenceServiceStatus statusOrEmpty() {
    return status == null ? InferenceServiceStatus.EMPTY : status;
  }

  public InferenceService withMetadata(ObjectMeta newMetadata) {
    return new InferenceService(apiVersion, kind, newMetadata, spec, status, extra);
  }

  public InferenceService withSpec(InferenceServiceSpec newSpec) {
    return new InferenceService(apiVersion, kind, metadata, newSpec, status, extra);
  }

  public InferenceService withStatus(InferenceServiceStatus newStatus) {
    return new InferenceService(apiVersion, kind, metadata, spec, newStatus, extra);
  }
}
