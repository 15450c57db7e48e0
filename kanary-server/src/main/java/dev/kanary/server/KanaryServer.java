package dev.kanary.server;

import dev.kanary.core.knative.Revision;
import dev.kanary.core.knative.Service;
import dev.kanary.core.kserve.InferenceService;
import dev.kanary.core.kserve.ServingRuntime;
import dev.kanary.core.revision.GcConfig;
import com.linecorp.armeria.server.Server;
import dev.kanary.server.api.ApiService;
import dev.kanary.server.api.ApiToken;
import dev.kanary.server.api.CoreApiService;
import dev.kanary.server.controller.Backoff;
import dev.kanary.server.controller.Controller;
import dev.kanary.server.controller.Informer;
import dev.kanary.server.controller.Resources;
import dev.kanary.server.event.EventRecorder;
import dev.kanary.server.event.ObjectEvents;
import dev.kanary.server.event.ReplicaEvents;
import dev.kanary.server.gateway.Gateway;
import dev.kanary.server.gateway.PrometheusScrape;
import dev.kanary.server.isvc.InferenceServiceReconciler;
import dev.kanary.server.ksvc.ServiceReconciler;
import dev.kanary.server.replica.ReplicaPhase;
import dev.kanary.server.replica.ReplicaStatus;
import dev.kanary.server.replica.ReplicaSupervisor;
import dev.kanary.server.replica.SupervisorSettings;
import dev.kanary.server.revision.RevisionReconciler;
import dev.kanary.server.runtime.BuiltInRuntimes;
import dev.kanary.server.storage.ModelStorage;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.SqliteResourceStore;
import dev.kanary.server.store.StoreException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Standalone kanary in one process: the store, the three controllers of the object chain
 * (InferenceService → Service → Revision → replica), the replica supervisor and the API. Start
 * order follows the data: store, built-in runtimes, informers (caches full before any reconcile),
 * controllers, API. Everything comes back from the store after a restart.
 */
public final class KanaryServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("kanary");

  private final ServerConfig config;
  private final ResourceStore store;
  private final ReplicaSupervisor supervisor;
  private final List<Informer<?>> informers = new ArrayList<>();
  private final List<Controller> controllers = new ArrayList<>();
  private final Map<String, ReplicaPhase> replicaPhases = new ConcurrentHashMap<>();
  private final Clock clock;
  private final EventRecorder events;
  private ObjectEvents objectEvents;
  private Controller revisionController;
  private ApiToken token;
  private Server api;
  private volatile Gateway gateway;
  private final PrometheusMeterRegistry metrics =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private KanaryServer(ServerConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.events = new EventRecorder(clock);
    createDirectories(config.dataDir());
    this.store = SqliteResourceStore.open(config.dataDir(), clock);
    this.supervisor = new ReplicaSupervisor(config.dataDir().resolve("run"), this::onReplica,
        SupervisorSettings.defaults());
  }

  public static KanaryServer start(ServerConfig config) {
    return start(config, Clock.systemUTC());
  }

  public static KanaryServer start(ServerConfig config, Clock clock) {
    KanaryServer server = new KanaryServer(config, clock);
    try {
      server.startControlPlane();
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  public ResourceStore store() {
    return store;
  }

  public ReplicaSupervisor supervisor() {
    return supervisor;
  }

  public ServerConfig config() {
    return config;
  }

  /** The API's port: the configured one, or the one picked when that was 0. */
  public int apiPort() {
    return api.activeLocalPort();
  }

  /** The gateway's port: the configured one, or the one picked when that was 0. */
  public int httpPort() {
    return gateway.port();
  }

  public ApiToken token() {
    return token;
  }

  private void startControlPlane() {
    List<Long> reaped = supervisor.reapOrphans();
    if (!reaped.isEmpty()) {
      log.info("stopped {} replica process(es) left by a previous run: {}", reaped.size(), reaped);
    }
    installBuiltInRuntimes();
    objectEvents = ObjectEvents.start(store, events);

    Informer<InferenceService> isvcs =
        informer(ResourceType.INFERENCE_SERVICE, InferenceService.class);
    Informer<Service> services = informer(ResourceType.SERVICE, Service.class);
    Informer<Revision> revisions = informer(ResourceType.REVISION, Revision.class);
    Informer<ServingRuntime> runtimes =
        informer(ResourceType.CLUSTER_SERVING_RUNTIME, ServingRuntime.class);

    ModelStorage storage = ModelStorage.builder(config.dataDir().resolve("models"))
        .baseDir(Path.of("").toAbsolutePath())
        .build();
    Gateway routes = Gateway.standalone(config.bind(), config.httpPort(), config.domain(),
        config.gateway(), isvcs, services, revisions, supervisor, metrics);
    gateway = routes;
    Controller isvcController = controller("inferenceservice",
        new InferenceServiceReconciler(store, isvcs, services, runtimes, config.domain(), clock),
        isvcs);
    Controller serviceController = controller("service",
        new ServiceReconciler(store, services, revisions, config.domain(), GcConfig.DEFAULTS,
            clock),
        services);
    revisionController = controller("revision",
        new RevisionReconciler(store, revisions, supervisor, storage, routes,
            new KeepWarm(isvcs, config.noTrafficGrace(), config.keepPreviousWarm()),
            config.revisionSettings(), clock),
        revisions);

    isvcs.onChange(isvc -> isvcController.enqueue(key(ResourceType.INFERENCE_SERVICE,
        isvc.metadata().namespace(), isvc.metadata().name())));
    services.onChange(service -> {
      serviceController.enqueue(key(ResourceType.SERVICE, service.metadata().namespace(),
          service.metadata().name()));
      InferenceServiceReconciler.ownerOf(service).ifPresent(isvcController::enqueue);
    });
    revisions.onChange(revision -> {
      revisionController.enqueue(key(ResourceType.REVISION, revision.metadata().namespace(),
          revision.metadata().name()));
      ServiceReconciler.ownerOf(revision).ifPresent(serviceController::enqueue);
    });
    runtimes.onChange(runtime -> isvcs.list().forEach(isvc -> isvcController.enqueue(
        key(ResourceType.INFERENCE_SERVICE, isvc.metadata().namespace(),
            isvc.metadata().name()))));

    informers.forEach(Informer::start);
    controllers.forEach(Controller::start);
    routes.start();

    token = ApiToken.forServer(System.getenv(), config.dataDir());
    api = Server.builder()
        .http(new InetSocketAddress(config.bind(), config.apiPort()))
        .service("/metrics", PrometheusScrape.of(metrics))
        .service("prefix:/api/v1/", CoreApiService.of(token, supervisor::replicas, store, events,
            config.dataDir().resolve("logs")))
        .service("prefix:/", ApiService.of(store, token))
        .build();
    api.start().join();
  }

  private void installBuiltInRuntimes() {
    for (ServingRuntime runtime : BuiltInRuntimes.all()) {
      ObjectKey key = ObjectKey.of(ResourceType.CLUSTER_SERVING_RUNTIME, null,
          runtime.metadata().name());
      if (store.get(key).isEmpty()) {
        try {
          store.create(ResourceType.CLUSTER_SERVING_RUNTIME, Resources.toJson(runtime));
          log.info("runtime {} installed", runtime.metadata().name());
        } catch (StoreException e) {
          if (e.reason() != StoreException.Reason.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    }
  }

  private <T> Informer<T> informer(ResourceType type, Class<T> recordType) {
    Informer<T> informer = new Informer<>(store, type, recordType);
    informers.add(informer);
    return informer;
  }

  private Controller controller(
      String name, dev.kanary.server.controller.Reconciler reconciler, Informer<?> primary) {
    ResourceType type = primary.type();
    Controller controller = new Controller(name, reconciler, 4, Backoff.DEFAULT, config.resync(),
        () -> primary.list().stream().map(o -> keyOf(type, o)).toList());
    controllers.add(controller);
    return controller;
  }

  private static ObjectKey keyOf(ResourceType type, Object resource) {
    var meta = switch (resource) {
      case InferenceService isvc -> isvc.metadata();
      case Service service -> service.metadata();
      case Revision revision -> revision.metadata();
      case ServingRuntime runtime -> runtime.metadata();
      default -> throw new IllegalArgumentException("not a kanary resource: " + resource);
    };
    return key(type, meta.namespace(), meta.name());
  }

  private static ObjectKey key(ResourceType type, String namespace, String name) {
    return ObjectKey.of(type, namespace, name);
  }

  private void onReplica(ReplicaStatus replica) {
    ReplicaPhase before = replicaPhases.put(replica.name(), replica.phase());
    if (before != replica.phase()) {
      logReplica(replica);
      ReplicaEvents.record(events, replica);
    }
    if (replica.phase() == ReplicaPhase.STOPPED) {
      replicaPhases.remove(replica.name());
    }
    Gateway routes = gateway;
    if (routes != null) {
      routes.onReplica(replica);
    }
    Controller controller = revisionController;
    if (controller != null) {
      RevisionReconciler.revisionOf(replica).ifPresent(controller::enqueue);
    }
  }

  private static void logReplica(ReplicaStatus replica) {
    switch (replica.phase()) {
      case STARTING -> log.info("replica {} started on port {} (pid {})", replica.name(),
          replica.port(), replica.pid().isPresent() ? replica.pid().getAsLong() : "-");
      case READY -> log.info("replica {} ready", replica.name());
      case CRASH_LOOP_BACK_OFF -> log.warn("replica {} exited with code {}; restarting after a"
              + " back-off", replica.name(),
          replica.lastExitCode().isPresent() ? replica.lastExitCode().getAsInt() : "?");
      case STOPPING -> log.info("replica {} stopping", replica.name());
      case STOPPED -> log.info("replica {} stopped", replica.name());
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data directory " + dir, e);
    }
  }

  @Override
  public void close() {
    CompletableFuture<Void> gatewayStopped =
        gateway == null ? CompletableFuture.completedFuture(null) : gateway.closeAsync();
    if (api != null) {
      api.stop().join();
    }
    gatewayStopped.join();
    controllers.forEach(Controller::close);
    supervisor.close();
    informers.forEach(Informer::close);
    if (objectEvents != null) {
      objectEvents.close();
    }
    store.close();
  }
}
