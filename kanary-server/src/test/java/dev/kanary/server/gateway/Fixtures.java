package dev.kanary.server.gateway;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionSpec;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/** Route inputs for tests, in the shapes the controllers write them. */
final class Fixtures {
  static final String DOMAIN = "example.com";
  static final String NS = "kserve-test";

  private Fixtures() {}

  /** A status.traffic entry: {@code tag} may be null; a tag gets its URL as the planner writes. */
  static TrafficTarget target(String service, String revision, long percent, String tag) {
    String url = tag == null ? null : "http://" + tag + "-" + service + "." + NS + "." + DOMAIN;
    return new TrafficTarget(tag, revision, null, false, percent, url);
  }

  static Service service(String name, TrafficTarget... traffic) {
    return service(name, null, Map.of(), traffic);
  }

  static Service predictor(String isvc, TrafficTarget... traffic) {
    return service(isvc + "-predictor", isvc, Map.of(), traffic);
  }

  static Service service(
      String name, String isvc, Map<String, String> annotations, TrafficTarget... traffic) {
    Map<String, String> labels = new HashMap<>();
    if (isvc != null) {
      labels.put("serving.kserve.io/inferenceservice", isvc);
    }
    ObjectMeta meta = ObjectMeta.of(NS, name).withLabels(labels).withAnnotations(annotations);
    ServiceStatus status = new ServiceStatus(1L, List.of(), null, null,
        traffic.length == 0 ? null : "http://" + name + "." + NS + "." + DOMAIN, null,
        Arrays.asList(traffic), null);
    return new Service(Service.API_VERSION, Service.KIND, meta, null, status, null);
  }

  static InferenceService isvc(String name) {
    return isvc(name, Map.of());
  }

  static InferenceService isvc(String name, Map<String, String> annotations) {
    return InferenceService.of(ObjectMeta.of(NS, name).withAnnotations(annotations), null);
  }

  static Revision revision(String name, Long timeoutSeconds) {
    return new Revision(Revision.API_VERSION, Revision.KIND, ObjectMeta.of(NS, name),
        new RevisionSpec(List.of(), null, timeoutSeconds, null, null), null, null);
  }

  static ReplicaStatus replica(String name, String revision, int port) {
    return replica(name, revision, port, ReplicaPhase.READY, true);
  }

  static ReplicaStatus replica(
      String name, String revision, int port, ReplicaPhase phase, boolean ready) {
    return new ReplicaStatus(name, NS + "/" + revision, phase, ready, port, 0,
        OptionalLong.empty(), 0, Instant.EPOCH, OptionalInt.empty(), List.of(), "", "");
  }

  /** Mutable inputs a test changes between rebuilds. */
  static final class Inputs {
    final List<Service> services = new ArrayList<>();
    final List<InferenceService> isvcs = new ArrayList<>();
    final List<Revision> revisions = new ArrayList<>();
    final List<ReplicaStatus> replicas = new ArrayList<>();

    synchronized RouteInputs get() {
      return new RouteInputs(DOMAIN, services, isvcs, revisions, replicas, Set.of());
    }

    synchronized Inputs set(List<Service> newServices, List<ReplicaStatus> newReplicas) {
      services.clear();
      services.addAll(newServices);
      replicas.clear();
      replicas.addAll(newReplicas);
      return this;
    }
  }
}
