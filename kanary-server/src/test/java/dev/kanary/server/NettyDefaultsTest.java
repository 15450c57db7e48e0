package dev.kanary.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NettyDefaultsTest {
  private ResourceLeakDetector.Level before;
  private String property;

  @BeforeEach
  void remember() {
    before = ResourceLeakDetector.getLevel();
    property = System.getProperty(NettyDefaults.LEAK_DETECTION);
  }

  @AfterEach
  void restore() {
    ResourceLeakDetector.setLevel(before);
    if (property == null) {
      System.clearProperty(NettyDefaults.LEAK_DETECTION);
    } else {
      System.setProperty(NettyDefaults.LEAK_DETECTION, property);
    }
  }

  @Test
  void leakDetectionIsOffUnlessAskedFor() {
    System.clearProperty(NettyDefaults.LEAK_DETECTION);
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.SIMPLE);

    NettyDefaults.apply();

    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
  }

  @Test
  void aLevelAskedForOnTheCommandLineStays() {
    System.setProperty(NettyDefaults.LEAK_DETECTION, "paranoid");
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);

    NettyDefaults.apply();

    assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
  }
}
