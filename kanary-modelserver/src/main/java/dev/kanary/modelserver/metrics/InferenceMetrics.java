package dev.kanary.modelserver.metrics;

import dev.kanary.modelserver.inference.ErrorKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Inference requests, their latency and their errors, by model and protocol. Every meter is made
 * up front, so recording is a lookup and an increment. Requests for a model this server does not
 * serve are labelled {@value #UNKNOWN_MODEL}, so that clients cannot create series at will.
 */
public final class InferenceMetrics {
  static final String UNKNOWN_MODEL = "unknown";

  private final Map<String, Map<Protocol, Meters>> byModel = new HashMap<>();

  public InferenceMetrics(MeterRegistry registry, String modelName) {
    for (String model : new String[] {modelName, UNKNOWN_MODEL}) {
      Map<Protocol, Meters> byProtocol = new EnumMap<>(Protocol.class);
      for (Protocol protocol : Protocol.values()) {
        byProtocol.put(protocol, new Meters(registry, model, protocol));
      }
      byModel.putIfAbsent(model, byProtocol);
    }
  }

  public void succeeded(Protocol protocol, String model, long startNanos) {
    meters(protocol, model).record(startNanos);
  }

  public void failed(Protocol protocol, String model, long startNanos, ErrorKind kind) {
    Meters meters = meters(protocol, model);
    meters.record(startNanos);
    meters.errors.get(kind).increment();
  }

  private Meters meters(Protocol protocol, String model) {
    Map<Protocol, Meters> byProtocol = byModel.get(model);
    return (byProtocol != null ? byProtocol : byModel.get(UNKNOWN_MODEL)).get(protocol);
  }

  private static final class Meters {
    final Counter requests;
    final Timer latency;
    final Map<ErrorKind, Counter> errors = new EnumMap<>(ErrorKind.class);

    Meters(MeterRegistry registry, String model, Protocol protocol) {
      requests =
          Counter.builder("kanary.inference.requests")
              .description("Inference requests received")
              .tag("model", model)
              .tag("protocol", protocol.label())
              .register(registry);
      latency =
          Timer.builder("kanary.inference.duration")
              .description("Time to decode, check, run and encode a request, failures included")
              .tag("model", model)
              .tag("protocol", protocol.label())
              .publishPercentileHistogram()
              .minimumExpectedValue(Duration.ofNanos(20_000))
              .maximumExpectedValue(Duration.ofSeconds(10))
              .register(registry);
      for (ErrorKind kind : ErrorKind.values()) {
        errors.put(
            kind,
            Counter.builder("kanary.inference.errors")
                .description("Inference requests that failed, by the kind of failure")
                .tag("model", model)
                .tag("protocol", protocol.label())
                .tag("error", kind.name().toLowerCase(Locale.ROOT))
                .register(registry));
      }
    }

    void record(long startNanos) {
      requests.increment();
      latency.record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }
  }
}
