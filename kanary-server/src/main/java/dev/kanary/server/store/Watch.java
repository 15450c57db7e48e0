package dev.kanary.server.store;

/** A running watch; closing it stops delivery and calls the listener's onClose. */
public interface Watch extends AutoCloseable {
  @Override
  void close();
}
