package dev.kanary.core.traffic.edit;

import dev.kanary.core.knative.TrafficTarget;
import java.util.ArrayList;
import java.util.List;

/**
 * One row's input as kn's compute_test.go sets it up: the same block as spec and status traffic
 * of a Service named "serviceName", and the flags as command-line arguments.
 */
record KnEdit(
    List<TrafficTarget> existing,
    List<String> args,
    List<ServiceRevision> revisions,
    boolean mutation,
    String latestReady) {

  static KnEdit existing(TrafficTarget... targets) {
    return new KnEdit(List.of(targets), List.of(), List.of(), false, null);
  }

  KnEdit args(String... more) {
    return new KnEdit(existing, List.of(more), revisions, mutation, latestReady);
  }

  KnEdit revisions(ServiceRevision... listed) {
    return new KnEdit(existing, args, List.of(listed), mutation, latestReady);
  }

  KnEdit revisions(String... names) {
    return revisions(List.of(names).stream().map(ServiceRevision::named)
        .toArray(ServiceRevision[]::new));
  }

  KnEdit mutating(boolean newMutation) {
    return new KnEdit(existing, args, revisions, newMutation, latestReady);
  }

  KnEdit latestReady(String name) {
    return new KnEdit(existing, args, revisions, mutation, name);
  }

  TrafficEditRequest request() {
    return new TrafficEditRequest(
        "serviceName", existing, existing, revisions, latestReady, flags(args), mutation);
  }

  /** kn's flag set, reduced to the three traffic flags: {@code --flag value} pairs. */
  static TrafficFlags flags(List<String> args) {
    List<String> traffic = new ArrayList<>();
    List<String> tags = new ArrayList<>();
    List<String> untags = new ArrayList<>();
    for (int i = 0; i < args.size(); i += 2) {
      String value = args.get(i + 1);
      switch (args.get(i)) {
        case "--traffic" -> traffic.add(value);
        case "--tag" -> tags.add(value);
        case "--untag" -> untags.add(value);
        default -> throw new IllegalArgumentException("not a traffic flag: " + args.get(i));
      }
    }
    return new TrafficFlags(traffic, tags, untags);
  }

  /** {@code {latestRevision: true, percent}}, as kn's newTarget builds it. */
  static TrafficTarget latest(long percent) {
    return TrafficTarget.latest(percent);
  }

  static TrafficTarget latest(long percent, String tag) {
    return latest(percent).withTag(tag);
  }

  /** {@code {revisionName, latestRevision: false, percent}}, as kn's newTarget builds it. */
  static TrafficTarget rev(String name, long percent) {
    return TrafficTarget.revision(name, percent);
  }

  static TrafficTarget rev(String name, long percent, String tag) {
    return rev(name, percent).withTag(tag);
  }
}
