package dev.kanary.server.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The bearer token of the control plane API: {@code KANARY_TOKEN} when set, else the one in
 * {@code {data-dir}/token}, which the server generates at its first start, readable by its owner
 * only. The CLI finds it the same way, without ever creating one.
 */
public final class ApiToken {
  public static final String ENV = "KANARY_TOKEN";
  public static final String FILE_NAME = "token";
  private static final int RANDOM_BYTES = 32;
  private static final String BEARER = "bearer ";

  private final String value;

  private ApiToken(String value) {
    this.value = value;
  }

  public static ApiToken of(String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("an API token must not be blank");
    }
    return new ApiToken(value.strip());
  }

  /** The server's token: from the environment, else the token file, created when missing. */
  public static ApiToken forServer(Map<String, String> env, Path dataDir) {
    return fromEnv(env).orElseGet(() -> {
      Path file = dataDir.resolve(FILE_NAME);
      return read(file).orElseGet(() -> create(file));
    });
  }

  /** The token a client should send, when the environment or the data directory has one. */
  public static Optional<ApiToken> forClient(Map<String, String> env, Path dataDir) {
    return fromEnv(env).or(() -> read(dataDir.resolve(FILE_NAME)));
  }

  public String value() {
    return value;
  }

  /** The header value a client sends. */
  public String authorizationHeader() {
    return "Bearer " + value;
  }

  /**
   * True when the header carries this token. The comparison takes the same time wherever the
   * tokens differ, so response times do not leak the token a byte at a time.
   */
  public boolean authorizes(String authorizationHeader) {
    if (authorizationHeader == null
        || !authorizationHeader.toLowerCase(Locale.ROOT).startsWith(BEARER)) {
      return false;
    }
    byte[] given = authorizationHeader.substring(BEARER.length()).strip()
        .getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "ApiToken[***]";
  }

  private static Optional<ApiToken> fromEnv(Map<String, String> env) {
    String value = env.get(ENV);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(of(value));
  }

  private static Optional<ApiToken> read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the API token from " + file, e);
    }
    if (text.isBlank()) {
      throw new IllegalStateException("the API token file " + file + " is empty: delete it to"
          + " have the server generate a new token, or set " + ENV);
    }
    return Optional.of(of(text));
  }

  private static ApiToken create(Path file) {
    byte[] random = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(random);
    ApiToken token = of(Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    try {
      Files.createDirectories(file.getParent());
      // The mode is given at creation, so the token is never readable by others, not even briefly.
      try (SeekableByteChannel channel = Files.newByteChannel(file,
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly(file))) {
        channel.write(ByteBuffer.wrap((token.value + "\n").getBytes(StandardCharsets.UTF_8)));
      }
      return token;
    } catch (FileAlreadyExistsException e) {
      // Another server started at the same moment and wrote it first: share its token.
      return read(file).orElseThrow(() -> new IllegalStateException("lost " + file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the API token to " + file, e);
    }
  }

  private static FileAttribute<?>[] ownerOnly(Path file) {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }
}
