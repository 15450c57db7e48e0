package dev.kanary.core.k8s;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.util.List;
import java.util.Map;

/** A container: in standalone mode its command and args start a replica process. */
public record Container(
    String name,
    String image,
    List<String> command,
    List<String> args,
    List<EnvVar> env,
    ResourceRequirements resources,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public Container {
    command = Records.list(command);
    args = Records.list(args);
    env = Records.list(env);
    extra = Records.extra(extra);
  }

  public static Container of(String name, List<String> command, List<String> args) {
    return new Container(name, null, command, args, null, null, null);
  }
}
