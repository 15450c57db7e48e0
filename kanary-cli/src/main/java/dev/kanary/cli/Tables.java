package dev.kanary.cli;

import dev.kanary.cli.client.ResourceKind;
import dev.kanary.cli.output.EventTable;
import dev.kanary.cli.output.PodTable;
import dev.kanary.cli.output.PrinterColumn;
import dev.kanary.cli.output.PrinterColumns;
import dev.kanary.cli.output.TableFormat;

/**
 * The tables {@code get} prints: the printer columns of KServe's and Knative's CRDs, with their
 * JSONPaths, and kubectl's own tables for pods and events.
 */
final class Tables {
  /** KServe's {@code kubectl get isvc} (kubebuilder markers on InferenceService). */
  static final PrinterColumns INFERENCE_SERVICE = PrinterColumns.of(
      PrinterColumn.of("URL", "string", ".status.url"),
      PrinterColumn.of("Ready", "string", ".status.conditions[?(@.type=='Ready')].status"),
      PrinterColumn.of("Prev", "integer",
          ".status.components.predictor.traffic[?(@.tag=='prev')].percent"),
      PrinterColumn.of("Latest", "integer",
          ".status.components.predictor.traffic[?(@.latestRevision==true)].percent"),
      PrinterColumn.of("PrevRolledoutRevision", "string",
          ".status.components.predictor.traffic[?(@.tag=='prev')].revisionName"),
      PrinterColumn.of("LatestReadyRevision", "string",
          ".status.components.predictor.traffic[?(@.latestRevision==true)].revisionName"),
      PrinterColumn.of("Age", "date", ".metadata.creationTimestamp"));

  /** Knative's {@code kubectl get ksvc}. */
  static final PrinterColumns SERVICE = PrinterColumns.of(
      PrinterColumn.of("URL", "string", ".status.url"),
      PrinterColumn.of("LatestCreated", "string", ".status.latestCreatedRevisionName"),
      PrinterColumn.of("LatestReady", "string", ".status.latestReadyRevisionName"),
      PrinterColumn.of("Ready", "string", ".status.conditions[?(@.type=='Ready')].status"),
      PrinterColumn.of("Reason", "string", ".status.conditions[?(@.type=='Ready')].reason"));

  /** Knative's {@code kubectl get revisions}. */
  static final PrinterColumns REVISION = PrinterColumns.of(
      PrinterColumn.of("Config Name", "string",
          ".metadata.labels['serving\\.knative\\.dev/configuration']"),
      PrinterColumn.of("Generation", "string",
          ".metadata.labels['serving\\.knative\\.dev/configurationGeneration']"),
      PrinterColumn.of("Ready", "string", ".status.conditions[?(@.type=='Ready')].status"),
      PrinterColumn.of("Reason", "string", ".status.conditions[?(@.type=='Ready')].reason"),
      PrinterColumn.of("Actual Replicas", "integer", ".status.actualReplicas"),
      PrinterColumn.of("Desired Replicas", "integer", ".status.desiredReplicas"));

  /** KServe's {@code kubectl get clusterservingruntimes}. */
  static final PrinterColumns CLUSTER_SERVING_RUNTIME = PrinterColumns.of(
      PrinterColumn.of("Disabled", "boolean", ".spec.disabled"),
      PrinterColumn.of("ModelType", "string", ".spec.supportedModelFormats[*].name"),
      PrinterColumn.of("Containers", "string", ".spec.containers[*].name"),
      PrinterColumn.of("Age", "date", ".metadata.creationTimestamp"));

  private Tables() {}

  static TableFormat of(ResourceKind kind) {
    return switch (kind) {
      case INFERENCE_SERVICE -> INFERENCE_SERVICE;
      case SERVICE -> SERVICE;
      case REVISION -> REVISION;
      case CLUSTER_SERVING_RUNTIME -> CLUSTER_SERVING_RUNTIME;
      case POD -> new PodTable();
      case EVENT -> new EventTable();
    };
  }
}
