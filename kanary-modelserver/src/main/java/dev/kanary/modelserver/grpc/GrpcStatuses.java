package dev.kanary.modelserver.grpc;

import dev.kanary.modelserver.inference.ErrorKind;
import dev.kanary.modelserver.inference.ServingException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Failures as gRPC statuses, with the same messages the REST protocols give. */
final class GrpcStatuses {
  private GrpcStatuses() {}

  static StatusRuntimeException of(Throwable cause) {
    if (cause instanceof ServingException serving) {
      return code(serving.kind()).withDescription(serving.getMessage()).asRuntimeException();
    }
    return Status.INTERNAL
        .withDescription(cause.getClass().getSimpleName() + " : " + cause.getMessage())
        .withCause(cause)
        .asRuntimeException();
  }

  static Status code(ErrorKind kind) {
    return switch (kind) {
      case INVALID_INPUT -> Status.INVALID_ARGUMENT;
      case MODEL_NOT_FOUND -> Status.NOT_FOUND;
      case MODEL_NOT_READY, SERVER_NOT_READY -> Status.UNAVAILABLE;
      case NOT_IMPLEMENTED -> Status.UNIMPLEMENTED;
      case INFERENCE_FAILED -> Status.INTERNAL;
    };
  }
}
