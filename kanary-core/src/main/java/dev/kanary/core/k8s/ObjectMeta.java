package dev.kanary.core.k8s;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Kubernetes object metadata; fields not modeled here (managedFields, …) are kept in {@code extra}. */
public record ObjectMeta(
    String name,
    String generateName,
    String namespace,
    String uid,
    Long generation,
    String resourceVersion,
    Instant creationTimestamp,
    Instant deletionTimestamp,
    Map<String, String> labels,
    Map<String, String> annotations,
    List<OwnerReference> ownerReferences,
    List<String> finalizers,
    @JsonAnySetter @JsonAnyGetter Map<String, Object> extra) {

  public ObjectMeta {
    labels = Records.map(labels);
    annotations = Records.map(annotations);
    ownerReferences = Records.list(ownerReferences);
    finalizers = Records.list(finalizers);
    extra = Records.extra(extra);
  }

  public static ObjectMeta of(String namespace, String name) {
    return new ObjectMeta(
        name, null, namespace, null, null, null, null, null, null, null, null, null, null);
  }

  public String label(String key) {
    return labels.get(key);
  }

  public String annotation(String key) {
    return annotations.get(key);
  }

  public long generationOrZero() {
    return generation == null ? 0 : generation;
  }

  public boolean isBeingDeleted() {
    return deletionTimestamp != null;
  }

  public ObjectMeta withName(String newName) {
    return new ObjectMeta(newName, generateName, namespace, uid, generation, resourceVersion,
        creationTimestamp, deletionTimestamp, labels, annotations, ownerReferences, finalizers, extra);
  }

  public ObjectMeta withNamespace(String newNamespace) {
    return new ObjectMeta(name, generateName, newNamespace, uid, generation, resourceVersion,
        creationTimestamp, deletionTimestamp, labels, annotations, ownerReferences, finalizers, extra);
  }

  public ObjectMeta withLabels(Map<String, String> newLabels) {
    return new ObjectMeta(name, generateName, namespace, uid, generation, resourceVersion,
        creationTimestamp, deletionTimestamp, newLabels, annotations, ownerReferences, finalizers,
        extra);
  }

  public ObjectMeta withAnnotations(Map<String, String> newAnnotations) {
    return new ObjectMeta(name, generateName, namespace, uid, generation, resourceVersion,
        creationTimestamp, deletionTimestamp, labels, newAnnotations, ownerReferences, finalizers,
        extra);
  }

  public ObjectMeta withOwnerReferences(List<OwnerReference> owners) {
    return new ObjectMeta(name, generateName, namespace, uid, generation, resourceVersion,
        creationTimestamp, deletionTimestamp, labels, annotations, owners, finalizers, extra);
  }

  public ObjectMeta withFinalizers(List<String> newFinalizers) {
    return new ObjectMeta(name, generateName, namespace, uid, generation, resourceVersion,
        creationTimestamp, deletionTimestamp, labels, annotations, ownerReferences, newFinalizers,
        extra);
  }

  public ObjectMeta withDeletionTimestamp(Instant when) {
    return new ObjectMeta(name, generateName, namespace, uid, generation, resourceVersion,
        creationTimestamp, when, labels, annotations, ownerReferences, finalizers, extra);
  }

  /** The fields the store owns: identity, versions and timestamps. */
  public ObjectMeta withSystemFields(
      String newUid, Long newGeneration, String newResourceVersion, Instant created) {
    return new ObjectMeta(name, generateName, namespace, newUid, newGeneration, newResourceVersion,
        created, deletionTimestamp, labels, annotations, ownerReferences, finalizers, extra);
  }

  /** True when both name the same object (namespace and name). */
  public boolean sameObject(ObjectMeta other) {
    return Objects.equals(namespace, other.namespace) && Objects.equals(name, other.name);
  }
}
