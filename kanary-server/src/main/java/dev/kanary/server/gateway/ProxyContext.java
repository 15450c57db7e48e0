package dev.kanary.server.gateway;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What every exchange of one gateway shares.
 *
 * @param refreshAfter rebuilds the table after a delay: when a suspicion ends, requests waiting
 *     for a replica look again
 */
record ProxyContext(Supplier<RoutingSnapshot> routing, GatewaySettings settings,
    GatewayMetrics metrics, Consumer<Duration> refreshAfter, UpstreamPools pools,
    ActiveExchanges exchanges) {}
