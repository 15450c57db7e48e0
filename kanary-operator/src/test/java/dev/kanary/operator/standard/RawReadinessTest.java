package dev.kanary.operator.standard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.core.condition.ConditionStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** KServe's TestPropagateRawStatus (reference/kserve.md §5.5), plus the no-conditions case. */
class RawReadinessTest {
  private static DeploymentCondition condition(
      String type, String status, String reason, String message) {
    return new DeploymentConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .withMessage(message).build();
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("Available True",
            List.of(condition("Available", "True", "MinimumReplicasAvailable", null)),
            ConditionStatus.TRUE),
        Arguments.of("Available True, Progressing NewReplicaSetAvailable", List.of(
            condition("Available", "True", "MinimumReplicasAvailable", null),
            condition("Progressing", "True", "NewReplicaSetAvailable", null)),
            ConditionStatus.TRUE),
        Arguments.of("Available True, Progressing False with a message", List.of(
            condition("Available", "True", "MinimumReplicasAvailable", null),
            condition("Progressing", "False", "ProgressDeadlineExceeded",
                "ProgressDeadlineExceeded")),
            ConditionStatus.FALSE),
        Arguments.of("Available False, Progressing False with a message", List.of(
            condition("Available", "False", "MinimumReplicasUnavailable", null),
            condition("Progressing", "False", null, "Some error happened")),
            ConditionStatus.FALSE),
        Arguments.of("Available False wins over Progressing NewReplicaSetAvailable", List.of(
            condition("Available", "False", "MinimumReplicasUnavailable", null),
            condition("Progressing", "True", "NewReplicaSetAvailable", null)),
            ConditionStatus.FALSE),
        Arguments.of("Available False, Progressing NewReplicaSetCreated", List.of(
            condition("Available", "False", "MinimumReplicasUnavailable", null),
            condition("Progressing", "True", "NewReplicaSetCreated", null)),
            ConditionStatus.FALSE),
        Arguments.of("Available True, ReplicaFailure True", List.of(
            condition("Available", "True", "MinimumReplicasAvailable", null),
            condition("ReplicaFailure", "True", "FailedCreate", "quota")),
            ConditionStatus.FALSE),
        Arguments.of("still progressing, not available yet",
            List.of(condition("Progressing", "True", "ReplicaSetUpdated", null)),
            ConditionStatus.UNKNOWN),
        Arguments.of("kanary: no conditions yet reads as rolling out", List.of(),
            ConditionStatus.UNKNOWN));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void readsTheDeploymentAsKServeDoes(
      String name, List<DeploymentCondition> conditions, ConditionStatus expected) {
    assertThat(RawReadiness.of(conditions).status()).isEqualTo(expected);
  }
}
