package dev.kanary.cli.client;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.UnprocessedRequestException;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletionException;

/**
 * Inference requests through the kanary gateway, addressed as a client on a cluster addresses
 * them: to the gateway's port, with the InferenceService's (or a tag's) host in the Host header.
 */
public final class GatewayClient implements AutoCloseable {
  /** The response header naming the revision that served a request. */
  public static final String REVISION_HEADER = "Kanary-Revision";
  static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);

  /** The gateway's answer; {@code revision} is empty when no revision served it. */
  public record Answer(int status, String body, String revision) {}

  private final URI gateway;
  private final ClientFactory factory;
  private final WebClient client;

  public GatewayClient(URI gateway) {
    this.gateway = gateway;
    this.factory = ClientFactory.builder().build();
    this.client = WebClient.builder(gateway)
        .factory(factory)
        .responseTimeout(RESPONSE_TIMEOUT)
        .build();
  }

  public URI gateway() {
    return gateway;
  }

  /** POSTs the JSON body to the path, with the given Host. */
  public Answer post(String host, String path, String body) {
    RequestHeaders headers = RequestHeaders.builder(HttpMethod.POST, path)
        .authority(host)
        .contentType(MediaType.JSON)
        .build();
    AggregatedHttpResponse response;
    try {
      response = client.execute(headers, HttpData.ofUtf8(body)).aggregate().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof UnprocessedRequestException) {
        throw new ClientError("cannot reach the kanary gateway at " + gateway + " (it is the"
            + " server's --http-port; give another with --gateway or $KANARY_GATEWAY)", e);
      }
      throw new ClientError("the kanary gateway at " + gateway + " did not answer: "
          + e.getCause().getMessage(), e);
    }
    String revision = response.headers().get(REVISION_HEADER);
    return new Answer(response.status().code(), response.contentUtf8(),
        revision == null ? "" : revision);
  }

  @Override
  public void close() {
    factory.close();
  }
}
