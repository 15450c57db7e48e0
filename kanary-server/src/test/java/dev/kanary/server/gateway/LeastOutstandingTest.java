package dev.kanary.server.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LeastOutstandingTest {

  @Test
  void oneReplicaIsAlwaysTheOne() {
    assertThat(LeastOutstanding.choose(1, i -> 100, new Random(1))).isZero();
  }

  @Test
  void ofTwoReplicasTheLessBusyOneIsPicked() {
    int[] outstanding = {5, 0};
    Random random = new Random(2);
    for (int i = 0; i < 100; i++) {
      assertThat(LeastOutstanding.choose(2, r -> outstanding[r], random)).isEqualTo(1);
    }
  }

  @Test
  void theBusiestReplicaIsNeverPickedAndIdleOnesShareTheRest() {
    int[] outstanding = {0, 0, 0, 9};
    int[] counts = new int[4];
    Random random = new Random(3);
    for (int i = 0; i < 30_000; i++) {
      counts[LeastOutstanding.choose(4, r -> outstanding[r], random)]++;
    }
    assertThat(counts[3]).isZero();
    for (int r = 0; r < 3; r++) {
      assertThat(counts[r]).isBetween(9_000, 11_000);
    }
  }

  @Test
  void underLoadTheCountsStayBalanced() {
    int[] outstanding = new int[5];
    Random random = new Random(4);
    for (int i = 0; i < 10_000; i++) {
      outstanding[LeastOutstanding.choose(5, r -> outstanding[r], random)]++;
    }
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int count : outstanding) {
      min = Math.min(min, count);
      max = Math.max(max, count);
    }
    assertThat(max - min).isLessThanOrEqualTo(3);
  }
}
