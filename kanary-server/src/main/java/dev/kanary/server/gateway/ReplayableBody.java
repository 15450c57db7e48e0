package dev.kanary.server.gateway;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.stream.StreamMessage;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A downstream request's body for upstream attempts. It streams: the first attempt that asks for
 * the body's data takes the live body, and its chunks go upstream as they arrive. As they pass,
 * they are kept, up to {@code limit} bytes, so that one more attempt can be made once the body
 * has ended: a later attempt gets the live body if no attempt took it yet, the kept chunks if the
 * body ended within the limit, and an error otherwise.
 *
 * <p>Armeria's client asks for a request's data only once it holds a connection and is writing; a
 * request it could not send (connection refused) is cancelled without asking for any. So while
 * {@link #taken()} is false no byte of the request went upstream.
 *
 * <p>The live body is subscribed to without {@code WITH_POOLED_OBJECTS}, so its chunks arrive as
 * heap copies: keeping them holds no pooled buffer and nothing has to be released.
 */
final class ReplayableBody implements Publisher<HttpObject> {
  private final HttpRequest request;
  private final EventExecutor executor;
  private final long limit;
  private final AtomicBoolean taken = new AtomicBoolean();
  private final List<HttpObject> kept = new ArrayList<>();
  private long keptBytes;
  private boolean overflowed;
  private boolean whole;

  /**
   * @param executor where the body's signals are delivered: the downstream request's loop
   * @param limit the most bytes kept for another attempt; 0 keeps none
   */
  ReplayableBody(HttpRequest request, EventExecutor executor, long limit) {
    this.request = request;
    this.executor = executor;
    this.limit = limit;
  }

  /** Whether an attempt started reading the live body. */
  boolean taken() {
    return taken.get();
  }

  /** Whether another attempt would carry the whole body: none took it yet, or it was all kept. */
  synchronized boolean resendable() {
    return !taken.get() || whole;
  }

  @Override
  public void subscribe(Subscriber<? super HttpObject> subscriber) {
    List<HttpObject> replay;
    synchronized (this) {
      replay = whole ? List.copyOf(kept) : null;
    }
    if (replay != null) {
      StreamMessage.of(replay.toArray(HttpObject[]::new)).subscribe(subscriber, executor);
    } else {
      subscriber.onSubscribe(new Live(subscriber));
    }
  }

  private synchronized void keep(HttpObject object) {
    if (overflowed) {
      return;
    }
    if (object instanceof HttpData data) {
      keptBytes += data.length();
      if (keptBytes > limit) {
        overflowed = true;
        kept.clear();
        return;
      }
      kept.add(HttpData.wrap(data.array()));
    } else {
      kept.add(object);
    }
  }

  private synchronized void ended() {
    whole = !overflowed;
  }

  /**
   * The live body for one attempt, subscribed to on the first demand, so that an attempt cancelled
   * before it asked for anything leaves the body to the next one.
   */
  private final class Live implements Subscription, Subscriber<HttpObject> {
    private final Subscriber<? super HttpObject> downstream;
    private Subscription upstream;
    private long pending;
    private boolean started;
    private boolean cancelled;

    Live(Subscriber<? super HttpObject> downstream) {
      this.downstream = downstream;
    }

    @Override
    public void request(long n) {
      Subscription ready;
      boolean first = false;
      synchronized (this) {
        if (cancelled) {
          return;
        }
        ready = upstream;
        if (!started) {
          started = true;
          first = true;
          pending = n;
        } else if (ready == null) {
          pending = pending + n < 0 ? Long.MAX_VALUE : pending + n;
          return;
        }
      }
      if (!first) {
        ready.request(n);
      } else if (taken.compareAndSet(false, true)) {
        request.subscribe(this, executor);
      } else {
        synchronized (this) {
          cancelled = true;
        }
        downstream.onError(new IllegalStateException(
            "the request body went to an earlier attempt and was not kept whole"));
      }
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
      keep(object);
      downstream.onNext(object);
    }

    @Override
    public void onError(Throwable error) {
      downstream.onError(error);
    }

    @Override
    public void onComplete() {
      // Before the attempt hears of it: once the attempt has failed, the body is known whole.
      ended();
      downstream.onComplete();
    }
  }
}
