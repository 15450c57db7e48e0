package dev.kanary.server.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class ApiTokenTest {
  @TempDir Path dataDir;

  @Test
  void theServerGeneratesAnOwnerOnlyTokenFileAtFirstStart() throws Exception {
    ApiToken token = ApiToken.forServer(Map.of(), dataDir);

    Path file = dataDir.resolve("token");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Files.readString(file).strip()).isEqualTo(token.value());
    // 32 random bytes, URL-safe base64 without padding.
    assertThat(token.value()).matches("[A-Za-z0-9_-]{43}");
  }

  @Test
  void theTokenSurvivesARestart() {
    ApiToken first = ApiToken.forServer(Map.of(), dataDir);
    ApiToken second = ApiToken.forServer(Map.of(), dataDir);

    assertThat(second.value()).isEqualTo(first.value());
  }

  @Test
  void eachDataDirectoryGetsItsOwnToken(@TempDir Path other) {
    assertThat(ApiToken.forServer(Map.of(), dataDir).value())
        .isNotEqualTo(ApiToken.forServer(Map.of(), other).value());
  }

  @Test
  void theEnvironmentWinsAndNoFileIsWritten() {
    ApiToken token = ApiToken.forServer(Map.of(ApiToken.ENV, "s3cret"), dataDir);

    assertThat(token.value()).isEqualTo("s3cret");
    assertThat(dataDir.resolve("token")).doesNotExist();
  }

  @Test
  void aBlankEnvironmentValueIsIgnored() {
    assertThat(ApiToken.forServer(Map.of(ApiToken.ENV, "  "), dataDir).value()).hasSize(43);
  }

  @Test
  void theDataDirectoryIsCreatedWhenMissing() {
    ApiToken.forServer(Map.of(), dataDir.resolve("a/b"));

    assertThat(dataDir.resolve("a/b/token")).exists();
  }

  @Test
  void aClientReadsButNeverCreates() {
    assertThat(ApiToken.forClient(Map.of(), dataDir)).isEmpty();
    assertThat(dataDir.resolve("token")).doesNotExist();

    ApiToken server = ApiToken.forServer(Map.of(), dataDir);

    assertThat(ApiToken.forClient(Map.of(), dataDir)).hasValueSatisfying(
        client -> assertThat(client.value()).isEqualTo(server.value()));
    assertThat(ApiToken.forClient(Map.of(ApiToken.ENV, "e"), dataDir)).hasValueSatisfying(
        client -> assertThat(client.value()).isEqualTo("e"));
  }

  @Test
  void anEmptyTokenFileIsReportedWithTheFix() throws Exception {
    Files.writeString(dataDir.resolve("token"), "\n");

    assertThatThrownBy(() -> ApiToken.forServer(Map.of(), dataDir))
        .hasMessageContaining("token is empty")
        .hasMessageContaining("delete it");
  }

  @Test
  void authorizesTheBearerToken() {
    ApiToken token = ApiToken.of("abc");

    assertThat(token.authorizes("Bearer abc")).isTrue();
    assertThat(token.authorizes("bearer abc")).isTrue();
    assertThat(token.authorizationHeader()).isEqualTo("Bearer abc");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "Bearer", "Bearer ", "Bearer ab", "Bearer abcd", "Basic abc", "abc"})
  void refusesAnythingElse(String header) {
    assertThat(ApiToken.of("abc").authorizes(header)).isFalse();
  }

  @Test
  void neverShowsItselfInLogs() {
    assertThat(ApiToken.of("abc")).hasToString("ApiToken[***]");
  }
}
