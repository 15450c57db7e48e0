package dev.kanary.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kanary.core.json.Json;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.StoredObject;
import dev.kanary.server.store.WatchEvent;
import dev.kanary.server.store.WatchEvent.Type;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A selector's watch shows objects entering and leaving the selection as ADDED and DELETED. */
class WatchFilterTest {
  private static final Predicate<StoredObject> CANARY =
      object -> "canary".equals(object.metadata().label("track"));

  @Test
  void afterAListTransitionsAreAddedAndDeleted() {
    WatchFilter filter = WatchFilter.afterList(CANARY, List.of(object("a", "canary")));

    assertThat(shown(filter, Type.MODIFIED, "a", "canary")).hasValue(Type.MODIFIED);
    assertThat(shown(filter, Type.MODIFIED, "a", "stable")).hasValue(Type.DELETED);
    assertThat(shown(filter, Type.MODIFIED, "a", "stable")).isEmpty();
    assertThat(shown(filter, Type.MODIFIED, "a", "canary")).hasValue(Type.ADDED);
    assertThat(shown(filter, Type.DELETED, "a", "canary")).hasValue(Type.DELETED);
  }

  @Test
  void objectsOutsideTheSelectionAreNeverShown() {
    WatchFilter filter = WatchFilter.afterList(CANARY, List.of());

    assertThat(shown(filter, Type.ADDED, "b", "stable")).isEmpty();
    assertThat(shown(filter, Type.MODIFIED, "b", "stable")).isEmpty();
    assertThat(shown(filter, Type.DELETED, "b", "stable")).isEmpty();
  }

  @Test
  void aDeletionIsShownWhenTheClientHeldTheObjectEvenIfItLastChangedOutOfTheSelection() {
    WatchFilter filter = WatchFilter.afterList(CANARY, List.of());

    assertThat(shown(filter, Type.ADDED, "c", "canary")).hasValue(Type.ADDED);
    assertThat(shown(filter, Type.DELETED, "c", "stable")).hasValue(Type.DELETED);
  }

  @Test
  void fromAVersionUnseenMatchingChangesAreModifications() {
    WatchFilter filter = WatchFilter.fromVersion(CANARY);

    assertThat(shown(filter, Type.MODIFIED, "a", "canary")).hasValue(Type.MODIFIED);
    assertThat(shown(filter, Type.MODIFIED, "b", "stable")).isEmpty();
    assertThat(shown(filter, Type.MODIFIED, "a", "stable")).hasValue(Type.DELETED);
  }

  @Test
  void withoutASelectorEventsPassUnchanged() {
    WatchFilter filter = WatchFilter.afterList(o -> true, List.of(object("a", "x")));
    WatchEvent event = new WatchEvent(Type.MODIFIED, object("a", "y"));

    assertThat(filter.apply(event)).containsSame(event);
  }

  private static Optional<Type> shown(WatchFilter filter, Type type, String name, String track) {
    return filter.apply(new WatchEvent(type, object(name, track))).map(WatchEvent::type);
  }

  private static StoredObject object(String name, String track) {
    ObjectNode json = Json.json().createObjectNode();
    json.putObject("metadata").put("name", name).put("namespace", "ns")
        .putObject("labels").put("track", track);
    return new StoredObject(ObjectKey.of(ResourceType.REVISION, "ns", name), 1, json);
  }
}
