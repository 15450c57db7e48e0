package dev.kanary.server.controller;

import dev.kanary.server.store.ObjectKey;

/**
 * Brings the world in line with one object. It gets a key, never an event, reads what it needs
 * from informer caches, and must be idempotent: a second run with the same inputs writes nothing.
 * An exception means "try again with back-off".
 */
@FunctionalInterface
public interface Reconciler {
  Result reconcile(ObjectKey key) throws Exception;
}
