package dev.kanary.core.rollout;

import dev.kanary.core.k8s.ObjectMeta;
import dev.kanary.core.knative.RevisionSpec;
import dev.kanary.core.knative.RevisionTemplate;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceSpec;
import dev.kanary.core.kserve.ComponentExtension;
import dev.kanary.core.kserve.ComponentStatus;
import dev.kanary.core.kserve.InferenceService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the desired Knative Service of one InferenceService component, as KServe's
 * createKnativeService does: autoscaling annotations on the template, the Service-level annotations
 * moved up, timeouts and concurrency copied, and traffic from the {@link TrafficPlanner}.
 */
public final class KnativeServiceBuilder {
  public static final String AUTOSCALING_CLASS = "autoscaling.knative.dev/class";
  public static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
  public static final String MAX_SCALE = "autoscaling.knative.dev/max-scale";
  public static final String TARGET = "autoscaling.knative.dev/target";
  public static final String METRIC = "autoscaling.knative.dev/metric";
  public static final String KPA_CLASS = "kpa.autoscaling.knative.dev";
  public static final String ROLLOUT_DURATION = "serving.knative.dev/rollout-duration";
  public static final String ENABLE_PASSTHROUGH = "serving.knative.openshift.io/enablePassthrough";

  /** Knative honours these only on the Service's own metadata, not on the revision template. */
  public static final List<String> SERVICE_LEVEL_ANNOTATIONS =
      List.of(ROLLOUT_DURATION, ENABLE_PASSTHROUGH);

  static final int DEFAULT_MIN_REPLICAS = 1;

  private KnativeServiceBuilder() {}

  /**
   * @param componentMeta the component Service's metadata: name {@code {isvc}-predictor}, namespace,
   *     labels, and the merged InferenceService and component annotations
   * @param extension the component's deployment settings, including canaryTrafficPercent
   * @param revisionSpec what each revision runs (containers)
   * @param status the component status as read at the start of this reconcile
   * @param disallowedTemplateLabels labels kept off the revision template
   */
  public static Service build(
      ObjectMeta componentMeta,
      ComponentExtension extension,
      RevisionSpec revisionSpec,
      ComponentStatus status,
      Set<String> disallowedTemplateLabels) {
    Map<String, String> templateAnnotations = new LinkedHashMap<>(componentMeta.annotations());
    Map<String, String> serviceAnnotations = new LinkedHashMap<>();
    for (String key : SERVICE_LEVEL_ANNOTATIONS) {
      String value = templateAnnotations.remove(key);
      if (value != null) {
        serviceAnnotations.put(key, value);
      }
    }
    templateAnnotations.putIfAbsent(AUTOSCALING_CLASS, KPA_CLASS);
    templateAnnotations.put(MIN_SCALE, String.valueOf(
        extension.minReplicas() == null ? DEFAULT_MIN_REPLICAS : extension.minReplicas()));
    if (extension.maxReplicas() != null && extension.maxReplicas() != 0) {
      templateAnnotations.put(MAX_SCALE, String.valueOf(extension.maxReplicas()));
    }
    if (extension.scaleTarget() != null) {
      templateAnnotations.put(TARGET, String.valueOf(extension.scaleTarget()));
    }
    if (extension.scaleMetric() != null) {
      templateAnnotations.put(METRIC, extension.scaleMetric());
    }

    Map<String, String> templateLabels = new LinkedHashMap<>(componentMeta.labels());
    templateLabels.keySet().removeAll(disallowedTemplateLabels);

    ObjectMeta templateMeta = new ObjectMeta(null, null, null, null, null, null, null, null,
        templateLabels, templateAnnotations, null, null, null);
    RevisionSpec spec = new RevisionSpec(revisionSpec.containers(), extension.containerConcurrency(),
        extension.timeout(), extension.timeout(), revisionSpec.extra());
    ObjectMeta serviceMeta = ObjectMeta.of(componentMeta.namespace(), componentMeta.name())
        .withLabels(componentMeta.labels())
        .withAnnotations(serviceAnnotations)
        .withOwnerReferences(componentMeta.ownerReferences());
    return Service.of(serviceMeta, new ServiceSpec(
        new RevisionTemplate(templateMeta, spec),
        TrafficPlanner.plan(extension.canaryTrafficPercent(), status.latestRolledoutOrEmpty(),
            componentMeta.annotation(InferenceService.ENABLE_TAG_ROUTING_ANNOTATION)),
        null));
  }
}
