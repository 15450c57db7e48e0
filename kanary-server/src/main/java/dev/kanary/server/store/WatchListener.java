package dev.kanary.server.store;

/** Receives one watch's events, one at a time, in commit order, on a thread of the store's. */
@FunctionalInterface
public interface WatchListener {

  void onEvent(WatchEvent event);

  /** The watch ended: closed by its owner (cause null) or because the store shut down. */
  default void onClose(Throwable cause) {}
}
