package dev.kanary.core.knative;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.Records;
import java.util.List;
import java.util.Map;

public record ServiceSpec(
    RevisionTemplate template,
    List<TrafficTarget> traffic,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ServiceSpec {
    traffic = Records.list(traffic);
    extra = Records.extra(extra);
  }

  public ServiceSpec withTraffic(List<TrafficTarget> newTraffic) {
    return new ServiceSpec(template, newTraffic, extra);
  }
}
