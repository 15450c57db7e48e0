package dev.kanary.server.store;

import static dev.kanary.server.store.ResourceType.INFERENCE_SERVICE;
import static dev.kanary.server.store.StoreFixtures.isvc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kanary.server.store.StoreException.Reason;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SubscriptionTest {

  @Test
  void aListenerTooFarBehindIsCutOff() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<WatchEvent> received = new CopyOnWriteArrayList<>();
    CompletableFuture<Optional<Throwable>> closed = new CompletableFuture<>();
    List<Subscription> ended = new CopyOnWriteArrayList<>();
    Subscription subscription = new Subscription(INFERENCE_SERVICE, null, new WatchListener() {
      @Override
      public void onEvent(WatchEvent event) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        received.add(event);
      }

      @Override
      public void onClose(Throwable cause) {
        closed.complete(Optional.ofNullable(cause));
      }
    }, 3, ended::add);
    subscription.start();

    for (int version = 1; version <= 5; version++) {
      subscription.offer(event(version));
    }
    release.countDown();

    Throwable cause = closed.get(10, TimeUnit.SECONDS).orElseThrow();
    assertThat(cause).isInstanceOf(StoreException.class)
        .hasMessage("the watch of inferenceservices fell 3 events behind and was closed; list"
            + " and watch again");
    assertThat(((StoreException) cause).reason()).isEqualTo(Reason.EXPIRED);
    assertThat(ended).containsExactly(subscription);
    assertThat(received).hasSizeLessThanOrEqualTo(1);
  }

  private static WatchEvent event(long version) {
    ObjectKey key = ObjectKey.of(INFERENCE_SERVICE, "default", "isvc-" + version);
    return new WatchEvent(WatchEvent.Type.ADDED,
        new StoredObject(key, version, isvc("default", "isvc-" + version)));
  }
}
