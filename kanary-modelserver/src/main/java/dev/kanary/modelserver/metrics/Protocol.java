package dev.kanary.modelserver.metrics;

/** The protocols a request can come in, as the metrics label them. */
public enum Protocol {
  V1("v1"),
  V2("v2"),
  GRPC("grpc");

  private final String label;

  Protocol(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
