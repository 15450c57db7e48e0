package dev.kanary.modelserver.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kanary.modelserver.http.JsonResponses;
import dev.kanary.modelserver.http.JsonService;
import dev.kanary.modelserver.inference.ErrorKind;
import dev.kanary.modelserver.inference.InferenceRequest;
import dev.kanary.modelserver.inference.Predictor;
import dev.kanary.modelserver.inference.ServerInfo;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.json.JsonBodies;
import dev.kanary.modelserver.metrics.InferenceMetrics;
import dev.kanary.modelserver.metrics.Protocol;

/** The Open Inference Protocol (KServe V2) over REST. */
public final class V2Endpoints {
  private final Predictor predictor;
  private final InferenceMetrics metrics;
  private final ServerInfo serverInfo;

  public V2Endpoints(Predictor predictor, InferenceMetrics metrics, ServerInfo serverInfo) {
    this.predictor = predictor;
    this.metrics = metrics;
    this.serverInfo = serverInfo;
  }

  public void addTo(ServerBuilder server) {
    server.route().get("/v2/health/live").build(JsonService.of(ctx -> live()));
    server.route().get("/v2/health/ready").build(JsonService.of(ctx -> ready()));
    server.route().get("/v2").build(JsonService.of(ctx -> serverMetadata()));
    server.route().get("/v2/models").build(JsonService.of(ctx -> models()));
    server.route().get("/v2/models/{name}").build(JsonService.of(this::modelMetadata));
    server.route().get("/v2/models/{name}/ready").build(JsonService.of(this::modelReady));
    server.route().post("/v2/models/{name}/infer").build(JsonService.withBody(this::infer));
    // KServe answers every versioned path with 501, and so do we.
    for (String path :
        new String[] {
          "/v2/models/{name}/versions/{version}",
          "/v2/models/{name}/versions/{version}/ready",
          "/v2/models/{name}/versions/{version}/infer"
        }) {
      server.route().path(path).build(
          JsonService.of(
              ctx -> {
                throw ServingException.versionsNotSupported();
              }));
    }
  }

  private static HttpResponse live() {
    return JsonResponses.ok(JsonBodies.object().put("live", true));
  }

  private HttpResponse ready() {
    if (!predictor.repository().isReady()) {
      throw ServingException.serverNotReady();
    }
    return JsonResponses.ok(JsonBodies.object().put("ready", true));
  }

  private HttpResponse serverMetadata() {
    ObjectNode metadata =
        JsonBodies.object().put("name", serverInfo.name()).put("version", serverInfo.version());
    serverInfo.extensions().forEach(metadata.putArray("extensions")::add);
    return JsonResponses.ok(metadata);
  }

  private HttpResponse models() {
    ObjectNode body = JsonBodies.object();
    predictor.repository().names().forEach(body.putArray("models")::add);
    return JsonResponses.ok(body);
  }

  private HttpResponse modelMetadata(ServiceRequestContext ctx) {
    String name = ctx.pathParam("name");
    return JsonResponses.ok(V2Codec.modelMetadata(name, predictor.signature(name)));
  }

  private HttpResponse modelReady(ServiceRequestContext ctx) {
    String name = ctx.pathParam("name");
    if (!predictor.repository().isReady(name)) {
      throw ServingException.modelNotReady(name);
    }
    return JsonResponses.ok(JsonBodies.object().put("name", name).put("ready", true));
  }

  private HttpResponse infer(ServiceRequestContext ctx, byte[] body) {
    long start = System.nanoTime();
    String name = ctx.pathParam("name");
    try {
      predictor.signature(name);
      InferenceRequest request = V2Codec.decodeInfer(JsonBodies.parse(body));
      byte[] response = V2Codec.encodeInfer(predictor.infer(name, request));
      metrics.succeeded(Protocol.V2, name, start);
      return JsonResponses.ok(response);
    } catch (RuntimeException e) {
      metrics.failed(Protocol.V2, name, start, ErrorKind.of(e));
      throw e;
    }
  }
}
