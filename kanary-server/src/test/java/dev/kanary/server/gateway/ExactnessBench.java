package dev.kanary.server.gateway;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.SessionProtocol;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Arrays;

/**
 * Benchmark (bench/gateway/run.sh): N requests one after the other through the gateway for each
 * split, counting the revision that answered ({@code Kanary-Revision}); prints the counts and the
 * largest distance between a revision's count and its share over all prefixes of the stream.
 *
 * <pre>ExactnessBench REQUESTS BACKEND_PORTS PERCENTS [PERCENTS...]
 *   e.g. ExactnessBench 10000 18091,18092,18093 90,10 33,33,34</pre>
 * Backend ports are used in order, one per revision.
 */
public final class ExactnessBench {
  private ExactnessBench() {}

  public static void main(String[] args) {
    int requests = Integer.parseInt(args[0]);
    int[] ports = StaticRoutes.ints(args[1]);
    int failures = 0;
    try (ClientFactory factory = ClientFactory.builder().build()) {
      for (int s = 2; s < args.length; s++) {
        long[] percents = StaticRoutes.longs(args[s]);
        RouteInputs inputs = StaticRoutes.split(percents, Arrays.copyOf(ports, percents.length));
        Gateway gateway = new Gateway("127.0.0.1", 0, GatewaySettings.defaults(), () -> inputs,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        gateway.start();
        WebClient client = WebClient.builder(SessionProtocol.H1C,
            Endpoint.of("127.0.0.1", gateway.port())).factory(factory).build();
        long[] counts = new long[percents.length];
        long total = Arrays.stream(percents).sum();
        double worst = 0;
        long start = System.nanoTime();
        for (int n = 1; n <= requests; n++) {
          AggregatedHttpResponse response = client.execute(
              RequestHeaders.builder(HttpMethod.GET, "/").authority(StaticRoutes.HOST).build())
              .aggregate().join();
          String revision = response.headers().get(Gateway.REVISION_HEADER);
          if (response.status().code() != 200 || revision == null) {
            failures++;
            continue;
          }
          counts[Integer.parseInt(revision.substring("bench-".length())) - 1]++;
          for (int i = 0; i < counts.length; i++) {
            worst = Math.max(worst, Math.abs(counts[i] - (double) n * percents[i] / total));
          }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] expected = Arrays.stream(percents).map(p -> p * requests / total).toArray();
        System.out.printf("split %s: %d requests in %.1f s, counts %s (exact share %s),"
                + " largest prefix deviation %.2f, %s%n",
            args[s], requests, seconds, Arrays.toString(counts), Arrays.toString(expected), worst,
            Arrays.equals(counts, expected) && worst < 1 ? "exact" : "NOT EXACT");
        gateway.close();
      }
    }
    System.out.println("failed requests: " + failures);
    System.exit(failures == 0 ? 0 : 1);
  }
}
