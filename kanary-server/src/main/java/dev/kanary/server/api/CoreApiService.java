package dev.kanary.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kanary.core.json.Json;
import dev.kanary.server.event.EventRecorder;
import dev.kanary.server.event.InvolvedObject;
import dev.kanary.server.event.KubeEvent;
import dev.kanary.server.replica.ReplicaStatus;
import dev.kanary.server.store.LabelSelector;
import dev.kanary.server.store.LabelSelectors;
import dev.kanary.server.store.ObjectKey;
import dev.kanary.server.store.ResourceStore;
import dev.kanary.server.store.ResourceType;
import dev.kanary.server.store.StoredObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The read-only part of the core API (v1) that standalone kanary serves beside {@link
 * ApiService}: Pods (the replicas, in Kubernetes' shape), their logs, and the server's recent
 * Events. Same token, same Status errors. Mount it before the resource API:
 * {@code service("prefix:/api/v1/", core)}.
 */
public final class CoreApiService implements HttpService {
  private static final Set<String> TRUE = Set.of("true", "1", "t");
  private static final Set<String> EVENT_FIELDS = Set.of("involvedObject.kind",
      "involvedObject.name", "involvedObject.namespace", "involvedObject.uid", "type", "reason");

  private final ApiToken token;
  private final Supplier<List<ReplicaStatus>> replicas;
  private final ResourceStore store;
  private final EventRecorder events;
  private final Path logDirectory;

  private CoreApiService(ApiToken token, Supplier<List<ReplicaStatus>> replicas,
      ResourceStore store, EventRecorder events, Path logDirectory) {
    this.token = token;
    this.replicas = replicas;
    this.store = store;
    this.events = events;
    this.logDirectory = logDirectory;
  }

  /**
   * @param replicas the replicas running now, e.g. {@code supervisor::replicas}
   * @param store where the replicas' revisions are, for the Pods' labels
   * @param logDirectory where replica logs are: {@code {logDirectory}/{namespace}/{pod}.log}
   */
  public static CoreApiService of(ApiToken token, Supplier<List<ReplicaStatus>> replicas,
      ResourceStore store, EventRecorder events, Path logDirectory) {
    return new CoreApiService(token, replicas, store, events, logDirectory);
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    String request = req.method() + " " + ctx.path();
    try {
      ApiService.requireToken(token, req);
      CorePath path = CorePath.parse(ctx.path());
      if (req.method() != HttpMethod.GET) {
        throw ApiException.methodNotAllowed(req.method().name(), ctx.path(),
            "pods, their logs and events are read-only: use GET");
      }
      if (path.log()) {
        return log(ctx, path);
      }
      Supplier<JsonNode> answer = path.resource().equals(CorePath.PODS)
          ? () -> pods(ctx, path)
          : () -> events(ctx, path);
      return HttpResponse.of(CompletableFuture.supplyAsync(
              () -> StatusResponses.json(HttpStatus.OK, answer.get()), ctx.blockingTaskExecutor()))
          .recover(cause -> StatusResponses.status(StatusResponses.toStatus(cause, request)));
    } catch (RuntimeException e) {
      return StatusResponses.status(StatusResponses.toStatus(e, request));
    }
  }

  private JsonNode pods(ServiceRequestContext ctx, CorePath path) {
    if (path.name() != null) {
      return pod(path).map(this::podJson)
          .orElseThrow(() -> podNotFound(path.name()));
    }
    LabelSelector selector = selector(ctx.queryParam("labelSelector"));
    List<JsonNode> items = new ArrayList<>();
    for (ReplicaStatus replica : replicas.get()) {
      InvolvedObject id = Pods.identity(replica);
      if (path.namespace() == null || path.namespace().equals(id.namespace())) {
        ObjectNode pod = podJson(replica);
        if (selector.matches(labels(pod))) {
          items.add(pod);
        }
      }
    }
    return list("PodList", items);
  }

  private HttpResponse log(ServiceRequestContext ctx, CorePath path) {
    Path file = logDirectory.resolve(path.namespace()).resolve(path.name() + ".log");
    if (pod(path).isEmpty() && !Files.exists(file)) {
      throw podNotFound(path.name());
    }
    boolean follow = isTrue(ctx.queryParam("follow"));
    if (follow) {
      ctx.clearRequestTimeout();
    }
    return PodLogs.serve(file, follow, () -> pod(path).isPresent(), ctx.blockingTaskExecutor());
  }

  private JsonNode events(ServiceRequestContext ctx, CorePath path) {
    Map<String, String> fields = fieldSelector(ctx.queryParam("fieldSelector"));
    List<JsonNode> items = new ArrayList<>();
    for (KubeEvent event : events.list(path.namespace())) {
      ObjectNode json = event.toJson();
      if (path.name() != null) {
        if (event.name().equals(path.name())) {
          return json;
        }
      } else if (fields.entrySet().stream().allMatch(f -> field(json, f.getKey())
          .equals(f.getValue()))) {
        items.add(json);
      }
    }
    if (path.name() != null) {
      throw ApiException.notFound("events \"" + path.name() + "\" not found");
    }
    return list("EventList", items);
  }

  private Optional<ReplicaStatus> pod(CorePath path) {
    return replicas.get().stream()
        .filter(replica -> {
          InvolvedObject id = Pods.identity(replica);
          return id.namespace().equals(path.namespace()) && id.name().equals(path.name());
        })
        .findFirst();
  }

  private ObjectNode podJson(ReplicaStatus replica) {
    InvolvedObject id = Pods.identity(replica);
    JsonNode revision = store.get(ObjectKey.of(ResourceType.REVISION, id.namespace(),
            Pods.revisionName(replica)))
        .<JsonNode>map(StoredObject::json)
        .orElse(MissingNode.getInstance());
    return Pods.toJson(replica, revision);
  }

  private static Map<String, String> labels(JsonNode object) {
    Map<String, String> labels = new LinkedHashMap<>();
    object.path("metadata").path("labels").fields()
        .forEachRemaining(label -> labels.put(label.getKey(), label.getValue().asText()));
    return labels;
  }

  private static String field(JsonNode event, String name) {
    return event.at("/" + name.replace('.', '/')).asText("");
  }

  private static ObjectNode list(String kind, List<JsonNode> items) {
    ObjectNode list = Json.json().createObjectNode();
    list.put("apiVersion", "v1");
    list.put("kind", kind);
    list.putObject("metadata").put("resourceVersion", "");
    ArrayNode array = list.putArray("items");
    items.forEach(array::add);
    return list;
  }

  private static ApiException podNotFound(String name) {
    return new ApiException(KubeStatus.of(404, "NotFound", "pods \"" + name + "\" not found")
        .withDetails(new KubeStatus.Details(name, null, "pods")));
  }

  private static LabelSelector selector(String text) {
    if (text == null || text.isBlank()) {
      return LabelSelector.EVERYTHING;
    }
    try {
      return LabelSelectors.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid labelSelector \"" + text + "\": " + e.getMessage());
    }
  }

  /** Equality terms only ({@code a=b,c==d}), on the fields kubectl describe selects events by. */
  static Map<String, String> fieldSelector(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return fields;
    }
    for (String term : text.split(",")) {
      String[] parts = term.split("==?", 2);
      if (parts.length != 2 || !EVENT_FIELDS.contains(parts[0].strip())) {
        throw ApiException.badRequest("invalid fieldSelector \"" + text + "\": \"" + term
            + "\" is not field=value on one of " + String.join(", ", EVENT_FIELDS.stream()
                .sorted().toList()));
      }
      fields.put(parts[0].strip(), parts[1].strip());
    }
    return fields;
  }

  private static boolean isTrue(String value) {
    return value != null && TRUE.contains(value.toLowerCase(Locale.ROOT));
  }
}
