package dev.kanary.server;

import dev.kanary.core.k8s.GoDuration;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.kserve.ComponentType;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.server.controller.Informer;
import dev.kanary.server.revision.RevisionReconciler;
import java.time.Duration;
import java.util.function.Function;

/**
 * How long a revision that lost its traffic stays up: the grace period, or for its
 * InferenceService's previous rolled-out revision {@code serving.kanary.io/keep-previous-warm}
 * (default 10m), so that a rollback right after a promotion finds it running.
 */
final class KeepWarm implements Function<Revision, Duration> {
  static final String ANNOTATION = "serving.kanary.io/keep-previous-warm";

  private final Informer<InferenceService> isvcs;
  private final Duration grace;
  private final Duration defaultKeepWarm;

  KeepWarm(Informer<InferenceService> isvcs, Duration grace, Duration defaultKeepWarm) {
    this.isvcs = isvcs;
    this.grace = grace;
    this.defaultKeepWarm = defaultKeepWarm;
  }

  @Override
  public Duration apply(Revision revision) {
    String isvcName = revision.metadata().label(RevisionReconciler.INFERENCE_SERVICE);
    if (isvcName == null) {
      return grace;
    }
    return isvcs.get(revision.metadata().namespace(), isvcName)
        .filter(isvc -> revision.metadata().name().equals(isvc.statusOrEmpty()
            .component(ComponentType.PREDICTOR).previousRolledoutRevision()))
        .map(this::keepWarm)
        .orElse(grace);
  }

  private Duration keepWarm(InferenceService isvc) {
    String value = isvc.metadata().annotation(ANNOTATION);
    if (value != null && GoDuration.parse(value) instanceof GoDuration.Valid valid
        && !valid.duration().isNegative()) {
      return valid.duration();
    }
    return defaultKeepWarm;
  }
}
