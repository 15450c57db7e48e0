package dev.kanary.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * The durable object store of standalone mode, with the API server's semantics.
 *
 * <p>Every object carries uid, creationTimestamp, a store-wide monotonic resourceVersion and a
 * generation that moves only when the spec (everything but metadata and status) changes. Spec and
 * status are written separately: {@link #update} never touches status, {@link #updateStatus}
 * touches nothing else. Each write is one transaction, durable when the call returns, and its
 * watch event is delivered after the commit.
 */
public interface ResourceStore extends AutoCloseable {

  /**
   * Stores a new object; the store fills uid, creationTimestamp, generation 1 and resourceVersion
   * and drops any status given. {@code metadata.generateName} is honoured when name is absent.
   *
   * @throws StoreException ALREADY_EXISTS, or INVALID when the document has no usable name
   */
  StoredObject create(ResourceType type, ObjectNode object);

  Optional<StoredObject> get(ObjectKey key);

  /** Objects of the type, in one namespace or all ({@code namespace} null), matching the selector. */
  ListResult list(ResourceType type, String namespace, LabelSelector selector);

  /**
   * Replaces metadata (labels, annotations, finalizers, ownerReferences) and spec; keeps status and
   * the system fields. A non-empty metadata.resourceVersion must equal the stored one. When the
   * object is being deleted and its finalizers become empty, it is removed.
   *
   * @throws StoreException NOT_FOUND or CONFLICT
   */
  StoredObject update(ResourceType type, ObjectNode object);

  /**
   * Replaces status only. A non-empty metadata.resourceVersion must equal the stored one.
   *
   * @throws StoreException NOT_FOUND or CONFLICT
   */
  StoredObject updateStatus(ResourceType type, ObjectNode object);

  /**
   * Deletes the object, or with finalizers marks it (deletionTimestamp) and leaves it for its
   * finalizers; objects it owns (ownerReferences naming its uid) go with it, in the same
   * transaction. Returns the object as last stored.
   *
   * @param expectedResourceVersion when non-null, a precondition (CONFLICT when stale)
   * @throws StoreException NOT_FOUND or CONFLICT
   */
  StoredObject delete(ObjectKey key, Long expectedResourceVersion);

  /**
   * Streams changes of the type (one namespace or all) committed after {@code sinceResourceVersion};
   * with the version of a {@link ListResult} there is neither gap nor overlap.
   *
   * @throws StoreException EXPIRED when the store no longer holds events that old
   */
  Watch watch(ResourceType type, String namespace, long sinceResourceVersion, WatchListener listener);

  /** The resourceVersion of the last commit. */
  long resourceVersion();

  @Override
  void close();
}
