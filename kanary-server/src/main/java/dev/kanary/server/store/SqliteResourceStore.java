package dev.kanary.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The {@link ResourceStore} of standalone mode: one SQLite file, {@code {dataDir}/kanary.db}.
 *
 * <p>One connection serves every call under one lock: SQLite serialises writers anyway, and
 * holding the lock from a write's first read to its watch events' hand-off is what gives commit
 * order = event order and a gap-free list-then-watch. Each write is one transaction, committed
 * with {@code synchronous=FULL} before the call returns (see {@link ObjectTable}).
 *
 * <p>Watches are served from an in-memory log of the latest events (since open, at most {@code
 * eventLogCapacity}); each watch has its own queue and delivery thread. Closing the store ends
 * every watch with an {@link IllegalStateException} as the cause of onClose.
 */
public final class SqliteResourceStore implements ResourceStore {
  public static final String DATABASE_FILE = "kanary.db";
  public static final int DEFAULT_EVENT_LOG_CAPACITY = 10_000;

  /** Events a watch may have queued before it is cut off as too slow. */
  private static final int MAX_WATCH_BACKLOG = 100_000;
  /** Kubernetes' alphabet for generated names: no vowels, so no words. */
  private static final String NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
  private static final int NAME_SUFFIX_LENGTH = 5;
  private static final int GENERATE_NAME_ATTEMPTS = 10;

  private final Path file;
  private final Clock clock;
  private final DataDirectoryLock directoryLock;
  private final ObjectTable table;
  private final EventLog log;
  private final ReentrantLock lock = new ReentrantLock();
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private final RandomGenerator random = new SecureRandom();
  private long resourceVersion;
  private boolean closed;

  private SqliteResourceStore(Path file, Clock clock, DataDirectoryLock directoryLock,
      ObjectTable table, int eventLogCapacity) {
    this.file = file;
    this.clock = clock;
    this.directoryLock = directoryLock;
    this.table = table;
    this.resourceVersion = table.resourceVersion();
    this.log = new EventLog(eventLogCapacity, resourceVersion);
  }

  /** Opens (creating when needed) the store in {@code dataDir}; timestamps come from the clock. */
  public static SqliteResourceStore open(Path dataDir, Clock clock) {
    return open(dataDir, clock, DEFAULT_EVENT_LOG_CAPACITY);
  }

  /**
   * As {@link #open(Path, Clock)}, keeping at most {@code eventLogCapacity} events for watches
   * that start in the past.
   *
   * @throws IllegalStateException when another store has the directory open
   */
  public static SqliteResourceStore open(Path dataDir, Clock clock, int eventLogCapacity) {
    if (eventLogCapacity < 1) {
      throw new IllegalArgumentException(
          "the event log needs room for at least one event, got " + eventLogCapacity);
    }
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
    }
    DataDirectoryLock directoryLock = DataDirectoryLock.acquire(dataDir);
    Path file = dataDir.resolve(DATABASE_FILE);
    ObjectTable table = null;
    try {
      table = ObjectTable.open(file);
      return new SqliteResourceStore(file, clock, directoryLock, table, eventLogCapacity);
    } catch (RuntimeException e) {
      if (table != null) {
        table.close();
      }
      directoryLock.close();
      throw e;
    }
  }

  /** The SQLite file, for logs and for inspection with the sqlite3 tool. */
  public Path file() {
    return file;
  }

  /**
   * {@inheritDoc}
   *
   * <p>System fields the client sent (uid, resourceVersion, generation, timestamps) are ignored,
   * and a namespace given for a cluster-scoped kind is dropped, as the API server does.
   */
  @Override
  public StoredObject create(ResourceType type, ObjectNode object) {
    ObjectNode doc = ObjectDocuments.normalize(type, object);
    return write(tx -> {
      ObjectKey key = freeKey(type, doc, tx.table());
      requireAnOwner(key, doc, tx.table());
      return tx.add(key,
          ObjectDocuments.created(doc, key, UUID.randomUUID().toString(), tx.now()));
    });
  }

  /**
   * Kubernetes' garbage collector deletes an object whose owners are all gone; creating one is a
   * race a controller lost against its owner's deletion, so it is refused instead of stored and
   * orphaned.
   */
  private static void requireAnOwner(ObjectKey key, ObjectNode doc, ObjectTable table) {
    var owners = ObjectDocuments.ownerUids(doc);
    if (!owners.isEmpty() && owners.stream().noneMatch(table::uidExists)) {
      throw StoreErrors.ownersGone(key, List.copyOf(owners));
    }
  }

  /** The named key, or for a generateName a key with a random suffix that is not taken yet. */
  private ObjectKey freeKey(ResourceType type, ObjectNode doc, ObjectTable table) {
    boolean generated = doc.path("metadata").path("name").asText("").isEmpty();
    for (int attempt = 1; ; attempt++) {
      ObjectKey key = ObjectDocuments.key(type, doc, nameSuffix());
      if (table.find(key).isEmpty()) {
        return key;
      }
      if (!generated || attempt == GENERATE_NAME_ATTEMPTS) {
        throw StoreErrors.alreadyExists(key);
      }
    }
  }

  private String nameSuffix() {
    StringBuilder suffix = new StringBuilder(NAME_SUFFIX_LENGTH);
    for (int i = 0; i < NAME_SUFFIX_LENGTH; i++) {
      suffix.append(NAME_SUFFIX_ALPHABET.charAt(random.nextInt(NAME_SUFFIX_ALPHABET.length())));
    }
    return suffix.toString();
  }

  @Override
  public Optional<StoredObject> get(ObjectKey key) {
    return read(() -> table.find(key));
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code namespace} null or empty lists all namespaces; it is ignored for cluster-scoped
   * kinds. Items come ordered by namespace and name.
   */
  @Override
  public ListResult list(ResourceType type, String namespace, LabelSelector selector) {
    String scope = type.namespaced() && namespace != null && !namespace.isEmpty()
        ? namespace : null;
    return read(() -> new ListResult(
        table.list(type, scope).stream()
            .filter(o -> selector.matches(ObjectDocuments.labels(o.json())))
            .toList(),
        resourceVersion));
  }

  /**
   * {@inheritDoc}
   *
   * <p>An update that changes nothing is not written: no new resourceVersion, no event, as in
   * Kubernetes. Finalizers may be removed but not added while the object is being deleted.
   */
  @Override
  public StoredObject update(ResourceType type, ObjectNode object) {
    ObjectNode incoming = ObjectDocuments.normalize(type, object);
    ObjectKey key = ObjectDocuments.key(type, incoming, null);
    return write(tx -> {
      StoredObject stored = current(tx, key, incoming);
      ObjectNode next = ObjectDocuments.updated(stored.json(), incoming);
      if (ObjectDocuments.isBeingDeleted(next)) {
        checkNoNewFinalizers(type, stored, next);
        if (ObjectDocuments.finalizers(next).isEmpty()) {
          return tx.remove(key, next);
        }
      }
      return unchanged(stored, next) ? stored : tx.modify(key, next);
    });
  }

  /** {@inheritDoc} A status write that changes nothing is not written. */
  @Override
  public StoredObject updateStatus(ResourceType type, ObjectNode object) {
    ObjectNode incoming = ObjectDocuments.normalize(type, object);
    ObjectKey key = ObjectDocuments.key(type, incoming, null);
    return write(tx -> {
      StoredObject stored = current(tx, key, incoming);
      ObjectNode next = ObjectDocuments.withStatus(stored.json(), incoming);
      return unchanged(stored, next) ? stored : tx.modify(key, next);
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>A removed object is returned as its DELETED event carries it, at the resourceVersion of the
   * removal; a marked one at the version of the marking. Deleting an object already marked changes
   * nothing and returns it as stored.
   */
  @Override
  public StoredObject delete(ObjectKey key, Long expectedResourceVersion) {
    return write(tx -> {
      StoredObject stored = tx.table().find(key).orElseThrow(() -> StoreErrors.notFound(key));
      if (expectedResourceVersion != null && expectedResourceVersion != stored.resourceVersion()) {
        throw StoreErrors.preconditionFailed(
            key, expectedResourceVersion, stored.resourceVersion());
      }
      if (ObjectDocuments.isBeingDeleted(stored.json())) {
        return stored;
      }
      return tx.delete(stored);
    });
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code namespace} null or empty watches all namespaces. The listener may be called before
   * this method returns. A version newer than the store's is refused as EXPIRED too (it can only
   * come from another store), so that the caller lists again.
   */
  @Override
  public Watch watch(ResourceType type, String namespace, long sinceResourceVersion,
      WatchListener listener) {
    String scope = type.namespaced() && namespace != null && !namespace.isEmpty()
        ? namespace : null;
    lock.lock();
    try {
      checkOpen();
      if (sinceResourceVersion > resourceVersion) {
        throw StoreErrors.tooNew(sinceResourceVersion, resourceVersion);
      }
      List<WatchEvent> missed = log.after(sinceResourceVersion);
      Subscription subscription =
          new Subscription(type, scope, listener, MAX_WATCH_BACKLOG, subscriptions::remove);
      missed.forEach(subscription::offer);
      subscriptions.add(subscription);
      subscription.start();
      return subscription;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long resourceVersion() {
    lock.lock();
    try {
      return resourceVersion;
    } finally {
      lock.unlock();
    }
  }

  /** Closes the file and ends every watch, with an IllegalStateException as onClose's cause. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      try {
        table.close();
      } finally {
        directoryLock.close();
      }
    } finally {
      lock.unlock();
    }
    IllegalStateException cause = new IllegalStateException("the store " + file + " was closed");
    Set.copyOf(subscriptions).forEach(s -> s.end(cause));
  }

  private StoredObject current(WriteTransaction tx, ObjectKey key, ObjectNode incoming) {
    StoredObject stored = tx.table().find(key).orElseThrow(() -> StoreErrors.notFound(key));
    Long given = ObjectDocuments.givenResourceVersion(key.type(), incoming);
    if (given != null && given != stored.resourceVersion()) {
      throw StoreErrors.modified(key);
    }
    String givenUid = ObjectDocuments.uid(incoming);
    String storedUid = ObjectDocuments.uid(stored.json());
    if (!givenUid.isEmpty() && !givenUid.equals(storedUid)) {
      throw StoreErrors.uidMismatch(key, givenUid, storedUid);
    }
    return stored;
  }

  private static void checkNoNewFinalizers(ResourceType type, StoredObject stored,
      ObjectNode next) {
    Set<String> added = new HashSet<>(ObjectDocuments.finalizers(next));
    ObjectDocuments.finalizers(stored.json()).forEach(added::remove);
    if (!added.isEmpty()) {
      throw StoreErrors.invalid(type, stored.key().name(), "metadata.finalizers: Forbidden: no"
          + " new finalizers can be added if the object is being deleted, found new finalizers "
          + added.stream().sorted().toList());
    }
  }

  private static boolean unchanged(StoredObject stored, ObjectNode next) {
    return stored.json().equals(ObjectDocuments.canonical(next));
  }

  private <T> T read(Supplier<T> query) {
    lock.lock();
    try {
      checkOpen();
      return query.get();
    } finally {
      lock.unlock();
    }
  }

  private <T> T write(Function<WriteTransaction, T> changes) {
    lock.lock();
    try {
      checkOpen();
      WriteTransaction tx = new WriteTransaction(table, clock.instant(), resourceVersion);
      T result;
      table.begin();
      try {
        result = changes.apply(tx);
        if (tx.resourceVersion() != resourceVersion) {
          table.saveResourceVersion(tx.resourceVersion());
        }
        table.commit();
      } catch (RuntimeException | Error e) {
        rollBack(e);
        throw e;
      }
      resourceVersion = tx.resourceVersion();
      for (WatchEvent event : tx.events()) {
        log.append(event);
        subscriptions.forEach(s -> s.offer(event));
      }
      return result;
    } finally {
      lock.unlock();
    }
  }

  /** Leaves the connection outside any transaction, so the next write can begin one. */
  private void rollBack(Throwable cause) {
    try {
      table.rollback();
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store " + file + " is closed");
    }
  }
}
