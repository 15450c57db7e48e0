package dev.kanary.core.kserve;

import dev.kanary.core.condition.ConditionSet;

/** The InferenceService's condition types; Ready = PredictorReady ∧ IngressReady. */
public final class InferenceServiceConditions {
  public static final String READY = ConditionSet.READY;
  public static final String PREDICTOR_READY = "PredictorReady";
  public static final String INGRESS_READY = "IngressReady";
  public static final String ROUTES_READY = "RoutesReady";
  public static final String LATEST_DEPLOYMENT_READY = "LatestDeploymentReady";

  /** Transformer and explainer readiness gate Ready only through IngressReady, as in KServe. */
  public static final ConditionSet SET = ConditionSet.living(PREDICTOR_READY, INGRESS_READY);

  private InferenceServiceConditions() {}
}
