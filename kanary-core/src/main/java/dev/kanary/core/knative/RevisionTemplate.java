package dev.kanary.core.knative;

import dev.kanary.core.k8s.ObjectMeta;

/** A Service's {@code spec.template}: each change to it makes a new immutable Revision. */
public record RevisionTemplate(ObjectMeta metadata, RevisionSpec spec) {}
