package dev.kanary.server.revision;

import java.nio.file.Path;
import java.time.Duration;
import dev.kanary.server.replica.SelfCommand;

/**
 * @param dataDir where replica logs go ({@code logs/{namespace}/{replica}.log})
 * @param kanary what a runtime command starting with {@code kanary} runs: this kanary
 * @param noTrafficGrace how long a revision that lost its traffic keeps its replicas
 * @param keepPreviousWarm the default of {@code serving.kanary.io/keep-previous-warm}
 * @param progressDeadline how long a new revision may take to become ready
 */
public record RevisionSettings(
    Path dataDir,
    SelfCommand kanary,
    Duration noTrafficGrace,
    Duration keepPreviousWarm,
    Duration progressDeadline) {

  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);
  public static final Duration DEFAULT_KEEP_PREVIOUS_WARM = Duration.ofMinutes(10);
  public static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofSeconds(600);
}
