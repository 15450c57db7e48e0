package dev.kanary.server.gateway;

/** A revision's share of a split, in percent of the route's requests. */
public record WeightedRevision(String revision, long percent) {}
