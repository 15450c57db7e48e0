package dev.kanary.modelserver.v1;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kanary.modelserver.http.JsonResponses;
import dev.kanary.modelserver.http.JsonService;
import dev.kanary.modelserver.inference.ErrorKind;
import dev.kanary.modelserver.inference.InferenceRequest;
import dev.kanary.modelserver.inference.InferenceResponse;
import dev.kanary.modelserver.inference.Predictor;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.json.JsonBodies;
import dev.kanary.modelserver.metrics.InferenceMetrics;
import dev.kanary.modelserver.metrics.Protocol;
import dev.kanary.modelserver.model.ModelSignature;
import java.util.List;

/** KServe's V1 protocol, and the server's liveness at {@code /}. */
public final class V1Endpoints {
  // A model name is a path segment without the ':' that starts the verb.
  private static final String MODEL = "^/v1/models/(?<name>[^/:]+)";

  private final Predictor predictor;
  private final InferenceMetrics metrics;

  public V1Endpoints(Predictor predictor, InferenceMetrics metrics) {
    this.predictor = predictor;
    this.metrics = metrics;
  }

  public void addTo(ServerBuilder server) {
    server.route().get("/").build(JsonService.of(ctx -> alive()));
    server.route().get("/v1/models").build(JsonService.of(ctx -> models()));
    server.route().get("regex:" + MODEL + "$").build(JsonService.of(this::modelReady));
    server.route().post("regex:" + MODEL + ":predict$").build(JsonService.withBody(this::predict));
    server.route().post("regex:" + MODEL + ":explain$").build(JsonService.of(this::explain));
  }

  private static HttpResponse alive() {
    return JsonResponses.ok(JsonBodies.object().put("status", "alive"));
  }

  private HttpResponse models() {
    ObjectNode body = JsonBodies.object();
    predictor.repository().names().forEach(body.putArray("models")::add);
    return JsonResponses.ok(body);
  }

  private HttpResponse modelReady(ServiceRequestContext ctx) {
    String name = ctx.pathParam("name");
    if (!predictor.repository().isReady(name)) {
      throw ServingException.modelNotReady(name);
    }
    return JsonResponses.ok(JsonBodies.object().put("name", name).put("ready", true));
  }

  private HttpResponse predict(ServiceRequestContext ctx, byte[] body) {
    long start = System.nanoTime();
    String name = ctx.pathParam("name");
    try {
      ModelSignature signature = predictor.signature(name);
      var inputs = V1Codec.decodeInstances(JsonBodies.parse(body), signature);
      // V1 has no request id to echo, and only the first output is answered.
      var request =
          new InferenceRequest(
              ctx.id().text(), inputs, List.of(signature.outputNames().getFirst()));
      InferenceResponse response = predictor.infer(name, request);
      byte[] predictions = V1Codec.encodePredictions(response.outputs().getFirst());
      metrics.succeeded(Protocol.V1, name, start);
      return JsonResponses.ok(predictions);
    } catch (RuntimeException e) {
      metrics.failed(Protocol.V1, name, start, ErrorKind.of(e));
      throw e;
    }
  }

  private HttpResponse explain(ServiceRequestContext ctx) {
    String name = ctx.pathParam("name");
    predictor.signature(name);
    throw new ServingException(
        ErrorKind.NOT_IMPLEMENTED, "Model " + name + " has no explainer.");
  }
}
