package dev.kanary.core.knative;

/** Knative's duck-typed address: where a resource can be reached from inside the cluster. */
public record Addressable(String url) {}
