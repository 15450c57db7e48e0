package dev.kanary.server;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty settings for kanary's processes that serve (the server, quickstart's server, the operator,
 * model servers), applied by their commands; client commands and tests keep Netty's.
 */
public final class NettyDefaults {
  static final String LEAK_DETECTION = "io.netty.leakDetection.level";

  private NettyDefaults() {}

  /**
   * Turns Netty's buffer leak detection off unless {@code -Dio.netty.leakDetection.level} asks for
   * a level. Its default samples one buffer in 128 and records a stack trace for each: about 6% of
   * the gateway's own CPU time under load (docs/benchmarks.md). The gateway's tests run it.
   */
  public static void apply() {
    if (System.getProperty(LEAK_DETECTION) == null) {
      ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
    }
  }
}
