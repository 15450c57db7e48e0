package dev.kanary.modelserver.grpc;

import dev.kanary.modelserver.grpc.proto.GRPCInferenceServiceGrpc;
import dev.kanary.modelserver.grpc.proto.ModelInferRequest;
import dev.kanary.modelserver.grpc.proto.ModelInferResponse;
import dev.kanary.modelserver.grpc.proto.ModelMetadataRequest;
import dev.kanary.modelserver.grpc.proto.ModelMetadataResponse;
import dev.kanary.modelserver.grpc.proto.ModelReadyRequest;
import dev.kanary.modelserver.grpc.proto.ModelReadyResponse;
import dev.kanary.modelserver.grpc.proto.ServerLiveRequest;
import dev.kanary.modelserver.grpc.proto.ServerLiveResponse;
import dev.kanary.modelserver.grpc.proto.ServerMetadataRequest;
import dev.kanary.modelserver.grpc.proto.ServerMetadataResponse;
import dev.kanary.modelserver.grpc.proto.ServerReadyRequest;
import dev.kanary.modelserver.grpc.proto.ServerReadyResponse;
import dev.kanary.modelserver.inference.ErrorKind;
import dev.kanary.modelserver.inference.InferenceResponse;
import dev.kanary.modelserver.inference.Predictor;
import dev.kanary.modelserver.inference.ServerInfo;
import dev.kanary.modelserver.inference.ServingException;
import dev.kanary.modelserver.metrics.InferenceMetrics;
import dev.kanary.modelserver.metrics.Protocol;
import dev.kanary.modelserver.model.OnnxModel;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Open Inference Protocol's {@code inference.GRPCInferenceService}. */
public final class V2GrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
  private static final Logger log = LoggerFactory.getLogger(V2GrpcService.class);

  private final Predictor predictor;
  private final InferenceMetrics metrics;
  private final ServerInfo serverInfo;

  public V2GrpcService(Predictor predictor, InferenceMetrics metrics, ServerInfo serverInfo) {
    this.predictor = predictor;
    this.metrics = metrics;
    this.serverInfo = serverInfo;
  }

  @Override
  public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> observer) {
    respond(observer, () -> ServerLiveResponse.newBuilder().setLive(true).build());
  }

  @Override
  public void serverReady(
      ServerReadyRequest request, StreamObserver<ServerReadyResponse> observer) {
    respond(
        observer,
        () -> ServerReadyResponse.newBuilder().setReady(predictor.repository().isReady()).build());
  }

  @Override
  public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> observer) {
    respond(
        observer,
        () -> {
          refuseVersion(request.getVersion());
          boolean ready = predictor.repository().isReady(request.getName());
          return ModelReadyResponse.newBuilder().setReady(ready).build();
        });
  }

  @Override
  public void serverMetadata(
      ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> observer) {
    respond(
        observer,
        () ->
            ServerMetadataResponse.newBuilder()
                .setName(serverInfo.name())
                .setVersion(serverInfo.version())
                .addAllExtensions(serverInfo.extensions())
                .build());
  }

  @Override
  public void modelMetadata(
      ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> observer) {
    respond(
        observer,
        () -> {
          refuseVersion(request.getVersion());
          return GrpcCodec.modelMetadata(
              request.getName(), OnnxModel.PLATFORM, predictor.signature(request.getName()));
        });
  }

  @Override
  public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> observer) {
    long start = System.nanoTime();
    String name = request.getModelName();
    ModelInferResponse response;
    try {
      refuseVersion(request.getModelVersion());
      predictor.signature(name);
      InferenceResponse result = predictor.infer(name, GrpcCodec.decodeInfer(request));
      response = GrpcCodec.encodeInfer(result, request.getRawInputContentsCount() > 0);
    } catch (RuntimeException e) {
      metrics.failed(Protocol.GRPC, name, start, ErrorKind.of(e));
      fail(observer, e);
      return;
    }
    metrics.succeeded(Protocol.GRPC, name, start);
    observer.onNext(response);
    observer.onCompleted();
  }

  private static void refuseVersion(String version) {
    if (!version.isEmpty()) {
      throw ServingException.versionsNotSupported();
    }
  }

  private static <T> void respond(StreamObserver<T> observer, Supplier<T> handler) {
    T response;
    try {
      response = handler.get();
    } catch (RuntimeException e) {
      fail(observer, e);
      return;
    }
    observer.onNext(response);
    observer.onCompleted();
  }

  private static void fail(StreamObserver<?> observer, RuntimeException cause) {
    if (!(cause instanceof ServingException)) {
      log.warn("gRPC call failed", cause);
    }
    observer.onError(GrpcStatuses.of(cause));
  }
}
