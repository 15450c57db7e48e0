package dev.kanary.server.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Documents and a settable clock for the store's tests. */
final class StoreFixtures {
  static final Instant T0 = Instant.parse("2025-03-01T10:00:00.123456789Z");

  private StoreFixtures() {}

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) Json.json().readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  /** An InferenceService as a user would write it: no apiVersion/kind needed by the store. */
  static ObjectNode isvc(String namespace, String name) {
    return json("""
        {"apiVersion": "serving.kserve.io/v1beta1", "kind": "InferenceService",
         "metadata": {"name": "%s", "namespace": "%s"},
         "spec": {"predictor": {"minReplicas": 1,
                                "model": {"modelFormat": {"name": "onnx"},
                                          "storageUri": "file:///models/1"}}}}
        """.formatted(name, namespace));
  }

  static ObjectNode service(String namespace, String name) {
    return json("""
        {"metadata": {"name": "%s", "namespace": "%s"},
         "spec": {"template": {"spec": {"containers": [{"image": "model"}]}}}}
        """.formatted(name, namespace));
  }

  static ObjectNode revision(String namespace, String name) {
    return json("""
        {"metadata": {"name": "%s", "namespace": "%s"},
         "spec": {"containers": [{"image": "model"}]}}
        """.formatted(name, namespace));
  }

  static ObjectNode runtime(String name) {
    return json("""
        {"metadata": {"name": "%s"},
         "spec": {"supportedModelFormats": [{"name": "onnx"}]}}
        """.formatted(name));
  }

  /** The object with an owner reference to {@code owner}. */
  static ObjectNode ownedBy(ObjectNode object, StoredObject owner) {
    ObjectNode ref = object.withObjectProperty("metadata").withArray("ownerReferences").addObject();
    ref.put("apiVersion", owner.key().type().apiVersion());
    ref.put("kind", owner.key().type().kind());
    ref.put("name", owner.key().name());
    ref.put("uid", owner.metadata().uid());
    ref.put("controller", true);
    return object;
  }

  static ObjectNode withFinalizer(ObjectNode object, String finalizer) {
    object.withObjectProperty("metadata").withArray("finalizers").add(finalizer);
    return object;
  }

  /** A clock the test moves by hand. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
