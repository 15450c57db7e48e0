package dev.kanary.server.store;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A parsed label selector: every requirement must match (they are ANDed). */
public record LabelRequirements(List<LabelRequirement> requirements) implements LabelSelector {

  public LabelRequirements {
    requirements = List.copyOf(requirements);
  }

  @Override
  public boolean matches(Map<String, String> labels) {
    return requirements.stream().allMatch(r -> r.matches(labels));
  }

  @Override
  public String toString() {
    return requirements.stream().map(LabelRequirement::toString).collect(Collectors.joining(","));
  }
}
