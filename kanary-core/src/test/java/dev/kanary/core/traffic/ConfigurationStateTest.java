package dev.kanary.core.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceSpec;
import dev.kanary.core.knative.ServiceStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A Service's configuration as its status mirrors it. */
class ConfigurationStateTest {
  private static final Service SERVICE =
      Service.of(ObjectMeta.of("default", "svc"), new ServiceSpec(null, null, null));

  @Test
  void aNewServiceHasNoRevisionsAndUnknownReadiness() {
    assertThat(ConfigurationState.of(SERVICE))
        .isEqualTo(new ConfigurationState("svc", null, null, ConditionStatus.UNKNOWN));
  }

  @Test
  void readsTheLatestRevisionsAndConfigurationsReady() {
    ServiceStatus status = new ServiceStatus(1L,
        List.of(Condition.of(ServiceStatus.CONFIGURATIONS_READY, ConditionStatus.FALSE,
            "RevisionFailed", "Revision \"svc-00002\" failed with message: boom.")),
        "svc-00002", "svc-00001", null, null, null, null);

    ConfigurationState state = ConfigurationState.of(SERVICE.withStatus(status));

    assertThat(state)
        .isEqualTo(new ConfigurationState("svc", "svc-00002", "svc-00001", ConditionStatus.FALSE));
    assertThat(state.hasLatestReadyRevision()).isTrue();
  }
}
