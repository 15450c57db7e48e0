package dev.kanary.server.gateway;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.server.Server;
import java.time.Duration;

/**
 * Benchmark baseline (bench/gateway/run.sh): the least an Armeria proxy does, every request to one
 * backend with no routing, split or metrics; what the gateway costs beyond Armeria itself.
 *
 * <pre>ArmeriaBaselineBench PORT BACKEND_PORT</pre>
 */
public final class ArmeriaBaselineBench {
  private ArmeriaBaselineBench() {}

  public static void main(String[] args) throws InterruptedException {
    WebClient backend = WebClient.builder("http://127.0.0.1:" + args[1])
        .maxResponseLength(0)
        .responseTimeout(Duration.ZERO)
        .build();
    Server server = Server.builder()
        .http(Integer.parseInt(args[0]))
        .requestTimeout(Duration.ZERO)
        .serviceUnder("/", (ctx, req) -> backend.execute(req))
        .build();
    server.start().join();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop().join()));
    System.out.println("baseline ready on port " + server.activeLocalPort());
    Thread.currentThread().join();
  }
}
