package dev.kanary.server.gateway;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/** {@code GET /metrics} in Prometheus' text format. */
public final class PrometheusScrape {
  private static final MediaType TEXT_FORMAT =
      MediaType.parse("text/plain; version=0.0.4; charset=utf-8");

  private PrometheusScrape() {}

  public static HttpService of(PrometheusMeterRegistry registry) {
    return (ctx, req) -> HttpResponse.of(HttpStatus.OK, TEXT_FORMAT, registry.scrape());
  }
}
