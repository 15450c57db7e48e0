package dev.kanary.operator.isvc;

import dev.kanary.core.admission.InferenceServiceValidator;
import dev.kanary.core.kserve.InferenceService;
import java.util.Optional;

/**
 * The checks KServe's admission webhook makes, run by the operator instead: kanary installs no
 * webhook, so an InferenceService that KServe would refuse is reported in its status and nothing
 * is written for it.
 */
public final class OperatorAdmission {
  static final String CANARY_LIST_FIELD = "canary";

  private OperatorAdmission() {}

  /**
   * @param isvc the InferenceService with admission defaults applied
   * @param recordedMode the mode recorded in status, null before the first reconcile
   * @return the first problem, or empty
   */
  public static Optional<String> problem(InferenceService isvc, String recordedMode) {
    return modeChange(isvc, recordedMode)
        .or(() -> InferenceServiceValidator.validateForOperator(isvc))
        .or(() -> canaryList(isvc))
        .or(() -> otherComponents(isvc));
  }

  /** KServe refuses to move an InferenceService between modes once one was recorded. */
  private static Optional<String> modeChange(InferenceService isvc, String recordedMode) {
    String annotation = isvc.metadata().annotation(DeploymentMode.ANNOTATION);
    Optional<DeploymentMode> recorded = DeploymentMode.parse(recordedMode);
    Optional<DeploymentMode> requested = DeploymentMode.parse(annotation);
    if (recorded.isEmpty() || annotation == null || recorded.equals(requested)) {
      return Optional.empty();
    }
    return Optional.of("update rejected: deploymentMode cannot be changed from '"
        + recorded.get().wire() + "' to '" + annotation + "'");
  }

  /**
   * Only the predictor is reconciled; serving a transformer's InferenceService from its
   * predictor alone would silently skip the transformer.
   */
  private static Optional<String> otherComponents(InferenceService isvc) {
    String component = isvc.spec().transformer() != null ? "transformer"
        : isvc.spec().explainer() != null ? "explainer" : null;
    if (component == null) {
      return Optional.empty();
    }
    return Optional.of("spec." + component + ": Forbidden: kanary's operator runs the predictor"
        + " only; remove the " + component + " or serve it as a separate InferenceService");
  }

  /** KServe's newer Standard-mode canary list is not implemented; say so rather than ignore it. */
  private static Optional<String> canaryList(InferenceService isvc) {
    if (!isvc.spec().extra().containsKey(CANARY_LIST_FIELD)) {
      return Optional.empty();
    }
    return Optional.of("spec.canary: Forbidden: kanary does not implement KServe's list of canary"
        + " predictors; set spec.predictor.canaryTrafficPercent instead, which kanary honours in"
        + " Standard mode too");
  }
}
