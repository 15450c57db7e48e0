package dev.kanary.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceOptions;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kanary.server.store.LabelSelector;
import dev.kanary.server.store.LabelSelectors;
import dev.kanary.server.store.ResourceStore;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Kubernetes-style REST API of standalone mode over a {@link ResourceStore}: create, get,
 * list, replace, merge-patch, delete and watch of InferenceServices, Services, Revisions and
 * ClusterServingRuntimes, each call authorized by the bearer token; every failure is a Kubernetes
 * {@code Status}. Mount it at the root: {@code Server.builder().service("prefix:/", api)}.
 */
public final class ApiService implements HttpService {
  private static final Set<String> TRUE = Set.of("true", "1", "t");

  private final ResourceStore store;
  private final ApiToken token;
  private final ResourceHandler handler;

  private ApiService(ResourceStore store, ApiToken token) {
    this.store = store;
    this.token = token;
    this.handler = new ResourceHandler(store);
  }

  public static ApiService of(ResourceStore store, ApiToken token) {
    return new ApiService(store, token);
  }

  /**
   * Armeria's own body limit is lifted: the service applies {@link RequestBodies#MAX_BYTES}
   * itself, so that an oversized body is answered with a Status like every other error.
   */
  @Override
  public ServiceOptions options() {
    return ServiceOptions.builder().maxRequestLength(0).build();
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    String request = req.method() + " " + ctx.path();
    try {
      requireToken(token, req);
      ApiPath path = ApiPath.parse(ctx.path());
      return recover(route(ctx, req, path), request);
    } catch (RuntimeException e) {
      return StatusResponses.status(StatusResponses.toStatus(e, request));
    }
  }

  /** @throws ApiException 401 when the request does not carry the token */
  static void requireToken(ApiToken token, HttpRequest req) {
    if (!token.authorizes(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
      throw ApiException.unauthorized("Unauthorized: send the API token in the header"
          + " 'Authorization: Bearer <token>'; the server takes it from " + ApiToken.ENV
          + " or generates it into {data-dir}/" + ApiToken.FILE_NAME);
    }
  }

  private HttpResponse route(ServiceRequestContext ctx, HttpRequest req, ApiPath path) {
    HttpMethod method = req.method();
    boolean collection = path.isCollection();
    if (method == HttpMethod.GET) {
      if (isWatch(ctx)) {
        LabelSelector selector = selector(ctx);
        Long since = resourceVersion(ctx);
        ctx.clearRequestTimeout();
        return HttpResponse.of(CompletableFuture.supplyAsync(
            () -> WatchStream.start(store, path, selector, since), ctx.blockingTaskExecutor()));
      }
      if (collection) {
        LabelSelector selector = selector(ctx);
        return answer(ctx, HttpStatus.OK, () -> handler.list(path, selector));
      }
      return answer(ctx, HttpStatus.OK, () -> handler.get(path));
    }
    if (method == HttpMethod.POST && collection && !path.status()) {
      if (path.type().namespaced() && path.namespace() == null) {
        throw ApiException.methodNotAllowed(method.name(), ctx.path(), "create "
            + path.type().plural() + " in a namespace: POST /apis/" + path.type().apiVersion()
            + "/namespaces/{namespace}/" + path.type().plural());
      }
      return withBody(ctx, req, HttpStatus.CREATED,
          body -> handler.create(path, RequestBodies.parseObject(body)));
    }
    if (method == HttpMethod.PUT && !collection) {
      return withBody(ctx, req, HttpStatus.OK,
          body -> handler.replace(path, RequestBodies.parseObject(body)));
    }
    if (method == HttpMethod.PATCH && !collection) {
      requireMergePatch(req.contentType());
      return withBody(ctx, req, HttpStatus.OK,
          body -> handler.patch(path, RequestBodies.parseObject(body)));
    }
    if (method == HttpMethod.DELETE && !collection && !path.status()) {
      return withBody(ctx, req, HttpStatus.OK,
          body -> handler.delete(path, DeleteOptions.preconditionOf(body)));
    }
    throw ApiException.methodNotAllowed(method.name(), ctx.path(), allowed(path));
  }

  private static String allowed(ApiPath path) {
    if (path.isCollection()) {
      return "a collection takes GET (list, ?watch=true) and POST (create)";
    }
    return path.status()
        ? "a status takes GET, PUT and PATCH"
        : "an object takes GET, PUT, PATCH (application/merge-patch+json) and DELETE";
  }

  private static HttpResponse answer(
      ServiceRequestContext ctx, HttpStatus status, Supplier<JsonNode> action) {
    return HttpResponse.of(CompletableFuture.supplyAsync(
        () -> StatusResponses.json(status, action.get()), ctx.blockingTaskExecutor()));
  }

  private static HttpResponse withBody(ServiceRequestContext ctx, HttpRequest req,
      HttpStatus status, Function<byte[], JsonNode> action) {
    return HttpResponse.of(RequestBodies.read(req, RequestBodies.MAX_BYTES)
        .thenApplyAsync(body -> StatusResponses.json(status, action.apply(body)),
            ctx.blockingTaskExecutor()));
  }

  private static HttpResponse recover(HttpResponse response, String request) {
    return response.recover(cause ->
        StatusResponses.status(StatusResponses.toStatus(cause, request)));
  }

  private static boolean isWatch(ServiceRequestContext ctx) {
    String watch = ctx.queryParam("watch");
    return watch != null && TRUE.contains(watch.toLowerCase(Locale.ROOT));
  }

  private static LabelSelector selector(ServiceRequestContext ctx) {
    String text = ctx.queryParam("labelSelector");
    if (text == null || text.isBlank()) {
      return LabelSelector.EVERYTHING;
    }
    try {
      return LabelSelectors.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("invalid labelSelector \"" + text + "\": " + e.getMessage());
    }
  }

  /** The watch's starting point; absent or "0" means "list first, then watch", as Kubernetes. */
  private static Long resourceVersion(ServiceRequestContext ctx) {
    String text = ctx.queryParam("resourceVersion");
    if (text == null || text.isEmpty() || text.equals("0")) {
      return null;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("resourceVersion \"" + text + "\" is not a number: give the"
          + " metadata.resourceVersion of a list or an object");
    }
  }

  private static void requireMergePatch(MediaType contentType) {
    if (contentType == null || !contentType.is(MediaType.parse(MergePatch.MEDIA_TYPE))) {
      throw ApiException.unsupportedMediaType(
          contentType == null ? "no Content-Type" : contentType.toString(), MergePatch.MEDIA_TYPE);
    }
  }
}
