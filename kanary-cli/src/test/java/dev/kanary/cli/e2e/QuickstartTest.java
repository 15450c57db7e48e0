package dev.kanary.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.cli.e2e.Kanary.Run;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code kanary quickstart}, the README's first command: the whole tutorial with its own server,
 * its tables as the tutorial's, the 90/10 split exact, and nothing left running afterwards.
 */
class QuickstartTest {
  private static final String R1 = "sklearn-iris-predictor-00001";
  private static final String R2 = "sklearn-iris-predictor-00002";
  private static final String R3 = "sklearn-iris-predictor-00003";

  @Test
  void replaysTheTutorialAndLeavesNothingBehind() {
    List<ProcessHandle> before = ProcessHandle.current().descendants().toList();
    long start = System.nanoTime();

    Run run = Kanary.raw(Map.of(), "quickstart", "--models", Kanary.MODELS.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(90));
    String out = run.out();
    assertThat(out)
        .contains("$ kanary rollout status sklearn-iris -n kserve-test\n",
            "$ kanary predict sklearn-iris -n kserve-test -d"
                + " '{\"instances\": [[6.8, 2.8, 4.8, 1.4], [6.0, 3.4, 4.5, 1.6]]}'\n"
                + "{\"predictions\":[1,1]}\nKanary-Revision: " + R1 + "\n",
            "    180 Kanary-Revision: " + R1 + "\n     20 Kanary-Revision: " + R2 + "\n",
            "$ kanary rollout promote sklearn-iris -n kserve-test\n"
                + "inferenceservice.serving.kserve.io/sklearn-iris promoted\n",
            "Kanary-Revision: " + R3 + "\n$ kanary predict sklearn-iris -n kserve-test --tag prev",
            "# Done in ")
        .containsPattern("sklearn-iris   http://sklearn-iris.kserve-test.example.com   True    90 "
            + "    10       " + R1 + "   " + R2 + "   \\d+s\n")
        .containsPattern("sklearn-iris   http://sklearn-iris.kserve-test.example.com   True    100"
            + "    0        " + R1 + "   " + R2 + "   \\d+s\n");
    assertThat(out.substring(out.lastIndexOf("--tag prev"))).contains("Kanary-Revision: " + R1);
    assertThat(ProcessHandle.current().descendants().filter(p -> !before.contains(p)))
        .as("processes left behind").isEmpty();
  }
}
