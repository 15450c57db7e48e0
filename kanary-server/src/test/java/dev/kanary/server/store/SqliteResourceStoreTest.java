package dev.kanary.server.store;

import static dev.kanary.server.store.ResourceType.CLUSTER_SERVING_RUNTIME;
import static dev.kanary.server.store.ResourceType.INFERENCE_SERVICE;
import static dev.kanary.server.store.ResourceType.REVISION;
import static dev.kanary.server.store.ResourceType.SERVICE;
import static dev.kanary.server.store.StoreFixtures.T0;
import static dev.kanary.server.store.StoreFixtures.isvc;
import static dev.kanary.server.store.StoreFixtures.json;
import static dev.kanary.server.store.StoreFixtures.ownedBy;
import static dev.kanary.server.store.StoreFixtures.revision;
import static dev.kanary.server.store.StoreFixtures.runtime;
import static dev.kanary.server.store.StoreFixtures.service;
import static dev.kanary.server.store.StoreFixtures.withFinalizer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.server.store.StoreException.Reason;
import dev.kanary.server.store.StoreFixtures.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SqliteResourceStoreTest {
  private static final ObjectKey IRIS = ObjectKey.of(INFERENCE_SERVICE, "default", "sklearn-iris");

  @TempDir Path dataDir;
  private final TestClock clock = new TestClock(T0);
  private SqliteResourceStore store;

  @BeforeEach
  void open() {
    store = SqliteResourceStore.open(dataDir, clock);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void createFillsTheSystemFields() {
    ObjectNode given = isvc("default", "sklearn-iris");
    given.remove("apiVersion");
    given.remove("kind");
    ObjectNode meta = given.withObjectProperty("metadata");
    meta.put("uid", "client-uid").put("resourceVersion", "99").put("generation", 7)
        .put("creationTimestamp", "2000-01-01T00:00:00Z");
    meta.putObject("labels").put("app", "iris");
    given.putObject("status").put("url", "http://sneaky");

    StoredObject created = store.create(INFERENCE_SERVICE, given);

    ObjectNode doc = created.json();
    assertThat(doc.path("apiVersion").asText()).isEqualTo("serving.kserve.io/v1beta1");
    assertThat(doc.path("kind").asText()).isEqualTo("InferenceService");
    assertThat(doc.path("metadata").path("uid").asText())
        .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(doc.path("metadata").path("creationTimestamp").asText())
        .isEqualTo("2025-03-01T10:00:00Z");
    assertThat(doc.path("metadata").path("generation").asLong()).isEqualTo(1);
    assertThat(doc.path("metadata").path("resourceVersion").asText()).isEqualTo("1");
    assertThat(doc.path("metadata").path("labels").path("app").asText()).isEqualTo("iris");
    assertThat(doc.has("status")).as("status is dropped on create").isFalse();
    assertThat(created.resourceVersion()).isEqualTo(1);
    assertThat(created.key()).isEqualTo(IRIS);
    assertThat(created.metadata().namespace()).isEqualTo("default");
    assertThat(store.get(IRIS)).contains(created);
  }

  @Test
  void resourceVersionIsOneCounterForTheWholeStore() {
    long a = store.create(INFERENCE_SERVICE, isvc("default", "a")).resourceVersion();
    long b = store.create(SERVICE, service("other", "b")).resourceVersion();
    long c = store.create(CLUSTER_SERVING_RUNTIME, runtime("c")).resourceVersion();

    assertThat(List.of(a, b, c)).containsExactly(1L, 2L, 3L);
    assertThat(store.resourceVersion()).isEqualTo(3);
  }

  @Test
  void clusterScopedKindsHaveNoNamespace() {
    ObjectNode given = runtime("kanary-onnx");
    given.withObjectProperty("metadata").put("namespace", "ignored");

    StoredObject created = store.create(CLUSTER_SERVING_RUNTIME, given);

    assertThat(created.key()).isEqualTo(ObjectKey.of(CLUSTER_SERVING_RUNTIME, null, "kanary-onnx"));
    assertThat(created.json().path("metadata").has("namespace")).isFalse();
    assertThat(created.json().path("apiVersion").asText())
        .isEqualTo("serving.kserve.io/v1alpha1");
    assertThat(store.get(ObjectKey.of(CLUSTER_SERVING_RUNTIME, "", "kanary-onnx")))
        .contains(created);
  }

  @Test
  void generateNameAddsFiveRandomCharacters() {
    ObjectNode given = isvc("default", "ignored");
    given.withObjectProperty("metadata").remove("name");
    given.withObjectProperty("metadata").put("generateName", "iris-");

    StoredObject first = store.create(INFERENCE_SERVICE, given);
    StoredObject second = store.create(INFERENCE_SERVICE, given);

    assertThat(first.key().name()).matches("iris-[bcdfghjklmnpqrstvwxz2456789]{5}");
    assertThat(second.key().name()).matches("iris-[bcdfghjklmnpqrstvwxz2456789]{5}")
        .isNotEqualTo(first.key().name());
    assertThat(first.json().path("metadata").path("name").asText())
        .isEqualTo(first.key().name());
    assertThat(first.json().path("metadata").path("generateName").asText()).isEqualTo("iris-");
  }

  @Test
  void createOfAnExistingNameIsAlreadyExists() {
    store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));

    assertRefused(() -> store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris")),
        Reason.ALREADY_EXISTS, 409,
        "inferenceservices.serving.kserve.io \"sklearn-iris\" already exists");
    assertThat(store.resourceVersion()).isEqualTo(1);
  }

  @Test
  void theSameNameInAnotherNamespaceOrKindIsAnotherObject() {
    store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));

    store.create(INFERENCE_SERVICE, isvc("prod", "sklearn-iris"));
    store.create(SERVICE, service("default", "sklearn-iris"));

    assertThat(store.list(INFERENCE_SERVICE, null, LabelSelector.EVERYTHING).items()).hasSize(2);
  }

  @Test
  void writesToAMissingObjectAreNotFound() {
    String message = "inferenceservices.serving.kserve.io \"sklearn-iris\" not found";
    assertRefused(() -> store.update(INFERENCE_SERVICE, isvc("default", "sklearn-iris")),
        Reason.NOT_FOUND, 404, message);
    assertRefused(() -> store.updateStatus(INFERENCE_SERVICE, isvc("default", "sklearn-iris")),
        Reason.NOT_FOUND, 404, message);
    assertRefused(() -> store.delete(IRIS, null), Reason.NOT_FOUND, 404, message);
    assertThat(store.get(IRIS)).isEmpty();
  }

  @Test
  void aStaleResourceVersionIsAConflict() {
    StoredObject v1 = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    store.update(INFERENCE_SERVICE, withLabel(v1.json(), "app", "iris"));
    String modified = "Operation cannot be fulfilled on inferenceservices.serving.kserve.io"
        + " \"sklearn-iris\": the object has been modified; please apply your changes to the"
        + " latest version and try again";

    assertRefused(() -> store.update(INFERENCE_SERVICE, withLabel(v1.json(), "app", "x")),
        Reason.CONFLICT, 409, modified);
    assertRefused(() -> store.updateStatus(INFERENCE_SERVICE, withStatus(v1.json(), "x")),
        Reason.CONFLICT, 409, modified);
    assertRefused(() -> store.delete(IRIS, v1.resourceVersion()), Reason.CONFLICT, 409,
        "Operation cannot be fulfilled on inferenceservices.serving.kserve.io \"sklearn-iris\":"
            + " the ResourceVersion in the precondition (1) does not match the ResourceVersion"
            + " in record (2). The object might have been modified");
    assertThat(store.get(IRIS).orElseThrow().resourceVersion()).isEqualTo(2);
  }

  @Test
  void writesWithoutAResourceVersionAreUnconditional() {
    store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    store.updateStatus(INFERENCE_SERVICE, withStatus(isvc("default", "sklearn-iris"), "a"));

    StoredObject updated =
        store.update(INFERENCE_SERVICE, withLabel(isvc("default", "sklearn-iris"), "app", "x"));
    StoredObject deleted = store.delete(IRIS, updated.resourceVersion());

    assertThat(updated.resourceVersion()).isEqualTo(3);
    assertThat(deleted.resourceVersion()).isEqualTo(4);
    assertThat(store.get(IRIS)).isEmpty();
  }

  @Test
  void anUpdateNamingAnotherUidIsAConflict() {
    store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    ObjectNode recreatedElsewhere = isvc("default", "sklearn-iris");
    recreatedElsewhere.withObjectProperty("metadata").put("uid", "0000");

    assertThatThrownBy(() -> store.update(INFERENCE_SERVICE, recreatedElsewhere))
        .isInstanceOf(StoreException.class)
        .hasMessageEndingWith(": Precondition failed: UID in precondition: 0000, UID in object"
            + " meta: " + store.get(IRIS).orElseThrow().metadata().uid())
        .extracting(e -> ((StoreException) e).reason()).isEqualTo(Reason.CONFLICT);
  }

  static Stream<Arguments> invalidDocuments() {
    return Stream.of(
        argumentSet("no name", json("{\"metadata\": {\"namespace\": \"default\"}}"),
            "InferenceService.serving.kserve.io is invalid: metadata.name: Required value:"
                + " name or generateName is required"),
        argumentSet("no metadata", json("{\"spec\": {}}"),
            "InferenceService.serving.kserve.io is invalid: metadata.name: Required value:"
                + " name or generateName is required"),
        argumentSet("no namespace", json("{\"metadata\": {\"name\": \"a\"}}"),
            "InferenceService.serving.kserve.io \"a\" is invalid: metadata.namespace:"
                + " Required value"),
        argumentSet("a name that is no DNS subdomain",
            json("{\"metadata\": {\"name\": \"Bad_Name\", \"namespace\": \"default\"}}"),
            "InferenceService.serving.kserve.io \"Bad_Name\" is invalid: metadata.name: Invalid"
                + " value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of"),
        argumentSet("a namespace that is no DNS label",
            json("{\"metadata\": {\"name\": \"a\", \"namespace\": \"a.b\"}}"),
            "InferenceService.serving.kserve.io \"a\" is invalid: metadata.namespace: Invalid"
                + " value: \"a.b\": a lowercase RFC 1123 label must consist of"),
        argumentSet("another kind",
            json("{\"kind\": \"Service\", \"metadata\": {\"name\": \"a\", \"namespace\": \"d\"}}"),
            "InferenceService.serving.kserve.io \"a\" is invalid: kind: Invalid value:"
                + " \"Service\": must be InferenceService"),
        argumentSet("another apiVersion",
            json("{\"apiVersion\": \"serving.kserve.io/v1alpha1\","
                + " \"metadata\": {\"name\": \"a\", \"namespace\": \"d\"}}"),
            "InferenceService.serving.kserve.io \"a\" is invalid: apiVersion: Invalid value:"
                + " \"serving.kserve.io/v1alpha1\": must be serving.kserve.io/v1beta1"),
        argumentSet("metadata not an object", json("{\"metadata\": []}"),
            "InferenceService.serving.kserve.io is invalid: metadata: Invalid value: []:"
                + " must be an object"),
        argumentSet("labels that are not strings",
            json("{\"metadata\": {\"name\": \"a\", \"namespace\": \"d\", \"labels\": {\"x\": 1}}}"),
            "InferenceService.serving.kserve.io \"a\" is invalid: metadata.labels: Invalid"
                + " value: {\"x\":1}: must be an object of string values"),
        argumentSet("finalizers that are not a list",
            json("{\"metadata\": {\"name\": \"a\", \"namespace\": \"d\", \"finalizers\": \"x\"}}"),
            "InferenceService.serving.kserve.io \"a\" is invalid: metadata.finalizers: Invalid"
                + " value: \"x\": must be a list of strings"),
        argumentSet("an owner reference without uid",
            json("{\"metadata\": {\"name\": \"a\", \"namespace\": \"d\","
                + " \"ownerReferences\": [{\"name\": \"o\"}]}}"),
            "InferenceService.serving.kserve.io \"a\" is invalid: metadata.ownerReferences:"
                + " Invalid value: [{\"name\":\"o\"}]: must be a list of objects, each with a"
                + " uid"));
  }

  @ParameterizedTest
  @MethodSource("invalidDocuments")
  void createRefusesDocumentsItCannotKey(ObjectNode document, String message) {
    assertThatThrownBy(() -> store.create(INFERENCE_SERVICE, document))
        .isInstanceOf(StoreException.class)
        .hasMessageStartingWith(message)
        .extracting(e -> ((StoreException) e).reason().httpStatus()).isEqualTo(422);
    assertThat(store.resourceVersion()).isZero();
  }

  @Test
  void anUnreadableResourceVersionIsInvalid() {
    ObjectNode given = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris")).json();
    given.withObjectProperty("metadata").put("resourceVersion", "abc");

    assertRefused(() -> store.update(INFERENCE_SERVICE, given), Reason.INVALID, 422,
        "InferenceService.serving.kserve.io \"sklearn-iris\" is invalid: metadata.resourceVersion:"
            + " Invalid value: \"abc\": must be a resourceVersion this server returned");
  }

  /** How one write moves generation and resourceVersion. */
  record Change(Consumer<ObjectNode> edit, boolean statusWrite) {}

  static Stream<Arguments> changes() {
    Consumer<ObjectNode> minReplicasTwo = d -> predictor(d).put("minReplicas", 2);
    Consumer<ObjectNode> status = d -> d.putObject("status").put("url", "u");
    return Stream.of(
        argumentSet("label added",
            new Change(d -> meta(d).putObject("labels").put("app", "x"), false), 1, true),
        argumentSet("annotation added",
            new Change(d -> meta(d).putObject("annotations").put("a", "x"), false), 1, true),
        argumentSet("finalizer added", new Change(d -> withFinalizer(d, "f"), false), 1, true),
        argumentSet("spec field changed", new Change(minReplicasTwo, false), 2, true),
        argumentSet("spec removed", new Change(d -> d.remove("spec"), false), 2, true),
        argumentSet("another top-level field", new Change(d -> d.put("data", "x"), false), 2,
            true),
        argumentSet("status through update (ignored)", new Change(status, false), 1, false),
        argumentSet("the same number, typed long",
            new Change(d -> predictor(d).put("minReplicas", 1L), false), 1, false),
        argumentSet("status written", new Change(status, true), 1, true),
        argumentSet("spec through updateStatus (ignored)", new Change(minReplicasTwo, true), 1,
            false),
        argumentSet("nothing", new Change(d -> {}, false), 1, false),
        argumentSet("nothing through updateStatus", new Change(d -> {}, true), 1, false));
  }

  private static ObjectNode meta(ObjectNode doc) {
    return doc.withObjectProperty("metadata");
  }

  private static ObjectNode predictor(ObjectNode doc) {
    return doc.withObjectProperty("spec").withObjectProperty("predictor");
  }

  @ParameterizedTest
  @MethodSource("changes")
  void generationMovesOnlyWithTheSpec(Change change, long generation, boolean written) {
    StoredObject created = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    ObjectNode edited = created.json();
    change.edit().accept(edited);

    StoredObject result = change.statusWrite()
        ? store.updateStatus(INFERENCE_SERVICE, edited)
        : store.update(INFERENCE_SERVICE, edited);

    assertThat(result.metadata().generation()).isEqualTo(generation);
    assertThat(result.resourceVersion()).isEqualTo(written ? 2 : 1);
    assertThat(store.resourceVersion()).isEqualTo(written ? 2 : 1);
    assertThat(store.get(IRIS)).contains(result);
  }

  @Test
  void generationKeepsCountingOverManySpecChanges() {
    store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    for (int i = 1; i <= 3; i++) {
      ObjectNode next = isvc("default", "sklearn-iris");
      next.withObjectProperty("spec").put("step", i);
      store.update(INFERENCE_SERVICE, next);
      store.updateStatus(INFERENCE_SERVICE, withStatus(isvc("default", "sklearn-iris"), "s" + i));
    }

    assertThat(store.get(IRIS).orElseThrow().metadata().generation()).isEqualTo(4);
  }

  @Test
  void aSpecWriteKeepsTheStatusItDidNotSee() {
    StoredObject created = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    store.updateStatus(INFERENCE_SERVICE, withStatus(isvc("default", "sklearn-iris"), "ready"));

    ObjectNode staleCopy = created.json();
    staleCopy.withObjectProperty("metadata").remove("resourceVersion");
    staleCopy.putObject("status").put("url", "stale");
    staleCopy.withObjectProperty("spec").withObjectProperty("predictor").put("minReplicas", 3);
    StoredObject updated = store.update(INFERENCE_SERVICE, staleCopy);

    assertThat(updated.json().path("status").path("url").asText()).isEqualTo("ready");
    assertThat(updated.json().at("/spec/predictor/minReplicas").asInt()).isEqualTo(3);
    assertThat(updated.metadata().generation()).isEqualTo(2);
  }

  @Test
  void aStatusWriteKeepsSpecAndMetadataItDidNotSee() {
    StoredObject created = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    store.update(INFERENCE_SERVICE, withLabel(created.json(), "app", "iris"));

    ObjectNode statusOnly = isvc("default", "sklearn-iris");
    statusOnly.withObjectProperty("spec").withObjectProperty("predictor").put("minReplicas", 9);
    statusOnly.withObjectProperty("metadata").putObject("labels").put("app", "stale");
    StoredObject written = store.updateStatus(INFERENCE_SERVICE, withStatus(statusOnly, "ready"));

    assertThat(written.json().path("status").path("url").asText()).isEqualTo("ready");
    assertThat(written.json().at("/spec/predictor/minReplicas").asInt()).isEqualTo(1);
    assertThat(written.metadata().labels()).containsEntry("app", "iris");
    assertThat(written.metadata().generation()).isEqualTo(1);
  }

  @Test
  void updateKeepsTheSystemFields() {
    StoredObject created = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    clock.set(T0.plus(Duration.ofHours(1)));
    ObjectNode edited = created.json();
    meta(edited).put("creationTimestamp", "2000-01-01T00:00:00Z").put("generation", 40)
        .remove("uid");

    StoredObject updated = store.update(INFERENCE_SERVICE, withLabel(edited, "a", "b"));

    assertThat(updated.metadata().uid()).isEqualTo(created.metadata().uid());
    assertThat(updated.metadata().creationTimestamp())
        .isEqualTo(created.metadata().creationTimestamp());
    assertThat(updated.metadata().generation()).isEqualTo(1);
  }

  @Test
  void deleteWithoutFinalizersRemovesTheObject() {
    store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));

    StoredObject deleted = store.delete(IRIS, null);

    assertThat(store.get(IRIS)).isEmpty();
    assertThat(deleted.resourceVersion()).as("the version of the removal").isEqualTo(2);
    assertThat(deleted.json().at("/metadata/resourceVersion").asText()).isEqualTo("2");
    assertThat(store.resourceVersion()).isEqualTo(2);
  }

  @Test
  void finalizersHoldADeletedObjectUntilTheyAreRemoved() {
    StoredObject created = store.create(INFERENCE_SERVICE,
        withFinalizer(withFinalizer(isvc("default", "sklearn-iris"), "a"), "b"));
    clock.set(T0.plusSeconds(30));

    StoredObject marked = store.delete(IRIS, created.resourceVersion());

    assertThat(marked.metadata().deletionTimestamp()).hasToString("2025-03-01T10:00:30Z");
    assertThat(marked.json().at("/metadata/deletionGracePeriodSeconds").asInt()).isZero();
    assertThat(marked.metadata().generation()).as("marking moves it, as in Kubernetes")
        .isEqualTo(2);
    assertThat(store.get(IRIS)).contains(marked);

    StoredObject again = store.delete(IRIS, null);
    assertThat(again).as("deleting a marked object is a no-op").isEqualTo(marked);

    ObjectNode oneLeft = marked.json();
    oneLeft.withObjectProperty("metadata").putArray("finalizers").add("b");
    StoredObject stillThere = store.update(INFERENCE_SERVICE, oneLeft);
    assertThat(store.get(IRIS)).contains(stillThere);

    ObjectNode addsOne = stillThere.json();
    addsOne.withObjectProperty("metadata").putArray("finalizers").add("b").add("c");
    assertRefused(() -> store.update(INFERENCE_SERVICE, addsOne), Reason.INVALID, 422,
        "InferenceService.serving.kserve.io \"sklearn-iris\" is invalid: metadata.finalizers:"
            + " Forbidden: no new finalizers can be added if the object is being deleted, found"
            + " new finalizers [c]");

    ObjectNode none = stillThere.json();
    none.withObjectProperty("metadata").remove("finalizers");
    StoredObject removed = store.update(INFERENCE_SERVICE, none);

    assertThat(store.get(IRIS)).isEmpty();
    assertThat(removed.metadata().deletionTimestamp()).isNotNull();
    assertThat(removed.resourceVersion()).isEqualTo(store.resourceVersion());
  }

  @Test
  void aChildOfAnOwnerThatIsGoneIsRefused() {
    StoredObject isvc = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    store.delete(IRIS, null);
    long before = store.resourceVersion();

    assertRefused(() -> store.create(SERVICE, ownedBy(service("default", "iris-predictor"), isvc)),
        Reason.CONFLICT, 409,
        "Operation cannot be fulfilled on services.serving.knative.dev \"iris-predictor\": its"
            + " owners no longer exist (uid " + isvc.metadata().uid() + "); it would be"
            + " garbage-collected at once");
    assertThat(store.resourceVersion()).isEqualTo(before);
  }

  @Test
  void deleteCascadesToOwnedObjectsRecursively() {
    StoredObject isvc = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    StoredObject svc = store.create(SERVICE, ownedBy(service("default", "iris-predictor"), isvc));
    store.create(REVISION, ownedBy(revision("default", "iris-predictor-00001"), svc));
    store.create(REVISION, ownedBy(revision("default", "iris-predictor-00002"), svc));
    store.create(SERVICE, service("default", "unrelated"));
    long before = store.resourceVersion();

    StoredObject deleted = store.delete(IRIS, null);

    assertThat(store.list(SERVICE, null, LabelSelector.EVERYTHING).items())
        .extracting(o -> o.key().name()).containsExactly("unrelated");
    assertThat(store.list(REVISION, null, LabelSelector.EVERYTHING).items()).isEmpty();
    assertThat(store.get(IRIS)).isEmpty();
    assertThat(deleted.resourceVersion()).isEqualTo(before + 1);
    assertThat(store.resourceVersion()).as("one version per removed object")
        .isEqualTo(before + 4);
  }

  @Test
  void anOwnedObjectWithFinalizersIsMarkedAndItsChildrenWaitForIt() {
    StoredObject isvc = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    StoredObject svc = store.create(SERVICE,
        withFinalizer(ownedBy(service("default", "iris-predictor"), isvc), "cleanup"));
    ObjectKey revisionKey = store.create(REVISION,
        ownedBy(revision("default", "iris-predictor-00001"), svc)).key();

    store.delete(IRIS, null);

    StoredObject marked = store.get(svc.key()).orElseThrow();
    assertThat(marked.metadata().isBeingDeleted()).isTrue();
    assertThat(store.get(revisionKey)).as("removed only with its owner").isPresent();

    ObjectNode finalized = marked.json();
    finalized.withObjectProperty("metadata").remove("finalizers");
    store.update(SERVICE, finalized);

    assertThat(store.get(svc.key())).isEmpty();
    assertThat(store.get(revisionKey)).isEmpty();
  }

  @Test
  void anOwnerWithFinalizersKeepsItsChildrenUntilItIsGone() {
    StoredObject isvc =
        store.create(INFERENCE_SERVICE, withFinalizer(isvc("default", "sklearn-iris"), "f"));
    ObjectKey svcKey =
        store.create(SERVICE, ownedBy(service("default", "iris-predictor"), isvc)).key();

    StoredObject marked = store.delete(IRIS, null);
    assertThat(store.get(svcKey)).isPresent();

    ObjectNode finalized = marked.json();
    finalized.withObjectProperty("metadata").remove("finalizers");
    store.update(INFERENCE_SERVICE, finalized);

    assertThat(store.get(svcKey)).isEmpty();
  }

  @Test
  void anObjectWithAnotherLivingOwnerOnlyLosesTheReference() {
    StoredObject a = store.create(INFERENCE_SERVICE, isvc("default", "a"));
    StoredObject b = store.create(INFERENCE_SERVICE, isvc("default", "b"));
    ObjectKey shared =
        store.create(SERVICE, ownedBy(ownedBy(service("default", "shared"), a), b)).key();

    store.delete(a.key(), null);

    StoredObject kept = store.get(shared).orElseThrow();
    assertThat(kept.metadata().ownerReferences()).extracting(r -> r.uid())
        .containsExactly(b.metadata().uid());
    assertThat(kept.metadata().generation()).isEqualTo(1);

    store.delete(b.key(), null);
    assertThat(store.get(shared)).isEmpty();
  }

  @Test
  void ownershipCyclesEnd() {
    StoredObject a = store.create(SERVICE, service("default", "a"));
    StoredObject b = store.create(SERVICE, ownedBy(service("default", "b"), a));
    store.update(SERVICE, ownedBy(a.json(), b));

    store.delete(a.key(), null);

    assertThat(store.list(SERVICE, null, LabelSelector.EVERYTHING).items()).isEmpty();
  }

  @Test
  void everythingSurvivesCloseAndReopen() {
    StoredObject isvc = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    StoredObject withStatus =
        store.updateStatus(INFERENCE_SERVICE, withStatus(isvc("default", "sklearn-iris"), "u"));
    StoredObject runtime = store.create(CLUSTER_SERVING_RUNTIME, runtime("kanary-onnx"));
    StoredObject gone = store.create(SERVICE, service("default", "gone"));
    store.delete(gone.key(), null);
    long version = store.resourceVersion();
    store.close();

    store = SqliteResourceStore.open(dataDir, clock);

    assertThat(store.get(IRIS)).contains(withStatus);
    assertThat(store.get(runtime.key())).contains(runtime);
    assertThat(store.get(gone.key())).isEmpty();
    assertThat(store.resourceVersion()).as("deletions count too").isEqualTo(version);
    assertThat(store.create(SERVICE, service("default", "next")).resourceVersion())
        .isEqualTo(version + 1);
    assertThat(isvc.metadata().uid()).isEqualTo(withStatus.metadata().uid());
  }

  @Test
  void aCommittedWriteIsOnDiskWhenTheCallReturns(@TempDir Path copy) throws Exception {
    StoredObject created = store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));

    // What a crash right now would leave behind: the database file and its write-ahead log.
    for (String name : List.of("kanary.db", "kanary.db-wal")) {
      Files.copy(dataDir.resolve(name), copy.resolve(name));
    }
    try (SqliteResourceStore recovered = SqliteResourceStore.open(copy, clock)) {
      assertThat(recovered.get(IRIS)).contains(created);
    }
  }

  @Test
  void theFileIsPlainSqlite() throws Exception {
    store.create(INFERENCE_SERVICE, isvc("default", "sklearn-iris"));
    store.create(CLUSTER_SERVING_RUNTIME, runtime("kanary-onnx"));

    List<String> rows = new ArrayList<>();
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("kanary.db"));
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT group_kind, namespace, name,"
            + " resource_version, json_extract(json, '$.metadata.uid') = uid FROM objects"
            + " ORDER BY resource_version")) {
      while (result.next()) {
        rows.add(result.getString(1) + " " + result.getString(2) + " " + result.getString(3)
            + " " + result.getLong(4) + " " + result.getBoolean(5));
      }
      ResultSet counter = statement.executeQuery("SELECT value FROM meta"
          + " WHERE key = 'resource_version'");
      assertThat(counter.getString(1)).isEqualTo("2");
    }
    assertThat(rows).containsExactly(
        "serving.kserve.io/InferenceService default sklearn-iris 1 true",
        "serving.kserve.io/ClusterServingRuntime  kanary-onnx 2 true");
  }

  @Test
  void aSecondStoreOnTheSameDirectoryIsRefused() {
    assertThatThrownBy(() -> SqliteResourceStore.open(dataDir, clock))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is in use by another kanary store");
  }

  @Test
  void aClosedStoreRefusesCalls() {
    store.close();

    assertThatThrownBy(() -> store.get(IRIS))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void listFiltersByNamespace() {
    store.create(INFERENCE_SERVICE, isvc("b", "two"));
    store.create(INFERENCE_SERVICE, isvc("a", "zeta"));
    store.create(INFERENCE_SERVICE, isvc("a", "alpha"));
    store.create(SERVICE, service("a", "not-an-isvc"));

    assertThat(names(store.list(INFERENCE_SERVICE, "a", LabelSelector.EVERYTHING)))
        .containsExactly("a/alpha", "a/zeta");
    assertThat(names(store.list(INFERENCE_SERVICE, null, LabelSelector.EVERYTHING)))
        .containsExactly("a/alpha", "a/zeta", "b/two");
    assertThat(names(store.list(INFERENCE_SERVICE, "", LabelSelector.EVERYTHING)))
        .containsExactly("a/alpha", "a/zeta", "b/two");
    assertThat(names(store.list(INFERENCE_SERVICE, "c", LabelSelector.EVERYTHING))).isEmpty();
    assertThat(store.list(INFERENCE_SERVICE, "a", LabelSelector.EVERYTHING).resourceVersion())
        .isEqualTo(4);
  }

  static Stream<Arguments> selectors() {
    return Stream.of(
        argumentSet("everything", "", List.of("gold-iris", "plain", "silver-iris", "silver-wine")),
        argumentSet("equals", "app=iris", List.of("gold-iris", "silver-iris")),
        argumentSet("not equals keeps unlabelled", "app!=iris", List.of("plain", "silver-wine")),
        argumentSet("exists", "tier", List.of("gold-iris", "silver-iris", "silver-wine")),
        argumentSet("does not exist", "!tier", List.of("plain")),
        argumentSet("in", "tier in (gold,bronze)", List.of("gold-iris")),
        argumentSet("notin keeps unlabelled", "tier notin (gold)",
            List.of("plain", "silver-iris", "silver-wine")),
        argumentSet("and", "app=iris,tier=silver", List.of("silver-iris")),
        argumentSet("nothing", "app=none", List.of()));
  }

  @ParameterizedTest
  @MethodSource("selectors")
  void listFiltersByLabels(String selector, List<String> expected) {
    store.create(INFERENCE_SERVICE, labelled("gold-iris", "app", "iris", "tier", "gold"));
    store.create(INFERENCE_SERVICE, labelled("silver-iris", "app", "iris", "tier", "silver"));
    store.create(INFERENCE_SERVICE, labelled("silver-wine", "app", "wine", "tier", "silver"));
    store.create(INFERENCE_SERVICE, isvc("default", "plain"));

    ListResult result = store.list(INFERENCE_SERVICE, "default", LabelSelectors.parse(selector));

    assertThat(result.items()).extracting(o -> o.key().name())
        .containsExactlyElementsOf(expected);
  }

  private static ObjectNode labelled(String name, String... labels) {
    ObjectNode doc = isvc("default", name);
    ObjectNode map = doc.withObjectProperty("metadata").putObject("labels");
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    return doc;
  }

  private static List<String> names(ListResult result) {
    return result.items().stream().map(o -> o.key().namespace() + "/" + o.key().name()).toList();
  }

  static ObjectNode withLabel(ObjectNode doc, String key, String value) {
    doc.withObjectProperty("metadata").withObjectProperty("labels").put(key, value);
    return doc;
  }

  static ObjectNode withStatus(ObjectNode doc, String url) {
    doc.putObject("status").put("url", url);
    return doc;
  }

  private static void assertRefused(ThrowingCallable call, Reason reason, int httpStatus,
      String message) {
    assertThatThrownBy(call)
        .isInstanceOf(StoreException.class)
        .hasMessage(message)
        .satisfies(e -> {
          assertThat(((StoreException) e).reason()).isEqualTo(reason);
          assertThat(((StoreException) e).reason().httpStatus()).isEqualTo(httpStatus);
        });
  }
}
