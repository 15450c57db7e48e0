package dev.kanary.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.core.k8s.K8sNames;
import dev.kanary.core.validation.GoQuote;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API server's rules for an object's document, as pure functions on JSON trees: which fields
 * are the spec, which metadata the store owns, what an update or a status write keeps.
 */
final class ObjectDocuments {
  /** Everything else at the top level is spec: a change to it moves the generation. */
  private static final Set<String> NOT_SPEC = Set.of("apiVersion", "kind", "metadata", "status");

  /** Metadata only the store writes; a client's values are ignored. */
  private static final List<String> SYSTEM_FIELDS = List.of("name", "namespace", "uid",
      "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
      "deletionGracePeriodSeconds");

  /** Kubernetes keeps generateName prefixes short enough for the random suffix to fit a label. */
  private static final int MAX_GENERATE_NAME_PREFIX = 58;

  private ObjectDocuments() {}

  /**
   * A normalised copy laid out as apiVersion, kind, metadata, spec fields, status. Numbers are
   * re-read from text so that a document built from records (long fields) compares equal to the
   * same document parsed from JSON.
   *
   * @throws StoreException INVALID when the kind, apiVersion or metadata shape is wrong
   */
  static ObjectNode normalize(ResourceType type, ObjectNode given) {
    ObjectNode doc = canonical(given);
    String name = doc.path("metadata").path("name").asText("");
    checkTypeField(type, name, doc, "apiVersion", type.apiVersion());
    checkTypeField(type, name, doc, "kind", type.kind());
    JsonNode metadata = doc.path("metadata");
    if (!metadata.isMissingNode() && !metadata.isObject()) {
      throw StoreErrors.invalid(type, name, "metadata: Invalid value: " + metadata
          + ": must be an object");
    }
    ObjectNode meta =
        metadata.isObject() ? (ObjectNode) metadata : JsonNodeFactory.instance.objectNode();
    checkStringMap(type, name, meta, "labels");
    checkStringMap(type, name, meta, "annotations");
    checkStringList(type, name, meta, "finalizers");
    checkOwnerReferences(type, name, meta);

    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("apiVersion", type.apiVersion());
    out.put("kind", type.kind());
    out.set("metadata", meta);
    doc.properties().forEach(field -> {
      if (!NOT_SPEC.contains(field.getKey())) {
        out.set(field.getKey(), field.getValue());
      }
    });
    if (doc.has("status")) {
      out.set("status", doc.get("status"));
    }
    return out;
  }

  /**
   * The key a normalised document names; for a create, {@code generatedSuffix} completes a
   * {@code generateName} when no name is given.
   */
  static ObjectKey key(ResourceType type, ObjectNode doc, String generatedSuffix) {
    ObjectNode meta = metadata(doc);
    String name = meta.path("name").asText("");
    if (name.isEmpty() && generatedSuffix != null) {
      String prefix = meta.path("generateName").asText("");
      if (!prefix.isEmpty()) {
        name = prefix.substring(0, Math.min(prefix.length(), MAX_GENERATE_NAME_PREFIX))
            + generatedSuffix;
      }
    }
    if (name.isEmpty()) {
      throw StoreErrors.invalid(type, name, generatedSuffix == null
          ? "metadata.name: Required value: name is required"
          : "metadata.name: Required value: name or generateName is required");
    }
    List<String> nameProblems = K8sNames.isDns1123Subdomain(name);
    if (!nameProblems.isEmpty()) {
      throw StoreErrors.invalid(type, name, "metadata.name: Invalid value: "
          + GoQuote.quote(name) + ": " + String.join(", ", nameProblems));
    }
    if (!type.namespaced()) {
      return ObjectKey.of(type, "", name);
    }
    String namespace = meta.path("namespace").asText("");
    if (namespace.isEmpty()) {
      throw StoreErrors.invalid(type, name, "metadata.namespace: Required value");
    }
    List<String> namespaceProblems = K8sNames.isDns1123Label(namespace);
    if (!namespaceProblems.isEmpty()) {
      throw StoreErrors.invalid(type, name, "metadata.namespace: Invalid value: "
          + GoQuote.quote(namespace) + ": " + String.join(", ", namespaceProblems));
    }
    return ObjectKey.of(type, namespace, name);
  }

  /** A new object: the client's metadata without system fields, no status, generation 1. */
  static ObjectNode created(ObjectNode doc, ObjectKey key, String uid, Instant now) {
    ObjectNode out = doc.deepCopy();
    out.remove("status");
    ObjectNode meta = metadata(out);
    SYSTEM_FIELDS.forEach(meta::remove);
    putSystemFields(meta, key, uid, timestamp(now));
    return out;
  }

  /**
   * What an update stores: the client's metadata and spec, the stored system fields and status;
   * the generation moves when the spec differs.
   */
  static ObjectNode updated(ObjectNode stored, ObjectNode incoming) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("apiVersion", stored.get("apiVersion"));
    out.set("kind", stored.get("kind"));
    ObjectNode meta = metadata(incoming).deepCopy();
    SYSTEM_FIELDS.forEach(meta::remove);
    ObjectNode storedMeta = metadata(stored);
    long generation = generation(stored) + (spec(stored).equals(spec(incoming)) ? 0 : 1);
    copySystemFields(storedMeta, meta);
    meta.put("generation", generation);
    out.set("metadata", meta);
    spec(incoming).properties().forEach(field -> out.set(field.getKey(), field.getValue()));
    if (stored.has("status")) {
      out.set("status", stored.get("status"));
    }
    return out;
  }

  /** What a status write stores: everything as stored but the status. */
  static ObjectNode withStatus(ObjectNode stored, ObjectNode incoming) {
    ObjectNode out = stored.deepCopy();
    JsonNode status = incoming.get("status");
    if (status == null || status.isNull()) {
      out.remove("status");
    } else {
      out.set("status", status);
    }
    return out;
  }

  /**
   * Marked for deletion: a deletionTimestamp, and the generation moves, as the API server's
   * {@code markAsDeleting} does, so that controllers see a change to act on.
   */
  static ObjectNode markedForDeletion(ObjectNode stored, Instant now) {
    ObjectNode out = stored.deepCopy();
    ObjectNode meta = metadata(out);
    meta.put("generation", generation(stored) + 1);
    meta.put("deletionTimestamp", timestamp(now));
    meta.put("deletionGracePeriodSeconds", 0);
    return out;
  }

  /** The object without the owner references to {@code ownerUid}. */
  static ObjectNode withoutOwner(ObjectNode stored, String ownerUid) {
    ObjectNode out = stored.deepCopy();
    ArrayNode kept = JsonNodeFactory.instance.arrayNode();
    metadata(out).path("ownerReferences").forEach(ref -> {
      if (!ownerUid.equals(ref.path("uid").asText())) {
        kept.add(ref);
      }
    });
    if (kept.isEmpty()) {
      metadata(out).remove("ownerReferences");
    } else {
      metadata(out).set("ownerReferences", kept);
    }
    return out;
  }

  /** The canonical copy with the version set: the document exactly as it reads back. */
  static ObjectNode withResourceVersion(ObjectNode doc, long resourceVersion) {
    ObjectNode out = canonical(doc);
    metadata(out).put("resourceVersion", Long.toString(resourceVersion));
    return out;
  }

  /**
   * The document as it reads back from its text: numbers re-read, so that comparisons do not
   * trip over a long where the parser gives an int.
   */
  static ObjectNode canonical(ObjectNode doc) {
    return fromText(toText(doc));
  }

  /** The spec: every top-level field but apiVersion, kind, metadata and status. */
  static ObjectNode spec(ObjectNode doc) {
    ObjectNode spec = JsonNodeFactory.instance.objectNode();
    doc.properties().forEach(field -> {
      if (!NOT_SPEC.contains(field.getKey())) {
        spec.set(field.getKey(), field.getValue());
      }
    });
    return spec;
  }

  /** The resourceVersion a client sent, or null when it sent none. */
  static Long givenResourceVersion(ResourceType type, ObjectNode doc) {
    String text = metadata(doc).path("resourceVersion").asText("");
    if (text.isEmpty()) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw StoreErrors.invalid(type, metadata(doc).path("name").asText(""),
          "metadata.resourceVersion: Invalid value: " + GoQuote.quote(text)
              + ": must be a resourceVersion this server returned");
    }
  }

  static String uid(ObjectNode doc) {
    return metadata(doc).path("uid").asText("");
  }

  static long generation(ObjectNode doc) {
    return metadata(doc).path("generation").asLong(0);
  }

  static boolean isBeingDeleted(ObjectNode doc) {
    return metadata(doc).hasNonNull("deletionTimestamp");
  }

  static List<String> finalizers(ObjectNode doc) {
    List<String> finalizers = new ArrayList<>();
    metadata(doc).path("finalizers").forEach(f -> finalizers.add(f.asText()));
    return finalizers;
  }

  static List<String> ownerUids(ObjectNode doc) {
    List<String> uids = new ArrayList<>();
    metadata(doc).path("ownerReferences").forEach(ref -> {
      String uid = ref.path("uid").asText("");
      if (!uid.isEmpty() && !uids.contains(uid)) {
        uids.add(uid);
      }
    });
    return uids;
  }

  static Map<String, String> labels(ObjectNode doc) {
    Map<String, String> labels = new HashMap<>();
    metadata(doc).path("labels").properties()
        .forEach(label -> labels.put(label.getKey(), label.getValue().asText()));
    return labels;
  }

  /** RFC 3339 at second precision, as Kubernetes writes {@code metav1.Time}. */
  static String timestamp(Instant instant) {
    return instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  static String toText(ObjectNode doc) {
    try {
      return Json.json().writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ObjectNode fromText(String text) {
    try {
      return (ObjectNode) Json.json().readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every document here went through {@link #normalize}, which guarantees a metadata object. */
  private static ObjectNode metadata(ObjectNode doc) {
    return (ObjectNode) doc.get("metadata");
  }

  private static void putSystemFields(ObjectNode meta, ObjectKey key, String uid, String created) {
    meta.put("name", key.name());
    if (!key.namespace().isEmpty()) {
      meta.put("namespace", key.namespace());
    }
    meta.put("uid", uid);
    meta.put("generation", 1);
    meta.put("creationTimestamp", created);
  }

  private static void copySystemFields(ObjectNode from, ObjectNode to) {
    for (String field : SYSTEM_FIELDS) {
      if (from.has(field)) {
        to.set(field, from.get(field));
      }
    }
  }

  private static void checkTypeField(
      ResourceType type, String name, ObjectNode doc, String field, String expected) {
    JsonNode value = doc.get(field);
    if (value != null && !value.isNull() && !value.asText().equals(expected)) {
      throw StoreErrors.invalid(type, name, field + ": Invalid value: "
          + GoQuote.quote(value.asText()) + ": must be " + expected);
    }
  }

  private static void checkStringMap(ResourceType type, String name, ObjectNode meta,
      String field) {
    JsonNode value = meta.get(field);
    if (value == null || value.isNull()) {
      meta.remove(field);
      return;
    }
    boolean valid = value.isObject();
    for (JsonNode entry : value) {
      valid &= entry.isTextual();
    }
    if (!valid) {
      throw StoreErrors.invalid(type, name, "metadata." + field + ": Invalid value: " + value
          + ": must be an object of string values");
    }
  }

  private static void checkStringList(ResourceType type, String name, ObjectNode meta,
      String field) {
    JsonNode value = meta.get(field);
    if (value == null || value.isNull()) {
      meta.remove(field);
      return;
    }
    boolean valid = value.isArray();
    for (JsonNode entry : value) {
      valid &= entry.isTextual();
    }
    if (!valid) {
      throw StoreErrors.invalid(type, name, "metadata." + field + ": Invalid value: " + value
          + ": must be a list of strings");
    }
  }

  private static void checkOwnerReferences(ResourceType type, String name, ObjectNode meta) {
    JsonNode value = meta.get("ownerReferences");
    if (value == null || value.isNull()) {
      meta.remove("ownerReferences");
      return;
    }
    boolean valid = value.isArray();
    for (JsonNode ref : value) {
      valid &= ref.isObject() && ref.path("uid").isTextual();
    }
    if (!valid) {
      throw StoreErrors.invalid(type, name, "metadata.ownerReferences: Invalid value: " + value
          + ": must be a list of objects, each with a uid");
    }
  }
}
