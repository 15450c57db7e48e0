package dev.kanary.core.revision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** knative.dev/pkg {@code kmeta/names_test.go} TestChildName, and revision names (§3). */
class RevisionNamesTest {
  static Stream<Arguments> childNames() {
    return Stream.of(
        argumentSet("short", "asdf", "-deployment", "asdf-deployment"),
        argumentSet("long parent", "f".repeat(63), "-deployment",
            "ffffffffffffffffffff105d7597f637e83cc711605ac3ea4957-deployment"),
        argumentSet("long parent, shorter suffix", "f".repeat(63), "-deploy",
            "ffffffffffffffffffffffff105d7597f637e83cc711605ac3ea4957-deploy"),
        argumentSet("long parent, long suffix", "f".repeat(63), "f".repeat(63),
            "fffffffffffffffffffffffffffffff0502661254f13c89973cb3a83e0cbec0"),
        argumentSet("short parent, long suffix", "a", "f".repeat(63),
            "ab5cfd486935decbc0d305799f4ce4414ffffffffffffffffffffffffffffff"),
        argumentSet("both 32", "b".repeat(32), "f".repeat(32),
            "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb329c7c81b9ab3ba71aa139066aa5625d"),
        argumentSet("suffix cut before a dash", "aaaa", "b---a".repeat(20),
            "aaaa7a3f7966594e3f0849720eced8212c18b---ab---ab---ab---ab---ab"),
        argumentSet("suffix cut to its first character", "a".repeat(17),
            "a.-.-.-.-.-.-.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
            "aaaaaaaaaaaaaaaaaa1eb10dc911444f8434af83b7225442da"));
  }

  @ParameterizedTest
  @MethodSource("childNames")
  void shortensLikeKmeta(String parent, String suffix, String expected) {
    assertThat(RevisionNames.childName(parent, suffix)).isEqualTo(expected).hasSizeLessThan(64);
  }

  static Stream<Arguments> revisionNames() {
    return Stream.of(
        argumentSet("DERIVED: first generation", "svc", 1L, "svc-00001"),
        argumentSet("DERIVED: a predictor", "flowers-predictor", 12L, "flowers-predictor-00012"),
        argumentSet("DERIVED: past five digits", "svc", 123456L, "svc-123456"),
        argumentSet("DERIVED: exactly 63", "p".repeat(57), 1L, "p".repeat(57) + "-00001"),
        argumentSet("DERIVED: one over, hashed", "x".repeat(58), 1L,
            "x".repeat(25) + "e7a07c25a31348c37fba19f4e1d9825b-00001"),
        argumentSet("DERIVED: a long InferenceService",
            "my-very-long-inference-service-name-for-the-predictor-component", 2L,
            "my-very-long-inference-se6a0a6455a2a655d81ff47d6acdd91ddd-00002"));
  }

  @ParameterizedTest
  @MethodSource("revisionNames")
  void namesRevisionsByGeneration(String configuration, long generation, String expected) {
    assertThat(RevisionNames.forGeneration(configuration, generation)).isEqualTo(expected);
  }
}
