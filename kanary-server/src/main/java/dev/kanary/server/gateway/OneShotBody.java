package dev.kanary.server.gateway;

import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A downstream request's body for upstream attempts, streamed and never copied whole: the first
 * attempt that asks for the body's data takes it, and from then on no other attempt may be made.
 *
 * <p>Armeria's client asks for a request's data only once it holds a connection and is writing; a
 * request it could not send (connection refused) is cancelled without asking for any. So the body
 * is still whole for another attempt exactly when {@link #taken()} is false, which is also when
 * no byte of the request went upstream.
 */
final class OneShotBody implements Publisher<HttpObject> {
  private final HttpRequest request;
  private final EventExecutor executor;
  private final AtomicBoolean taken = new AtomicBoolean();

  /** @param executor where the body's signals are delivered: the downstream request's loop */
  OneShotBody(HttpRequest request, EventExecutor executor) {
    this.request = request;
    this.executor = executor;
  }

  /** Whether an attempt started reading the body; then no other attempt may be made. */
  boolean taken() {
    return taken.get();
  }

  @Override
  public void subscribe(Subscriber<? super HttpObject> subscriber) {
    subscriber.onSubscribe(new Deferred(subscriber));
  }

  /** Subscribes to the body on the first demand; a cancel before that leaves the body whole. */
  private final class Deferred implements Subscription, Subscriber<HttpObject> {
    private final Subscriber<? super HttpObject> downstream;
    private Subscription upstream;
    private long pending;
    private boolean started;
    private boolean cancelled;

    Deferred(Subscriber<? super HttpObject> downstream) {
      this.downstream = downstream;
    }

    @Override
    public void request(long n) {
      Subscription ready;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        if (!started) {
          started = true;
          pending = n;
          if (!taken.compareAndSet(false, true)) {
            cancelled = true;
            downstream.onError(
                new IllegalStateException("the request body went to an earlier attempt"));
            return;
          }
          request.subscribe(this, executor);
          return;
        }
        ready = upstream;
        if (ready == null) {
          pending = pending + n < 0 ? Long.MAX_VALUE : pending + n;
          return;
        }
      }
      ready.request(n);
    }

    @Override
    public void cancel() {
      Subscription ready;
      synchronized (this) {
        cancelled = true;
        ready = upstream;
      }
      if (ready != null) {
        ready.cancel();
      }
    }

    @Override
    public void onSubscribe(Subscription subscription) {
      long demand;
      boolean cancel;
      synchronized (this) {
        upstream = subscription;
        demand = pending;
        cancel = cancelled;
      }
      if (cancel) {
        subscription.cancel();
      } else if (demand > 0) {
        subscription.request(demand);
      }
    }

    @Override
    public void onNext(HttpObject object) {
      downstream.onNext(object);
    }

    @Override
    public void onError(Throwable error) {
      downstream.onError(error);
    }

    @Override
    public void onComplete() {
      downstream.onComplete();
    }
  }
}
