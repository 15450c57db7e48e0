package dev.kanary.server.gateway;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaStatus;
import dev.kanary.server.revision.RevisionReconciler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the {@link RouteTable} from Services, InferenceServices, revisions and replicas, as a pure
 * function. A Service's {@code status.traffic} is its applied route (the Service reconciler
 * changes it all at once, once every target is ready), so the table reads it as it is:
 * <ul>
 *   <li>{@code {service}.{ns}.{domain}} (and the host of {@code status.url}) → the split: the
 *       entries above 0%, percents summed per revision;
 *   <li>each tag's URL host, {@code {tag}-{service}.{ns}.{domain}} → that tag's revision;
 *   <li>for a Service that is an InferenceService's predictor (label
 *       {@value RevisionReconciler#INFERENCE_SERVICE}), also {@code {isvc}.{ns}.{domain}} and the
 *       path form {@code /serving/{ns}/{isvc}/...}; an InferenceService without its Service yet
 *       gets its hosts with an empty split, so that requests wait or get a 503, not a 404.
 * </ul>
 * When two routes claim one host, the route's own host wins over a tag host, then the first by
 * namespace and name; the other claim is reported in {@link RouteTable#problems()}.
 */
public final class RouteTables {
  /** The InferenceService's predictor Service: {@code {isvc}-predictor}. */
  static final String PREDICTOR_SUFFIX = "-predictor";

  private RouteTables() {}

  public static RouteTable build(RouteInputs inputs) {
    return new Builder(inputs).build();
  }

  private static final class Builder {
    private final RouteInputs inputs;
    private final String domain;
    private final Map<String, HostRoute> hosts = new HashMap<>();
    private final Map<String, String> hostOwners = new HashMap<>();
    private final Map<String, Route> paths = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Service> services = new HashMap<>();

    Builder(RouteInputs inputs) {
      this.inputs = inputs;
      this.domain = inputs.domain();
    }

    RouteTable build() {
      Map<String, InferenceService> isvcs = new LinkedHashMap<>();
      inputs.inferenceServices().stream()
          .filter(isvc -> !isvc.metadata().isBeingDeleted())
          .sorted(Comparator.comparing(isvc -> key(isvc.metadata())))
          .forEach(isvc -> isvcs.put(key(isvc.metadata()), isvc));
      List<Service> sorted = inputs.services().stream()
          .filter(s -> !s.metadata().isBeingDeleted())
          .sorted(Comparator.comparing(s -> key(s.metadata())))
          .toList();

      Map<String, Route> isvcRoutes = new LinkedHashMap<>();
      List<Route> serviceRoutes = new ArrayList<>();
      for (Service service : sorted) {
        services.put(key(service.metadata()), service);
        ObjectMeta meta = service.metadata();
        InferenceService owner = Optional.ofNullable(
                meta.label(RevisionReconciler.INFERENCE_SERVICE))
            .map(name -> isvcs.get(meta.namespace() + "/" + name))
            .orElse(null);
        Route route = routeOf(service, owner);
        serviceRoutes.add(route);
        if (owner != null) {
          isvcRoutes.putIfAbsent(key(owner.metadata()), route);
        }
      }
      isvcs.forEach((key, isvc) -> isvcRoutes.computeIfAbsent(key, k -> emptyRoute(isvc)));

      // The routes' own hosts before any tag host, so that a tag never takes a route's host.
      for (Route route : serviceRoutes) {
        claim(host(route.service(), route.namespace()), HostRoute.split(route), route);
        service(route).map(s -> s.status() == null ? null : s.status().url())
            .flatMap(HostNames::ofUrl)
            .ifPresent(host -> claim(host, HostRoute.split(route), route));
      }
      isvcRoutes.forEach((key, route) -> {
        claim(host(route.inferenceService(), route.namespace()), HostRoute.split(route), route);
        claim(host(route.service(), route.namespace()), HostRoute.split(route), route);
      });
      for (Route route : serviceRoutes) {
        service(route).ifPresent(service -> tagHosts(service, route));
      }

      serviceRoutes.forEach(route -> paths.put(route.id(), route));
      isvcRoutes.forEach(paths::put);
      routes.addAll(serviceRoutes);
      routes.addAll(isvcRoutes.values());
      return new RouteTable(domain, hosts, paths, backends(), problems);
    }

    private Route routeOf(Service service, InferenceService owner) {
      ObjectMeta meta = service.metadata();
      Map<String, Long> split = new LinkedHashMap<>();
      Map<String, String> tags = new LinkedHashMap<>();
      List<TrafficTarget> traffic =
          service.status() == null ? List.of() : service.status().traffic();
      for (TrafficTarget target : traffic) {
        if (!target.hasRevisionName()) {
          continue;
        }
        if (target.percentOrZero() > 0) {
          split.merge(target.revisionName(), target.percentOrZero(), Long::sum);
        }
        if (target.hasTag()) {
          tags.putIfAbsent(target.tag(), target.revisionName());
        }
      }
      long total = split.values().stream().mapToLong(Long::longValue).sum();
      if (total > 10_000) {
        problems.add("Service " + key(meta) + ": status.traffic percents sum to " + total
            + "; the Service gets no requests until they sum to 100");
        split.clear();
      }
      ObjectMeta stickySource = owner != null ? owner.metadata() : meta;
      return new Route(meta.namespace(), meta.name(),
          owner == null ? null : owner.metadata().name(),
          split.entrySet().stream().map(e -> new WeightedRevision(e.getKey(), e.getValue()))
              .toList(),
          tags, sticky(stickySource, owner != null ? "InferenceService" : "Service"));
    }

    private Route emptyRoute(InferenceService isvc) {
      ObjectMeta meta = isvc.metadata();
      return new Route(meta.namespace(), meta.name() + PREDICTOR_SUFFIX, meta.name(), List.of(),
          Map.of(), sticky(meta, "InferenceService"));
    }

    private Optional<StickyKey> sticky(ObjectMeta meta, String kind) {
      String value = meta.annotation(StickyKey.ANNOTATION);
      if (value == null) {
        return Optional.empty();
      }
      return switch (StickyKey.parse(value)) {
        case StickyKey.Valid valid -> Optional.of(valid.key());
        case StickyKey.Invalid invalid -> {
          problems.add(kind + " " + key(meta) + ": " + invalid.message());
          yield Optional.empty();
        }
      };
    }

    private void tagHosts(Service service, Route route) {
      for (TrafficTarget target : service.status() == null
          ? List.<TrafficTarget>of() : service.status().traffic()) {
        if (!target.hasTag() || !target.hasRevisionName()) {
          continue;
        }
        String host = HostNames.ofUrl(target.url())
            .orElseGet(() -> host(target.tag() + "-" + route.service(), route.namespace()));
        claim(host, HostRoute.tag(route, target.tag()), route);
      }
    }

    private void claim(String host, HostRoute hostRoute, Route route) {
      String owner = hostRoute.tag() == null
          ? route.id() : route.id() + " (tag " + hostRoute.tag() + ")";
      HostRoute existing = hosts.putIfAbsent(host, hostRoute);
      if (existing == null) {
        hostOwners.put(host, owner);
      } else if (!existing.equals(hostRoute)) {
        problems.add("host " + host + " is served by " + hostOwners.get(host) + "; " + owner
            + " does not get it");
      }
    }

    private Optional<Service> service(Route route) {
      return Optional.ofNullable(services.get(route.id()));
    }

    private Map<RevisionId, Backend> backends() {
      Map<String, Revision> revisions = new HashMap<>();
      inputs.revisions().forEach(r -> revisions.put(key(r.metadata()), r));
      Map<String, List<Backend.Endpoint>> ready = new HashMap<>();
      inputs.replicas().stream()
          .filter(r -> r.ready() && r.phase() == ReplicaPhase.READY)
          .filter(r -> !inputs.draining().contains(r.name()))
          .sorted(Comparator.comparing(ReplicaStatus::name))
          .forEach(r -> ready.computeIfAbsent(r.revision(), k -> new ArrayList<>())
              .add(new Backend.Endpoint(r.name(), r.port())));

      Map<RevisionId, Backend> backends = new LinkedHashMap<>();
      for (Route route : routes) {
        List<String> names = new ArrayList<>();
        route.split().forEach(w -> names.add(w.revision()));
        names.addAll(route.tags().values());
        for (String name : names) {
          RevisionId id = route.revision(name);
          backends.computeIfAbsent(id, k -> new Backend(id,
              timeout(revisions.get(id.toString())),
              ready.getOrDefault(id.toString(), List.of())));
        }
      }
      return backends;
    }

    private String host(String name, String namespace) {
      return (name + "." + namespace + "." + domain).toLowerCase(Locale.ROOT);
    }
  }

  static Duration timeout(Revision revision) {
    if (revision == null || revision.spec() == null || revision.spec().timeoutSeconds() == null
        || revision.spec().timeoutSeconds() <= 0) {
      return Backend.DEFAULT_TIMEOUT;
    }
    return Duration.ofSeconds(revision.spec().timeoutSeconds());
  }

  private static String key(ObjectMeta meta) {
    return meta.namespace() + "/" + meta.name();
  }
}
