package dev.kanary.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite file: one row per object (its key columns, uid, resourceVersion and the whole JSON
 * document), an index of owner references for cascading deletes, and a meta table holding the
 * store-wide resourceVersion counter. Not thread-safe: the store serialises all calls.
 *
 * <p>Durability: WAL journal with {@code synchronous=FULL}, so every commit fsyncs the WAL before
 * it returns and survives a power cut, not only a process crash (NORMAL would only promise the
 * latter in WAL mode).
 */
final class ObjectTable implements AutoCloseable {
  private static final String SCHEMA = """
      CREATE TABLE IF NOT EXISTS objects (
        group_kind TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        uid TEXT NOT NULL UNIQUE,
        resource_version INTEGER NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (group_kind, namespace, name)
      );
      CREATE TABLE IF NOT EXISTS owner_references (
        owner_uid TEXT NOT NULL,
        group_kind TEXT NOT NULL,
        namespace TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (owner_uid, group_kind, namespace, name)
      );
      CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
      INSERT OR IGNORE INTO meta (key, value) VALUES ('resource_version', '0');
      """;

  private final Path file;
  private final Connection connection;

  private ObjectTable(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  static ObjectTable open(Path file) {
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.setBusyTimeout(5_000);
    Connection connection;
    try {
      connection = config.createConnection("jdbc:sqlite:" + file);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot open the store " + file + ": " + e.getMessage(), e);
    }
    ObjectTable table = new ObjectTable(file, connection);
    try {
      table.begin();
      for (String sql : SCHEMA.split(";")) {
        if (!sql.isBlank()) {
          table.update(sql, statement -> {});
        }
      }
      table.commit();
      return table;
    } catch (RuntimeException e) {
      table.close();
      throw e;
    }
  }

  /** The last resourceVersion handed out; never below a stored object's. */
  long resourceVersion() {
    return query("SELECT max((SELECT CAST(value AS INTEGER) FROM meta WHERE key ="
        + " 'resource_version'), (SELECT coalesce(max(resource_version), 0) FROM objects))",
        statement -> {},
        rows -> rows.getLong(1)).getFirst();
  }

  void saveResourceVersion(long resourceVersion) {
    update("UPDATE meta SET value = ? WHERE key = 'resource_version'",
        statement -> statement.setString(1, Long.toString(resourceVersion)));
  }

  Optional<StoredObject> find(ObjectKey key) {
    return query("SELECT resource_version, json FROM objects"
            + " WHERE group_kind = ? AND namespace = ? AND name = ?",
        statement -> bindKey(statement, key, 1),
        rows -> row(key.type(), rows)).stream().findFirst();
  }

  boolean uidExists(String uid) {
    return !query("SELECT 1 FROM objects WHERE uid = ?",
        statement -> statement.setString(1, uid),
        rows -> true).isEmpty();
  }

  /** Objects of the type ordered by namespace and name; {@code namespace} null means all. */
  List<StoredObject> list(ResourceType type, String namespace) {
    String sql = "SELECT resource_version, json FROM objects WHERE group_kind = ?"
        + (namespace == null ? "" : " AND namespace = ?") + " ORDER BY namespace, name";
    return query(sql,
        statement -> {
          statement.setString(1, type.groupKind());
          if (namespace != null) {
            statement.setString(2, namespace);
          }
        },
        rows -> row(type, rows));
  }

  /** Objects with an owner reference naming {@code ownerUid}, in key order. */
  List<StoredObject> ownedBy(String ownerUid) {
    return query("SELECT o.group_kind, o.resource_version, o.json FROM owner_references r"
            + " JOIN objects o USING (group_kind, namespace, name) WHERE r.owner_uid = ?"
            + " ORDER BY o.group_kind, o.namespace, o.name",
        statement -> statement.setString(1, ownerUid),
        rows -> stored(typeOf(rows.getString(1)), rows.getLong(2), rows.getString(3)));
  }

  void insert(StoredObject object) {
    update("INSERT INTO objects (group_kind, namespace, name, uid, resource_version, json)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        statement -> {
          int next = bindKey(statement, object.key(), 1);
          statement.setString(next, ObjectDocuments.uid(object.json()));
          statement.setLong(next + 1, object.resourceVersion());
          statement.setString(next + 2, ObjectDocuments.toText(object.json()));
        });
    saveOwners(object);
  }

  void replace(StoredObject object) {
    update("UPDATE objects SET resource_version = ?, json = ?"
            + " WHERE group_kind = ? AND namespace = ? AND name = ?",
        statement -> {
          statement.setLong(1, object.resourceVersion());
          statement.setString(2, ObjectDocuments.toText(object.json()));
          bindKey(statement, object.key(), 3);
        });
    saveOwners(object);
  }

  void remove(ObjectKey key) {
    update("DELETE FROM objects WHERE group_kind = ? AND namespace = ? AND name = ?",
        statement -> bindKey(statement, key, 1));
    removeOwners(key);
  }

  /**
   * Starts a write transaction. Transactions are explicit SQL rather than JDBC's autocommit-off
   * mode, which would keep one open (and the file's write lock held) between calls; reads run
   * outside, each a single statement.
   */
  void begin() {
    update("BEGIN IMMEDIATE", statement -> {});
  }

  void commit() {
    update("COMMIT", statement -> {});
  }

  void rollback() {
    update("ROLLBACK", statement -> {});
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private void saveOwners(StoredObject object) {
    removeOwners(object.key());
    for (String ownerUid : ObjectDocuments.ownerUids(object.json())) {
      update("INSERT INTO owner_references (owner_uid, group_kind, namespace, name)"
              + " VALUES (?, ?, ?, ?)",
          statement -> {
            statement.setString(1, ownerUid);
            bindKey(statement, object.key(), 2);
          });
    }
  }

  private void removeOwners(ObjectKey key) {
    update("DELETE FROM owner_references WHERE group_kind = ? AND namespace = ? AND name = ?",
        statement -> bindKey(statement, key, 1));
  }

  private static StoredObject row(ResourceType type, ResultSet rows) throws SQLException {
    return stored(type, rows.getLong(1), rows.getString(2));
  }

  private static StoredObject stored(ResourceType type, long resourceVersion, String text) {
    ObjectNode json = ObjectDocuments.fromText(text);
    JsonNode meta = json.path("metadata");
    ObjectKey key =
        ObjectKey.of(type, meta.path("namespace").asText(""), meta.path("name").asText());
    return new StoredObject(key, resourceVersion, json);
  }

  private ResourceType typeOf(String groupKind) {
    return ResourceType.ALL.stream()
        .filter(t -> t.groupKind().equals(groupKind))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "the store " + file + " holds an object of unknown kind " + groupKind));
  }

  /** Binds group_kind, namespace, name from {@code index}; returns the next free index. */
  private static int bindKey(PreparedStatement statement, ObjectKey key, int index)
      throws SQLException {
    statement.setString(index, key.type().groupKind());
    statement.setString(index + 1, key.namespace());
    statement.setString(index + 2, key.name());
    return index + 3;
  }

  private interface Binder {
    void bind(PreparedStatement statement) throws SQLException;
  }

  private interface RowReader<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      try (ResultSet rows = statement.executeQuery()) {
        List<T> results = new ArrayList<>();
        while (rows.next()) {
          results.add(reader.read(rows));
        }
        return results;
      }
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private void update(String sql, Binder binder) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      binder.bind(statement);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private IllegalStateException failure(SQLException e) {
    return new IllegalStateException("the store " + file + " failed: " + e.getMessage(), e);
  }
}
