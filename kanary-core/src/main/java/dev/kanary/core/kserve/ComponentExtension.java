package dev.kanary.core.kserve;

import dev.kanary.core.k8s.Container;
import java.util.List;
import java.util.Map;

/**
 * What every InferenceService component (predictor, transformer, explainer) shares: KServe's
 * ComponentExtensionSpec, its pod containers, and the one-of list of its implementations.
 */
public interface ComponentExtension {
  Integer minReplicas();

  Integer maxReplicas();

  Integer scaleTarget();

  String scaleMetric();

  Long containerConcurrency();

  Long timeout();

  Long canaryTrafficPercent();

  Map<String, String> labels();

  Map<String, String> annotations();

  List<Container> containers();

  /** KServe's type name, used in its messages: PredictorSpec, TransformerSpec, ExplainerSpec. */
  String typeName();

  /** The Go field names of the one-of implementations, in declaration order, for the message. */
  List<String> implementationFieldNames();

  /** How many implementations are set; exactly one is valid. */
  int implementationCount();
}
