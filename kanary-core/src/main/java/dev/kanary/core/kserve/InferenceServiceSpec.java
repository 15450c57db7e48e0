package dev.kanary.core.kserve;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import dev.kanary.core.k8s.Records;
import java.util.Map;

public record InferenceServiceSpec(
    PredictorSpec predictor,
    TransformerSpec transformer,
    ExplainerSpec explainer,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public InferenceServiceSpec {
    extra = Records.extra(extra);
  }

  public static InferenceServiceSpec of(PredictorSpec predictor) {
    return new InferenceServiceSpec(predictor, null, null, null);
  }

  public InferenceServiceSpec withPredictor(PredictorSpec newPredictor) {
    return new InferenceServiceSpec(newPredictor, transformer, explainer, extra);
  }
}
