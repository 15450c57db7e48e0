package dev.kanary.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import dev.kanary.core.json.Json;
import dev.kanary.server.store.LabelSelector;
import dev.kanary.server.store.ListResult;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.StoreException;
import dev.kanary.server.store.StoredObject;
import dev.kanary.server.store.Watch;
import dev.kanary.server.store.WatchEvent;
import dev.kanary.server.store.WatchListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * One {@code ?watch=true} response: newline-delimited {@code {"type":..., "object":...}} events
 * over a chunked response, fed by a store watch. It ends when the client goes away (the store
 * watch is closed then) or when the store stops.
 *
 * <p>The store may deliver events before the response has begun; they wait, in order, behind the
 * initial ones.
 */
final class WatchStream implements WatchListener {
  private final HttpResponseWriter response = HttpResponse.streaming();
  private final WatchFilter filter;
  private final List<WatchEvent> early = new ArrayList<>();
  private boolean begun;
  private Watch watch;

  private WatchStream(WatchFilter filter) {
    this.filter = filter;
  }

  /**
   * Starts a watch. Without a resourceVersion it lists first and sends every current object as
   * ADDED, then the changes after the list; with one, the changes after it.
   *
   * @throws ApiException 410 Expired when the store no longer has changes that old
   */
  static HttpResponse start(ResourceStore store, ApiPath path, LabelSelector selector,
      Long resourceVersion) {
    Predicate<StoredObject> selected = object ->
        (path.name() == null || path.name().equals(object.key().name()))
            && selector.matches(object.metadata().labels());
    List<StoredObject> initial;
    long since;
    WatchStream stream;
    if (resourceVersion == null) {
      ListResult list = store.list(path.type(), path.namespace(), selector);
      initial = list.items().stream().filter(selected).toList();
      since = list.resourceVersion();
      stream = new WatchStream(WatchFilter.afterList(selected, initial));
    } else {
      initial = List.of();
      since = resourceVersion;
      stream = new WatchStream(WatchFilter.fromVersion(selected));
    }
    Watch watch;
    try {
      watch = store.watch(path.type(), path.namespace(), since, stream);
    } catch (StoreException e) {
      stream.response.abort();
      throw ApiException.from(e, path.type(), path.name());
    }
    stream.begin(watch, initial);
    return stream.response;
  }

  private synchronized void begin(Watch storeWatch, List<StoredObject> initial) {
    watch = storeWatch;
    response.whenComplete().handle((ignored, cause) -> {
      storeWatch.close();
      return null;
    });
    // tryWrite: the store may have ended the watch already, and closed the response with it.
    response.tryWrite(ResponseHeaders.of(HttpStatus.OK, HttpHeaderNames.CONTENT_TYPE,
        MediaType.JSON_UTF_8));
    for (StoredObject object : initial) {
      send(new WatchEvent(WatchEvent.Type.ADDED, object));
    }
    begun = true;
    early.forEach(this::deliver);
    early.clear();
  }

  @Override
  public synchronized void onEvent(WatchEvent event) {
    if (begun) {
      deliver(event);
    } else {
      early.add(event);
    }
  }

  @Override
  public void onClose(Throwable cause) {
    response.close();
  }

  private void deliver(WatchEvent event) {
    filter.apply(event).ifPresent(this::send);
  }

  private void send(WatchEvent event) {
    ObjectNode line = Json.json().createObjectNode();
    line.put("type", event.type().name());
    line.set("object", event.object().json());
    byte[] json = StatusResponses.bytes(line);
    byte[] withNewline = Arrays.copyOf(json, json.length + 1);
    withNewline[json.length] = '\n';
    if (!response.tryWrite(HttpData.wrap(withNewline))) {
      // The client has gone; whenComplete closes the store watch.
      watch.close();
    }
  }
}
