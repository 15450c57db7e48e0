package dev.kanary.core.traffic.edit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceSpec;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.TrafficTarget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrafficEditRequestTest {

  @Test
  void takesWhatKnServiceUpdateTakesFromTheService() {
    List<TrafficTarget> spec = List.of(TrafficTarget.latest(100));
    ServiceSpec serviceSpec = new ServiceSpec(null, spec, null);
    List<TrafficTarget> status =
        List.of(TrafficTarget.latest(100).withRevisionName("echo-00002"));
    Service service = Service.of(ObjectMeta.of("default", "echo"), serviceSpec)
        .withStatus(status("echo-00002", status));
    Revision tagged = revision("echo-00001", Map.of(ServiceRevision.TAGS_ANNOTATION, "old"));
    Revision plain = revision("echo-00002", Map.of());
    TrafficFlags flags = TrafficFlags.none().withTag("echo-00001=old");

    TrafficEditRequest request =
        TrafficEditRequest.of(service, List.of(tagged, plain), flags, true);

    assertThat(request).isEqualTo(new TrafficEditRequest(
        "echo",
        spec,
        status,
        List.of(new ServiceRevision("echo-00001", "old"), ServiceRevision.named("echo-00002")),
        "echo-00002",
        flags,
        true));
  }

  @Test
  void aServiceWithoutStatusHasNoStatusTraffic() {
    ServiceSpec spec = new ServiceSpec(null, List.of(TrafficTarget.latest(100)), null);
    Service service = Service.of(ObjectMeta.of("default", "echo"), spec);

    TrafficEditRequest request =
        TrafficEditRequest.of(service, List.of(), TrafficFlags.none(), false);

    assertThat(request.statusTraffic()).isEmpty();
    assertThat(request.latestReadyRevisionName()).isNull();
  }

  private static ServiceStatus status(String latestReady, List<TrafficTarget> traffic) {
    return new ServiceStatus(1L, null, latestReady, latestReady, null, null, traffic, null);
  }

  private static Revision revision(String name, Map<String, String> annotations) {
    return new Revision(Revision.API_VERSION, Revision.KIND,
        ObjectMeta.of("default", name).withAnnotations(annotations), null, null, null);
  }
}
