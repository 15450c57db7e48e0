package dev.kanary.core.rollout;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceSpec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * KServe's Knative Service reconcile decision: an existing Service is updated only when it differs
 * from the desired one in what KServe owns (the Service-level annotations, the template, the labels,
 * the traffic), and the update keeps every other annotation the existing Service has.
 */
public final class KnativeServiceUpdate {
  private KnativeServiceUpdate() {}

  /** The Service to write, or empty when the existing one already matches. */
  public static Optional<Service> reconcile(Service existing, Service desired) {
    if (existing == null) {
      return Optional.of(desired);
    }
    if (semanticallyEqual(existing, desired)) {
      return Optional.empty();
    }
    Map<String, String> annotations = new LinkedHashMap<>(existing.metadata().annotations());
    for (String key : KnativeServiceBuilder.SERVICE_LEVEL_ANNOTATIONS) {
      String value = desired.metadata().annotation(key);
      if (value == null) {
        annotations.remove(key);
      } else {
        annotations.put(key, value);
      }
    }
    ObjectMeta meta = existing.metadata()
        .withLabels(desired.metadata().labels())
        .withAnnotations(annotations);
    ServiceSpec spec = new ServiceSpec(desired.spec().template(), desired.spec().traffic(),
        existing.spec().extra());
    return Optional.of(existing.withMetadata(meta).withSpec(spec));
  }

  static boolean semanticallyEqual(Service existing, Service desired) {
    for (String key : KnativeServiceBuilder.SERVICE_LEVEL_ANNOTATIONS) {
      if (!Objects.equals(existing.metadata().annotation(key), desired.metadata().annotation(key))) {
        return false;
      }
    }
    return Objects.equals(existing.spec().template(), desired.spec().template())
        && existing.metadata().labels().equals(desired.metadata().labels())
        && existing.spec().traffic().equals(desired.spec().traffic());
  }
}
