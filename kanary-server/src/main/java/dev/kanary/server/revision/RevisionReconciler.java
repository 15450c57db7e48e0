package dev.kanary.server.revision;

import dev.kanary.core.k8s.Container;
import dev.kanary.core.k8s.GoDuration;
import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.RevisionStatus;
import dev.kanary.server.controller.Informer;
import dev.kanary.server.controller.Reconciler;
import dev.kanary.server.controller.Resources;
import dev.kanary.server.controller.Result;
import dev.kanary.server.ksvc.RoutingStates;
import dev.kanary.server.replica.ReadinessProbe;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaSpec;
import dev.kanary.server.replica.ReplicaStatus;
import dev.kanary.server.replica.ReplicaSupervisor;
import dev.kanary.server.storage.ModelStorage;
import dev.kanary.server.storage.StorageException;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.ResourceType;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a revision's replicas at the count {@link RevisionScaler} asks for and reports them in
 * its status. Replicas are child processes run by the {@link ReplicaSupervisor}; a replica leaves
 * the gateway's table before it is stopped ({@link ReplicaDrainer}).
 */
public final class RevisionReconciler implements Reconciler {
  private static final Logger log = LoggerFactory.getLogger("kanary");

  /** Annotation on a revision (from KServe): the model's storageUri. */
  public static final String STORAGE_URI = "internal.serving.kserve.io/storage-initializer-sourceuri";
  /** Annotation on a revision: the inference protocol its replicas speak, v1 or v2. */
  public static final String PROTOCOL = "serving.kanary.io/protocol";
  /** Label on a revision (from KServe): the InferenceService, i.e. the model's name. */
  public static final String INFERENCE_SERVICE = "serving.kserve.io/inferenceservice";
  /** Annotation on a revision (Knative): its progress deadline, a Go duration. */
  public static final String PROGRESS_DEADLINE = "serving.knative.dev/progress-deadline";

  private final ResourceStore store;
  private final Informer<Revision> revisions;
  private final ReplicaSupervisor supervisor;
  private final ModelStorage storage;
  private final ReplicaDrainer drainer;
  private final Function<Revision, Duration> keepWarm;
  private final RevisionSettings settings;
  private final Clock clock;

  /**
   * @param keepWarm how long the revision stays up after losing traffic: the grace period, or the
   *     keep-previous-warm window when it is its InferenceService's previous rolled-out revision
   */
  public RevisionReconciler(
      ResourceStore store,
      Informer<Revision> revisions,
      ReplicaSupervisor supervisor,
      ModelStorage storage,
      ReplicaDrainer drainer,
      Function<Revision, Duration> keepWarm,
      RevisionSettings settings,
      Clock clock) {
    this.store = store;
    this.revisions = revisions;
    this.supervisor = supervisor;
    this.storage = storage;
    this.drainer = drainer;
    this.keepWarm = keepWarm;
    this.settings = settings;
    this.clock = clock;
  }

  /** The supervisor's name for a revision's replicas: namespace and revision. */
  public static String replicaOwner(String namespace, String revision) {
    return namespace + "/" + revision;
  }

  /** The revision a replica belongs to, for mapping replica changes onto revision keys. */
  public static Optional<ObjectKey> revisionOf(ReplicaStatus replica) {
    int slash = replica.revision().indexOf('/');
    return slash < 0
        ? Optional.empty()
        : Optional.of(ObjectKey.of(ResourceType.REVISION, replica.revision().substring(0, slash),
            replica.revision().substring(slash + 1)));
  }

  @Override
  public Result reconcile(ObjectKey key) {
    if (supervisor.isClosed()) {
      // Shutting down: the supervisor stops every replica itself; restarting any would race it.
      return Result.done();
    }
    String owner = replicaOwner(key.namespace(), key.name());
    List<ReplicaStatus> replicas = running(owner);
    Optional<Revision> found = revisions.get(key);
    if (found.isEmpty() || found.get().metadata().isBeingDeleted()) {
      replicas.forEach(this::stop);
      return Result.done();
    }
    Revision revision = found.get();
    Instant now = clock.instant();
    Duration deadline = progressDeadline(revision);
    Instant created = Objects.requireNonNullElse(revision.metadata().creationTimestamp(), now);
    boolean everReady = RevisionStatuses.hasBeenReady(revision);
    boolean deadlineExceeded = !everReady && now.isAfter(created.plus(deadline));

    ScaleDecision decision = RevisionScaler.decide(revision, RoutingStates.of(revision),
        RoutingStates.modifiedAt(revision), replicas.size(), deadlineExceeded,
        max(settings.noTrafficGrace(), keepWarm.apply(revision)), now);

    Optional<String> storageError = Optional.empty();
    if (decision.replicas() > replicas.size()) {
      try {
        Path modelDir = modelDir(revision);
        for (int i = replicas.size(); i < decision.replicas(); i++) {
          supervisor.start(replicaSpec(revision, modelDir));
        }
      } catch (StorageException e) {
        storageError = Optional.of(e.getMessage());
      }
    } else if (decision.replicas() < replicas.size()) {
      replicas.stream()
          .sorted(Comparator.comparing(ReplicaStatus::ready))
          .limit(replicas.size() - decision.replicas())
          .forEach(this::stop);
    }

    List<ReplicaStatus> current = running(owner);
    RevisionStatus status = RevisionStatuses.of(revision, current, storageError,
        decision.replicas(), deadlineExceeded, now);
    writeStatus(revision, status);

    Result result = decision.recheckIn().map(Result::requeueAfter).orElse(Result.done());
    if (!everReady && !deadlineExceeded) {
      result = result.and(Result.requeueAfter(Duration.between(now, created.plus(deadline))
          .plusMillis(10)));
    }
    return result;
  }

  private List<ReplicaStatus> running(String owner) {
    return supervisor.replicasOf(owner).stream()
        .filter(r -> r.phase() != ReplicaPhase.STOPPING && r.phase() != ReplicaPhase.STOPPED)
        .sorted(Comparator.comparing(ReplicaStatus::name))
        .toList();
  }

  private Path modelDir(Revision revision) {
    String uri = revision.metadata().annotation(STORAGE_URI);
    if (uri == null || uri.isBlank()) {
      return settings.dataDir();
    }
    return storage.fetch(uri);
  }

  private ReplicaSpec replicaSpec(Revision revision, Path modelDir) {
    Container container = revision.spec().containers().stream().findFirst()
        .orElseThrow(() -> new IllegalStateException(
            "revision " + revision.metadata().name() + " has no container"));
    String modelName = modelName(revision);
    String namespace = revision.metadata().namespace();
    String pod = ReplicaNames.next(revision);
    Map<String, String> env = ReplicaCommand.environment(revision, container, modelName, modelDir);
    return new ReplicaSpec(
        namespace + "." + pod,
        replicaOwner(namespace, revision.metadata().name()),
        ReplicaCommand.command(container, modelDir, settings.kanary(), env),
        env,
        settings.dataDir(),
        settings.dataDir().resolve("logs").resolve(namespace).resolve(pod + ".log"),
        ReadinessProbe.httpGet(readinessPath(revision, modelName)));
  }

  static String readinessPath(Revision revision, String modelName) {
    return "v2".equalsIgnoreCase(revision.metadata().annotation(PROTOCOL))
        ? "/v2/health/ready"
        : "/v1/models/" + modelName;
  }

  static String modelName(Revision revision) {
    String isvc = revision.metadata().label(INFERENCE_SERVICE);
    if (isvc != null) {
      return isvc;
    }
    String service = revision.metadata().label(dev.kanary.core.knative.ServingLabels.SERVICE);
    return service != null ? service : revision.metadata().name();
  }

  private Duration progressDeadline(Revision revision) {
    String value = revision.metadata().annotation(PROGRESS_DEADLINE);
    if (value != null) {
      if (GoDuration.parse(value) instanceof GoDuration.Valid valid
          && valid.duration().compareTo(Duration.ZERO) > 0) {
        return valid.duration();
      }
    }
    return settings.progressDeadline();
  }

  private void stop(ReplicaStatus replica) {
    drainer.drain(replica).whenComplete((ignored, error) -> supervisor.stop(replica.name()));
  }

  private void writeStatus(Revision revision, RevisionStatus status) {
    RevisionStatus before = revision.status();
    if (Objects.equals(before, status)) {
      return;
    }
    logTransition(revision, before, status);
    store.updateStatus(ResourceType.REVISION, Resources.toJson(revision.withStatus(status)));
  }

  private static void logTransition(Revision revision, RevisionStatus before, RevisionStatus after) {
    String name = revision.metadata().namespace() + "/" + revision.metadata().name();
    var readyBefore = before == null ? null : before.condition(RevisionStatus.READY).orElse(null);
    var readyAfter = after.condition(RevisionStatus.READY).orElse(null);
    if (readyAfter == null || (readyBefore != null && readyBefore.sameStateAs(readyAfter))) {
      return;
    }
    if (readyAfter.isTrue()) {
      log.info("revision {} ready", name);
    } else if (readyAfter.isFalse()) {
      log.warn("revision {} failed: {}: {}", name, readyAfter.reason(), readyAfter.message());
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
