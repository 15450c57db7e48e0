package dev.kanary.server.replica;

import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * What a supervisor shares with its replicas.
 *
 * @param scheduler runs probes, restarts and kills when they are due
 * @param events delivers statuses to {@code listener} one at a time, in order
 * @param pidDirectory holds one pid file per running replica
 */
record SupervisorContext(
    SupervisorSettings settings,
    ScheduledExecutorService scheduler,
    Executor events,
    Consumer<ReplicaStatus> listener,
    ReadinessProber prober,
    LoopbackPorts ports,
    Path pidDirectory) {}
