package dev.kanary.modelserver.inference;

/** Why a request failed, in KServe's terms; each protocol maps a kind to its own status. */
public enum ErrorKind {
  /** The request is malformed or does not fit the model. */
  INVALID_INPUT,
  MODEL_NOT_FOUND,
  MODEL_NOT_READY,
  SERVER_NOT_READY,
  /** A part of the protocol this server does not offer, such as model versions. */
  NOT_IMPLEMENTED,
  /** The runtime failed on a request that passed every check. */
  INFERENCE_FAILED;

  /** The kind a failure counts as: anything unforeseen is the runtime's failure. */
  public static ErrorKind of(Throwable cause) {
    return cause instanceof ServingException serving ? serving.kind() : INFERENCE_FAILED;
  }
}
