package dev.kanary.server.gateway;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A replica stand-in on a free loopback port. It answers with its name and what it received:
 * {@code x-backend}, {@code x-path}, {@code x-host}, {@code x-body-length} and {@code x-protocol}
 * (h1c or h2c) headers; {@code /slow/{ms}} answers after a delay, {@code /stream} sends "one",
 * then "two" 500 ms later, {@code /echo-stream} sends each request chunk back as it arrives,
 * {@code /trailers} ends its body with trailers, as gRPC does, and {@code /early} answers without
 * reading the body.
 */
final class TestBackend implements AutoCloseable {
  final String name;
  final AtomicInteger hits = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  private final Server server;

  TestBackend(String name) {
    this.name = name;
    this.server = Server.builder()
        .http(0)
        .requestTimeout(Duration.ZERO)
        .maxRequestLength(0)
        // Its own registry: servers sharing the global one warn of duplicate meters.
        .meterRegistry(new SimpleMeterRegistry())
        .serviceUnder("/", (ctx, req) -> {
          hits.incrementAndGet();
          inFlight.incrementAndGet();
          ctx.log().whenComplete().thenRun(inFlight::decrementAndGet);
          String path = req.path();
          String protocol = ctx.sessionProtocol().uriText();
          if (path.startsWith("/early")) {
            // Answers at once, reading none of the body, as nginx's "return" does.
            return HttpResponse.of(headers(HttpStatus.OK, path, req.authority(), -1, protocol),
                HttpData.ofUtf8(name));
          }
          if (path.startsWith("/trailers")) {
            return HttpResponse.of(req.aggregate().thenApply(aggregated -> HttpResponse.of(
                headers(HttpStatus.OK, path, req.authority(), aggregated.content().length(),
                    protocol),
                HttpData.ofUtf8(name), HttpHeaders.of("grpc-status", "0"))));
          }
          if (path.startsWith("/stream")) {
            HttpResponseWriter writer = HttpResponse.streaming();
            writer.write(headers(HttpStatus.OK, path, req.authority(), -1, protocol));
            writer.write(HttpData.ofUtf8("one"));
            ctx.eventLoop().schedule(() -> {
              writer.write(HttpData.ofUtf8("two"));
              writer.close();
            }, 500, TimeUnit.MILLISECONDS);
            return writer;
          }
          if (path.startsWith("/echo-stream")) {
            return HttpResponse.of(headers(HttpStatus.OK, path, req.authority(), -1, protocol),
                req.filter(HttpData.class::isInstance).map(HttpData.class::cast));
          }
          long delay = path.startsWith("/slow/") ? Long.parseLong(path.substring(6)) : 0;
          return HttpResponse.of(req.aggregate().thenApply(aggregated -> {
            HttpResponse response = HttpResponse.of(
                headers(HttpStatus.OK, path, req.authority(), aggregated.content().length(),
                    protocol),
                HttpData.ofUtf8(name));
            return delay == 0 ? response : HttpResponse.delayed(response, Duration.ofMillis(delay));
          }));
        })
        .build();
    server.start().join();
  }

  int port() {
    return server.activeLocalPort();
  }

  private ResponseHeaders headers(
      HttpStatus status, String path, String host, int bodyLength, String protocol) {
    return ResponseHeaders.builder(status)
        .contentType(MediaType.PLAIN_TEXT_UTF_8)
        .add("x-backend", name)
        .add("x-path", path)
        .add("x-host", host == null ? "" : host)
        .add("x-body-length", Integer.toString(bodyLength))
        .add("x-protocol", protocol)
        .build();
  }

  @Override
  public void close() {
    stop().join();
  }

  /** Armeria's stop takes about 2 s; tests stop their servers together. */
  java.util.concurrent.CompletableFuture<Void> stop() {
    return server.stop();
  }
}
