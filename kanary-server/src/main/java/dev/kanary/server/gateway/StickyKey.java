package dev.kanary.server.gateway;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What makes a client sticky to a revision, from the InferenceService annotation
 * {@value #ANNOTATION}: {@code header:X-User} (a request header's value) or {@code cookie:NAME}.
 */
public sealed interface StickyKey {
  String ANNOTATION = "serving.kanary.io/sticky-key";

  /** The key of this request, when it carries one. */
  Optional<String> valueIn(Headers headers);

  /** A request's headers, whatever HTTP library decoded them: every value of a name. */
  @FunctionalInterface
  interface Headers {
    /** @param name lower case */
    List<String> getAll(String name);
  }

  record Header(String name) implements StickyKey {
    @Override
    public Optional<String> valueIn(Headers headers) {
      return headers.getAll(name).stream().findFirst().filter(v -> !v.isEmpty());
    }
  }

  record FromCookie(String name) implements StickyKey {
    @Override
    public Optional<String> valueIn(Headers headers) {
      for (String header : headers.getAll("cookie")) {
        for (String pair : header.split(";")) {
          int equals = pair.indexOf('=');
          if (equals > 0 && pair.substring(0, equals).trim().equals(name)) {
            String value = unquoted(pair.substring(equals + 1).trim());
            if (!value.isEmpty()) {
              return Optional.of(value);
            }
          }
        }
      }
      return Optional.empty();
    }

    private static String unquoted(String value) {
      return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
          ? value.substring(1, value.length() - 1)
          : value;
    }
  }

  /** The outcome of reading the annotation: a key, or why the value is not one. */
  sealed interface Parsed {}

  record Valid(StickyKey key) implements Parsed {}

  record Invalid(String message) implements Parsed {}

  static Parsed parse(String value) {
    String trimmed = value.trim();
    int colon = trimmed.indexOf(':');
    String kind = colon < 0 ? "" : trimmed.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    String name = colon < 0 ? "" : trimmed.substring(colon + 1).trim();
    if (!name.isEmpty() && name.chars().allMatch(StickyKey::isTokenChar)) {
      if (kind.equals("header")) {
        return new Valid(new Header(name.toLowerCase(Locale.ROOT)));
      }
      if (kind.equals("cookie")) {
        return new Valid(new FromCookie(name));
      }
    }
    return new Invalid("annotation " + ANNOTATION + ": \"" + value + "\" is not header:NAME or"
        + " cookie:NAME (e.g. header:X-User); requests are not sticky");
  }

  /** RFC 9110's token characters, which header and cookie names are made of. */
  private static boolean isTokenChar(int c) {
    return c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
  }
}
