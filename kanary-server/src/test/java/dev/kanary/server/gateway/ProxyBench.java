package dev.kanary.server.gateway;

import dev.kanary.server.NettyDefaults;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.CountDownLatch;

/**
 * Benchmark harness (bench/gateway/run.sh): the gateway alone on a port, proxying host
 * {@value StaticRoutes#HOST} to a split over loopback backends, until the process is stopped.
 *
 * <pre>ProxyBench PORT PERCENTS BACKEND_PORTS   e.g. ProxyBench 18080 90,10 18091,18092</pre>
 */
public final class ProxyBench {
  private ProxyBench() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 3) {
      System.err.println("usage: ProxyBench PORT PERCENTS BACKEND_PORTS (e.g. 18080 90,10 "
          + "18091,18092)");
      System.exit(2);
    }
    NettyDefaults.apply();
    RouteInputs inputs =
        StaticRoutes.split(StaticRoutes.longs(args[1]), StaticRoutes.ints(args[2]));
    Gateway gateway = new Gateway("127.0.0.1", Integer.parseInt(args[0]),
        GatewaySettings.defaults(), () -> inputs,
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    gateway.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      gateway.close();
      stopped.countDown();
    }));
    System.out.println("gateway ready on port " + gateway.port());
    stopped.await();
  }
}
