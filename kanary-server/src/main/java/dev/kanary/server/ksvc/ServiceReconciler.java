package dev.kanary.server.ksvc;

import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.Service;
import dev.kanary.core.knative.ServiceStatus;
import dev.kanary.core.knative.ServingLabels;
import dev.kanary.core.knative.TrafficTarget;
import dev.kanary.core.revision.GcConfig;
import dev.kanary.core.revision.RoutingState;
import dev.kanary.server.controller.Informer;
import dev.kanary.server.controller.Reconciler;
import dev.kanary.server.controller.Resources;
import dev.kanary.server.controller.Result;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes what {@link ServicePlanner} decides for one Knative Service. */
public final class ServiceReconciler implements Reconciler {
  private static final Logger log = LoggerFactory.getLogger("kanary");

  private final ResourceStore store;
  private final Informer<Service> services;
  private final Informer<Revision> revisions;
  private final String domain;
  private final GcConfig gc;
  private final Clock clock;

  public ServiceReconciler(
      ResourceStore store,
      Informer<Service> services,
      Informer<Revision> revisions,
      String domain,
      GcConfig gc,
      Clock clock) {
    this.store = store;
    this.services = services;
    this.revisions = revisions;
    this.domain = domain;
    this.gc = gc;
    this.clock = clock;
  }

  /** The Service a revision belongs to, for mapping revision events onto Service keys. */
  public static Optional<ObjectKey> ownerOf(Revision revision) {
    String service = revision.metadata().label(ServingLabels.SERVICE);
    return service == null
        ? Optional.empty()
        : Optional.of(ObjectKey.of(ResourceType.SERVICE, revision.metadata().namespace(), service));
  }

  @Override
  public Result reconcile(ObjectKey key) {
    Optional<Service> found = services.get(key);
    if (found.isEmpty() || found.get().metadata().isBeingDeleted()) {
      return Result.done();
    }
    Service service = found.get();
    List<Revision> owned = revisions.list(r ->
        key.namespace().equals(r.metadata().namespace())
            && key.name().equals(r.metadata().label(ServingLabels.SERVICE)));
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    ServicePlan plan = ServicePlanner.plan(service, owned, domain, gc, now);

    plan.create().ifPresent(revision -> createRevision(key, revision));
    for (Revision revision : owned) {
      RoutingState next = plan.routingStates().get(revision.metadata().name());
      if (next != null) {
        store.update(ResourceType.REVISION,
            Resources.toJson(RoutingStates.relabel(revision, next, now)));
      }
    }
    for (String name : plan.collect()) {
      log.info("revision {}/{} garbage-collected", key.namespace(), name);
      store.delete(ObjectKey.of(ResourceType.REVISION, key.namespace(), name), null);
    }
    writeStatus(service, plan.status());
    return Result.done();
  }

  private void createRevision(ObjectKey service, Revision revision) {
    try {
      store.create(ResourceType.REVISION, Resources.toJson(revision));
      log.info("revision {}/{} created", service.namespace(), revision.metadata().name());
    } catch (StoreException e) {
      if (e.reason() != StoreException.Reason.ALREADY_EXISTS) {
        throw e;
      }
      // The cache lags the store: the revision exists already; the next pass sees it.
    }
  }

  private void writeStatus(Service service, ServiceStatus status) {
    ServiceStatus before = service.status();
    if (Objects.equals(before, status)) {
      return;
    }
    if (!status.traffic().isEmpty()
        && (before == null || !before.traffic().equals(status.traffic()))) {
      log.info("service {}/{} traffic: {}", service.metadata().namespace(),
          service.metadata().name(), describe(status.traffic()));
    }
    store.updateStatus(ResourceType.SERVICE, Resources.toJson(service.withStatus(status)));
  }

  static String describe(List<TrafficTarget> traffic) {
    return String.join(", ", traffic.stream()
        .map(t -> t.revisionName() + " " + t.percent() + "%"
            + (t.tag() == null ? "" : " (tag " + t.tag() + ")"))
        .toList());
  }
}
