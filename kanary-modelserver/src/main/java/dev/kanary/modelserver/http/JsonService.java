package dev.kanary.modelserver.http;

import com.linecorp.armeria.common.ExchangeType;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.RoutingContext;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.kanary.modelserver.inference.ServingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Services whose handlers may throw: a {@link ServingException} becomes its status and {@code
 * {"error": ...}}, anything else a logged 500.
 */
public final class JsonService {
  private static final Logger log = LoggerFactory.getLogger(JsonService.class);

  private JsonService() {}

  /** A service that ignores the request body. */
  public static HttpService of(Handler handler) {
    return (ctx, req) -> {
      try {
        return handler.handle(ctx);
      } catch (Exception e) {
        return failure(ctx, e);
      }
    };
  }

  /** A service that reads the whole body first. */
  public static HttpService withBody(BodyHandler handler) {
    return new HttpService() {
      @Override
      public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
        return HttpResponse.of(
            req.aggregate()
                .thenApply(
                    request -> {
                      try {
                        return handler.handle(ctx, request.content().array());
                      } catch (Exception e) {
                        return failure(ctx, e);
                      }
                    }));
      }

      /** Tells Armeria to take the body whole and answer at once, which saves its streaming. */
      @Override
      public ExchangeType exchangeType(RoutingContext routingContext) {
        return ExchangeType.UNARY;
      }
    };
  }

  private static HttpResponse failure(ServiceRequestContext ctx, Exception cause) {
    if (!(cause instanceof ServingException)) {
      log.warn("{} {} failed", ctx.method(), ctx.path(), cause);
    }
    return JsonResponses.error(cause);
  }

  @FunctionalInterface
  public interface Handler {
    HttpResponse handle(ServiceRequestContext ctx) throws Exception;
  }

  @FunctionalInterface
  public interface BodyHandler {
    HttpResponse handle(ServiceRequestContext ctx, byte[] body) throws Exception;
  }
}
