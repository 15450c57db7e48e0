package dev.kanary.core.kserve;

/** The components of an InferenceService, each with its own status and condition names. */
public enum ComponentType {
  PREDICTOR("predictor", "PredictorReady", "PredictorRouteReady", "PredictorConfigurationReady"),
  TRANSFORMER(
      "transformer", "TransformerReady", "TransformerRouteReady", "TransformerConfigurationReady"),
  // KServe spells the explainer's route condition in the plural.
  EXPLAINER("explainer", "ExplainerReady", "ExplainerRoutesReady", "ExplainerConfigurationReady");

  private final String key;
  private final String readyCondition;
  private final String routeReadyCondition;
  private final String configurationReadyCondition;

  ComponentType(String key, String ready, String routeReady, String configurationReady) {
    this.key = key;
    this.readyCondition = ready;
    this.routeReadyCondition = routeReady;
    this.configurationReadyCondition = configurationReady;
  }

  /** The key in {@code status.components} and the suffix of the component's service name. */
  public String key() {
    return key;
  }

  public String readyCondition() {
    return readyCondition;
  }

  public String routeReadyCondition() {
    return routeReadyCondition;
  }

  public String configurationReadyCondition() {
    return configurationReadyCondition;
  }
}
