package dev.kanary.core.k8s;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.Map;

/** An environment variable; {@code valueFrom} and other sources stay in {@code extra}. */
public record EnvVar(
    String name, String value, @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public EnvVar {
    extra = Records.extra(extra);
  }

  public static EnvVar of(String name, String value) {
    return new EnvVar(name, value, null);
  }
}
