package dev.kanary.server.gateway;

import com.linecorp.armeria.client.Endpoint;
import com.linecorp.armeria.client.EventLoopScheduler;
import com.linecorp.armeria.client.endpoint.EndpointGroup;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.util.ReleasableHolder;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends an upstream request from the event loop that received the downstream one, as proxies
 * with per-worker connection pools do: the exchange never changes thread and each loop keeps its
 * own connections to each replica. Armeria's default would pin every request to a replica onto
 * one event loop, one thread for all of a replica's traffic. Off an event loop (a request that
 * waited for a replica resumes on one anyway), the loops take turns.
 */
final class SameEventLoop implements EventLoopScheduler {
  private final List<EventLoop> loops = new ArrayList<>();
  private int next;

  SameEventLoop(EventLoopGroup group) {
    for (EventExecutor executor : group) {
      loops.add((EventLoop) executor);
    }
  }

  @Override
  public ReleasableHolder<EventLoop> acquire(
      SessionProtocol protocol, EndpointGroup endpointGroup, Endpoint endpoint) {
    for (EventLoop loop : loops) {
      if (loop.inEventLoop()) {
        return new Held(loop);
      }
    }
    return new Held(loops.get(Math.floorMod(next++, loops.size())));
  }

  private record Held(EventLoop get) implements ReleasableHolder<EventLoop> {
    @Override
    public void release() {}
  }
}
