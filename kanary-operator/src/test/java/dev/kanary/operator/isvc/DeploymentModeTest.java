package dev.kanary.operator.isvc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** KServe's GetDeploymentMode (reference/kserve.md §3.1): status, then annotation, then default. */
class DeploymentModeTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(null, null, DeploymentMode.KNATIVE, DeploymentMode.KNATIVE),
        Arguments.of(null, null, DeploymentMode.STANDARD, DeploymentMode.STANDARD),
        Arguments.of(null, "Standard", DeploymentMode.KNATIVE, DeploymentMode.STANDARD),
        Arguments.of(null, "RawDeployment", DeploymentMode.KNATIVE, DeploymentMode.STANDARD),
        Arguments.of(null, "Serverless", DeploymentMode.STANDARD, DeploymentMode.KNATIVE),
        Arguments.of(null, "ModelMesh", DeploymentMode.KNATIVE, DeploymentMode.KNATIVE),
        Arguments.of("Knative", "Standard", DeploymentMode.STANDARD, DeploymentMode.KNATIVE),
        Arguments.of("RawDeployment", "Knative", DeploymentMode.KNATIVE,
            DeploymentMode.STANDARD));
  }

  @ParameterizedTest(name = "status {0}, annotation {1}, default {2}")
  @MethodSource("cases")
  void resolvesAsKServe(
      String status, String annotation, DeploymentMode fallback, DeploymentMode expected) {
    assertThat(DeploymentMode.resolve(status, annotation, fallback)).isEqualTo(expected);
  }
}
