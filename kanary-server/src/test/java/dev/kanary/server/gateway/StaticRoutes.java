package dev.kanary.server.gateway;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * For the benchmarks: a Service {@code bench} in namespace {@code default} whose applied route
 * splits its requests over revisions {@code bench-00001}.. by the given percents, each revision
 * with one ready replica on a given loopback port. The gateway builds its table from these inputs
 * exactly as it does from the control plane's objects.
 */
final class StaticRoutes {
  static final String HOST = "bench.default.example.com";
  static final String NAMESPACE = "default";

  private StaticRoutes() {}

  static RouteInputs split(long[] percents, int[] ports) {
    if (percents.length != ports.length) {
      throw new IllegalArgumentException("one backend port per revision: " + percents.length
          + " percents, " + ports.length + " ports");
    }
    return new RouteInputs("example.com", List.of(service(percents)), List.of(), List.of(),
        replicas(ports), Set.of());
  }

  static Service service(long[] percents) {
    List<TrafficTarget> traffic = new ArrayList<>();
    for (int i = 0; i < percents.length; i++) {
      traffic.add(new TrafficTarget(null, revision(i), null, false, percents[i], null));
    }
    ServiceStatus status =
        new ServiceStatus(1L, List.of(), null, null, "http://" + HOST, null, traffic, null);
    return new Service(Service.API_VERSION, Service.KIND, ObjectMeta.of(NAMESPACE, "bench"), null,
        status, null);
  }

  static List<ReplicaStatus> replicas(int[] ports) {
    List<ReplicaStatus> replicas = new ArrayList<>();
    for (int i = 0; i < ports.length; i++) {
      replicas.add(new ReplicaStatus(revision(i) + "-replica", NAMESPACE + "/" + revision(i),
          ReplicaPhase.READY, true, ports[i], 0, OptionalLong.empty(), 0, Instant.EPOCH,
          OptionalInt.empty(), List.of(), "", ""));
    }
    return replicas;
  }

  static String revision(int index) {
    return String.format("bench-%05d", index + 1);
  }

  static long[] longs(String csv) {
    return Arrays.stream(csv.split(",")).mapToLong(Long::parseLong).toArray();
  }

  static int[] ints(String csv) {
    return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
  }
}
