package dev.kanary.core.traffic;

import dev.kanary.core.k8s.K8sNames;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.validation.FieldError;
import dev.kanary.core.validation.GoQuote;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Knative's traffic validation ({@code route_validation.go}): one target, then a whole block.
 * Paths are relative to the target or the block; callers add {@code spec.traffic} and the like
 * with {@link FieldError#viaField}, as {@link RouteValidator} does.
 */
public final class TrafficValidator {
  private static final String REVISION_NAME = "revisionName";
  private static final String CONFIGURATION_NAME = "configurationName";

  private TrafficValidator() {}

  /**
   * Validates one target, in Knative's order: latestRevision, the revision/configuration one-of,
   * percent, url.
   */
  public static FieldError validateTarget(TrafficTarget target, TrafficContext context) {
    return latestRevision(target, context)
        .also(revisionAndConfiguration(target, context))
        .also(percent(target))
        .also(url(target, context));
  }

  /**
   * Validates a traffic block: every target, then the tags (DNS-1035, no duplicates) and the sum.
   * A missing percent counts as 0, so an empty block sums to 0.
   */
  public static FieldError validateTraffic(List<TrafficTarget> traffic, TrafficContext context) {
    FieldError errs = FieldError.NONE;
    Map<String, Integer> firstIndexOfTag = new HashMap<>();
    long sum = 0;
    for (int i = 0; i < traffic.size(); i++) {
      TrafficTarget target = traffic.get(i);
      errs = errs.also(validateTarget(target, context).viaIndex(i));
      sum += target.percentOrZero();
      if (!target.hasTag()) {
        continue;
      }
      List<String> msgs = K8sNames.isDns1035Label(target.tag());
      if (!msgs.isEmpty()) {
        // Knative's ErrInvalidArrayValue puts the index after the field: spec.traffic.tag[i].
        errs = errs.also(FieldError.invalidValue(
                "not a DNS 1035 label: " + K8sNames.goList(msgs), FieldError.CURRENT_FIELD)
            .viaFieldIndex("tag", i));
      }
      Integer first = firstIndexOfTag.putIfAbsent(target.tag(), i);
      if (first != null) {
        // A tag names one URL, so it may be defined once, even for the same revision.
        errs = errs.also(FieldError.of(
            "Multiple definitions for " + GoQuote.quote(target.tag()),
            "[" + i + "].tag", "[" + first + "].tag"));
      }
    }
    if (sum != 100) {
      errs = errs.also(FieldError.of(
          "Traffic targets sum to " + sum + ", want 100", FieldError.CURRENT_FIELD));
    }
    return errs;
  }

  /** In spec, floating and pinning are exclusive; status legitimately has both. */
  private static FieldError latestRevision(TrafficTarget target, TrafficContext context) {
    if (!context.inSpec() || target.latestRevision() == null) {
      return FieldError.NONE;
    }
    boolean latest = target.latestRevision();
    if (target.hasRevisionName() == latest) {
      String revisionName = target.revisionName() == null ? "" : target.revisionName();
      return FieldError.of(
          "may not set revisionName " + GoQuote.quote(revisionName) + " when latestRevision is "
              + latest,
          "latestRevision");
    }
    return FieldError.NONE;
  }

  private static FieldError revisionAndConfiguration(
      TrafficTarget target, TrafficContext context) {
    boolean hasRevision = target.hasRevisionName();
    boolean hasConfiguration =
        target.configurationName() != null && !target.configurationName().isEmpty();
    if (context.defaultConfigurationName() && hasConfiguration) {
      return FieldError.disallowedFields(CONFIGURATION_NAME);
    }
    if (hasRevision && hasConfiguration) {
      return FieldError.multipleOneOf(REVISION_NAME, CONFIGURATION_NAME);
    }
    if (hasRevision) {
      return qualifiedName(target.revisionName(), REVISION_NAME);
    }
    if (context.inStatus()) {
      return FieldError.missingField(REVISION_NAME);
    }
    if (hasConfiguration) {
      return qualifiedName(target.configurationName(), CONFIGURATION_NAME);
    }
    if (context.defaultConfigurationName()) {
      return FieldError.NONE;
    }
    return FieldError.missingOneOf(REVISION_NAME, CONFIGURATION_NAME);
  }

  private static FieldError qualifiedName(String value, String field) {
    List<String> msgs = K8sNames.isQualifiedName(value);
    return msgs.isEmpty()
        ? FieldError.NONE
        : FieldError.invalidKeyName(value, field, String.join(", ", msgs));
  }

  private static FieldError percent(TrafficTarget target) {
    Long percent = target.percent();
    if (percent != null && (percent < 0 || percent > 100)) {
      return FieldError.outOfBounds(percent, 0, 100, "percent");
    }
    return FieldError.NONE;
  }

  /**
   * A URL is computed by the route, so it appears only in status and only for a tag. Knative adds
   * the same error twice when both rules fail and de-duplicates the paths when rendering; it is
   * added once here, which renders the same.
   */
  private static FieldError url(TrafficTarget target, TrafficContext context) {
    if (target.url() != null && !target.url().isEmpty()) {
      return context.inSpec() || !target.hasTag()
          ? FieldError.disallowedFields("url")
          : FieldError.NONE;
    }
    return target.hasTag() && context.inStatus() ? FieldError.missingField("url") : FieldError.NONE;
  }
}
