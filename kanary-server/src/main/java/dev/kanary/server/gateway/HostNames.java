package dev.kanary.server.gateway;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/** Host names as the route table keys them: lower case, without port or trailing dot. */
final class HostNames {
  static final String LOCALHOST = ".localhost";

  private HostNames() {}

  /** The host of a Host header or :authority, e.g. {@code Foo.Example.com:8080} → foo.example.com. */
  static String normalize(String authority) {
    if (authority == null) {
      return "";
    }
    String host = authority.trim();
    int at = host.lastIndexOf('@');
    if (at >= 0) {
      host = host.substring(at + 1);
    }
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      host = close < 0 ? host : host.substring(0, close + 1);
    } else {
      int colon = host.indexOf(':');
      host = colon < 0 ? host : host.substring(0, colon);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /** The host of a URL such as {@code status.url}, when it has one. */
  static Optional<String> ofUrl(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(URI.create(url.trim()).getHost()).map(HostNames::normalize);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * {@code {name}.localhost} as {@code {name}.{domain}}, so that the hosts of a route resolve on any
   * machine without DNS set-up (browsers and curl send {@code *.localhost} to the loopback).
   */
  static Optional<String> fromLocalhost(String host, String domain) {
    if (!host.endsWith(LOCALHOST) || host.length() == LOCALHOST.length()) {
      return Optional.empty();
    }
    return Optional.of(host.substring(0, host.length() - LOCALHOST.length()) + "." + domain);
  }
}
