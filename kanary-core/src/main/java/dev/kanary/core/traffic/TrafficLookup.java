package dev.kanary.core.traffic;

import dev.kanary.core.knative.Revision;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** The configurations and revisions a route may reference, by name, as a lister would give them. */
public interface TrafficLookup {
  Optional<ConfigurationState> configuration(String name);

  Optional<Revision> revision(String name);

  /** The usual case: one Service, hence one configuration, and its revisions. */
  static TrafficLookup of(ConfigurationState configuration, Collection<Revision> revisions) {
    return of(List.of(configuration), revisions);
  }

  static TrafficLookup of(
      Collection<ConfigurationState> configurations, Collection<Revision> revisions) {
    Map<String, ConfigurationState> configsByName =
        byName(configurations, ConfigurationState::name);
    Map<String, Revision> revisionsByName = byName(revisions, r -> r.metadata().name());
    return new TrafficLookup() {
      @Override
      public Optional<ConfigurationState> configuration(String name) {
        return Optional.ofNullable(configsByName.get(name));
      }

      @Override
      public Optional<Revision> revision(String name) {
        return Optional.ofNullable(revisionsByName.get(name));
      }
    };
  }

  private static <T> Map<String, T> byName(Collection<T> items, Function<T, String> name) {
    Map<String, T> map = new LinkedHashMap<>();
    items.forEach(item -> map.put(name.apply(item), item));
    return Map.copyOf(map);
  }
}
