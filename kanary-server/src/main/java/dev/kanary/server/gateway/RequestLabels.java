package dev.kanary.server.gateway;

import io.micrometer.core.instrument.Tags;

/**
 * What a request's metrics are labelled with. Empty strings where nothing applies: a request for
 * an unknown host has no InferenceService, Service or revision.
 */
record RequestLabels(String namespace, String isvc, String service, String revision, String tag) {
  static final RequestLabels NONE = new RequestLabels("", "", "", "", "");

  static RequestLabels of(Route route, String revision, String tag) {
    return new RequestLabels(route.namespace(),
        route.inferenceService() == null ? "" : route.inferenceService(), route.service(),
        revision == null ? "" : revision, tag);
  }

  Tags tags() {
    return Tags.of("namespace", namespace, "isvc", isvc, "service", service, "revision", revision,
        "tag", tag);
  }
}
