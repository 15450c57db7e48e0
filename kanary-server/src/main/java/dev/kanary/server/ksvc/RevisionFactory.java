package dev.kanary.server.ksvc;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.k8s.OwnerReference;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionSpec;
import dev.kanary.core.knative.RevisionTemplate;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.revision.RevisionNames;
import dev.kanary.core.revision.RoutingState;
import dev.kanary.server.controller.Resources;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Knative's configuration step: the immutable Revision a Service's template becomes at a given
 * configuration generation. A digest of the template on each revision tells whether the template
 * changed since the latest one, which is what moves a Knative Configuration's generation.
 */
public final class RevisionFactory {
  /** Annotation on a revision: the digest of the template it was made from. */
  public static final String TEMPLATE_DIGEST = "serving.kanary.io/template-digest";

  /** Knative's default request timeout for a revision (config-defaults). */
  static final long DEFAULT_TIMEOUT_SECONDS = 300;

  private RevisionFactory() {}

  public static String digest(RevisionTemplate template) {
    return Resources.digest(template);
  }

  /** True when the revision was made from this very template. */
  public static boolean madeFrom(Revision revision, RevisionTemplate template) {
    return digest(template).equals(revision.metadata().annotation(TEMPLATE_DIGEST));
  }

  public static Revision build(Service service, long generation, Instant now) {
    RevisionTemplate template = service.spec().template();
    ObjectMeta templateMeta = template.metadata() == null
        ? ObjectMeta.of(null, null)
        : template.metadata();
    String serviceName = service.metadata().name();
    String name = templateMeta.name() != null
        ? templateMeta.name()
        : RevisionNames.forGeneration(serviceName, generation);

    Map<String, String> labels = new LinkedHashMap<>(templateMeta.labels());
    labels.put(ServingLabels.CONFIGURATION, serviceName);
    labels.put(ServingLabels.SERVICE, serviceName);
    labels.put(ServingLabels.CONFIGURATION_GENERATION, String.valueOf(generation));
    labels.put(ServingLabels.SERVICE_UID, service.metadata().uid());
    labels.put(ServingLabels.ROUTING_STATE, RoutingState.PENDING.label());
    Map<String, String> annotations = new LinkedHashMap<>(templateMeta.annotations());
    annotations.put(ServingLabels.ROUTING_STATE_MODIFIED, now.toString());
    annotations.put(TEMPLATE_DIGEST, digest(template));

    ObjectMeta meta = ObjectMeta.of(service.metadata().namespace(), name)
        .withLabels(labels)
        .withAnnotations(annotations)
        .withOwnerReferences(List.of(
            OwnerReference.controllerOf(Service.API_VERSION, Service.KIND, service.metadata())));
    RevisionSpec spec = template.spec();
    RevisionSpec defaulted = new RevisionSpec(spec.containers(),
        spec.containerConcurrency() == null ? 0L : spec.containerConcurrency(),
        spec.timeoutSeconds() == null ? DEFAULT_TIMEOUT_SECONDS : spec.timeoutSeconds(),
        spec.responseStartTimeoutSeconds(), spec.extra());
    return new Revision(Revision.API_VERSION, Revision.KIND, meta, defaulted, null, null);
  }
}
