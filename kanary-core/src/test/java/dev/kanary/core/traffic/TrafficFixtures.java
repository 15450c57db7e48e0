package dev.kanary.core.traffic;

import dev.kanary.core.condition.Condition;
import dev.kanary.core.condition.ConditionStatus;
import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionStatus;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.knative.TrafficTarget;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Short constructors for the tables: targets read as in Knative's tests. */
final class TrafficFixtures {
  private TrafficFixtures() {}

  /** A target naming neither a revision nor a configuration. */
  static TrafficTarget target() {
    return new TrafficTarget(null, null, null, null, null, null);
  }

  static TrafficTarget revision(String name) {
    return target().withRevisionName(name);
  }

  static TrafficTarget configuration(String name) {
    return new TrafficTarget(null, null, name, null, null, null);
  }

  static TrafficTarget revisionAndConfiguration(String revision, String configuration) {
    return new TrafficTarget(null, revision, configuration, null, null, null);
  }

  static ObjectMeta named(String name) {
    return ObjectMeta.of("default", name);
  }

  static ObjectMeta annotated(String name, Map<String, String> annotations) {
    return named(name).withAnnotations(annotations);
  }

  /** A revision whose Ready condition has {@code ready}, observed at its generation. */
  static Revision revisionObject(
      String name, String configuration, String service, ConditionStatus ready) {
    ObjectMeta meta = ObjectMeta.of("test", name).withLabels(labels(configuration, service));
    meta = meta.withSystemFields(null, 1L, null, null);
    RevisionStatus status = new RevisionStatus(1L,
        List.of(Condition.of(RevisionStatus.READY, ready, null, null)), null, null, null);
    return new Revision(Revision.API_VERSION, Revision.KIND, meta, null, status, null);
  }

  /** A revision that was ready for an older spec: Ready=True, observedGeneration behind. */
  static Revision staleRevision(String name, String configuration, String service) {
    Revision revision = revisionObject(name, configuration, service, ConditionStatus.TRUE);
    return revision.withStatus(new RevisionStatus(0L, revision.status().conditions(), null, null,
        null));
  }

  /** A revision without any status yet. */
  static Revision newRevision(String name, String configuration, String service) {
    return revisionObject(name, configuration, service, ConditionStatus.TRUE).withStatus(null);
  }

  private static Map<String, String> labels(String configuration, String service) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (configuration != null) {
      labels.put(ServingLabels.CONFIGURATION, configuration);
    }
    if (service != null) {
      labels.put(ServingLabels.SERVICE, service);
    }
    return labels;
  }
}
