package dev.kanary.core.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Kubernetes' name rules, DERIVED from apimachinery's validation.go messages. */
class K8sNamesTest {
  private static final String SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist"
      + " of lower case alphanumeric characters, '-' or '.', and must start and end with an"
      + " alphanumeric character (e.g. 'example.com', regex used for validation is"
      + " '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  private static final String NAME_PART_MESSAGE = "name part must consist of alphanumeric"
      + " characters, '-', '_' or '.', and must start and end with an alphanumeric character"
      + " (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is"
      + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  static Stream<Arguments> qualifiedNames() {
    return Stream.of(
        argumentSet("DERIVED: plain name", "my.Name_1", List.of()),
        argumentSet("DERIVED: prefixed name", "example.com/MyName", List.of()),
        argumentSet("DERIVED: empty prefix", "/name", List.of("prefix part must be non-empty")),
        argumentSet("DERIVED: bad prefix", "Example.com/name",
            List.of("prefix part " + SUBDOMAIN_MESSAGE)),
        argumentSet("DERIVED: empty name", "", List.of("name part must be non-empty",
            NAME_PART_MESSAGE)),
        argumentSet("DERIVED: long name", "a".repeat(64),
            List.of("name part must be no more than 63 characters")),
        argumentSet("DERIVED: two slashes", "a/b/c",
            List.of("a qualified name must consist of alphanumeric characters, '-', '_' or '.',"
                + " and must start and end with an alphanumeric character (e.g. 'MyName',  or"
                + " 'my.name',  or '123-abc', regex used for validation is"
                + " '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain"
                + " prefix and '/' (e.g. 'example.com/MyName')")));
  }

  @ParameterizedTest
  @MethodSource("qualifiedNames")
  void checksQualifiedNames(String value, List<String> expected) {
    assertThat(K8sNames.isQualifiedName(value)).isEqualTo(expected);
  }

  static Stream<Arguments> hosts() {
    return Stream.of(
        argumentSet("DERIVED: a route host", "svc.default.example.com", Optional.empty()),
        argumentSet("DERIVED: a trailing dot is allowed", "svc.default.example.com.",
            Optional.empty()),
        argumentSet("DERIVED: a label of 63", "a".repeat(63) + ".example.com", Optional.empty()),
        argumentSet("DERIVED: a label of 64", "a".repeat(64) + ".example.com",
            Optional.of("url: Invalid value: \"" + "a".repeat(64)
                + "\": must be no more than 63 characters")),
        argumentSet("DERIVED: one segment", "localhost",
            Optional.of("url: Invalid value: \"localhost\": should be a domain with at least two"
                + " segments separated by dots")),
        argumentSet("DERIVED: upper case", "svc.default.Example.com",
            Optional.of("url: Invalid value: \"svc.default.Example.com\": " + SUBDOMAIN_MESSAGE)),
        argumentSet("DERIVED: empty", "", Optional.of("url: Required value")));
  }

  @ParameterizedTest
  @MethodSource("hosts")
  void checksHostNames(String host, Optional<String> expected) {
    assertThat(K8sNames.fullyQualifiedDomainNameError("url", host)).isEqualTo(expected);
  }
}
