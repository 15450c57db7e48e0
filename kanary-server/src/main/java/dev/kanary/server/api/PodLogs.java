package dev.kanary.server.api;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A replica's log file as {@code kubectl logs} reads it: the whole file, in chunks as the client
 * takes them; with {@code follow}, then whatever the replica appends, until it stops or the client
 * goes away.
 */
final class PodLogs {
  static final int CHUNK_BYTES = 64 * 1024;
  static final Duration POLL = Duration.ofMillis(200);

  private final Path file;
  private final boolean follow;
  private final BooleanSupplier running;
  private final ScheduledExecutorService executor;
  private final HttpResponseWriter response = HttpResponse.streaming();
  private long offset;

  private PodLogs(Path file, boolean follow, BooleanSupplier running,
      ScheduledExecutorService executor) {
    this.file = file;
    this.follow = follow;
    this.running = running;
    this.executor = executor;
  }

  /**
   * @param running whether the replica still runs: a followed log ends once it does not, after
   *     one last read
   */
  static HttpResponse serve(Path file, boolean follow, BooleanSupplier running,
      ScheduledExecutorService executor) {
    PodLogs logs = new PodLogs(file, follow, running, executor);
    logs.response.write(ResponseHeaders.of(HttpStatus.OK,
        HttpHeaderNames.CONTENT_TYPE, MediaType.PLAIN_TEXT_UTF_8));
    executor.execute(logs::pump);
    return logs.response;
  }

  private void pump() {
    if (!response.isOpen()) {
      return;
    }
    boolean stillRunning = running.getAsBoolean();
    byte[] chunk;
    try {
      chunk = read();
    } catch (IOException e) {
      response.close(e);
      return;
    }
    if (chunk.length > 0) {
      if (response.tryWrite(HttpData.wrap(chunk))) {
        response.whenConsumed().thenRun(() -> executor.execute(this::pump));
      }
      return;
    }
    if (follow && stillRunning) {
      executor.schedule(this::pump, POLL.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      response.close();
    }
  }

  /** The next chunk from the offset; empty at the end of the file, or when there is none yet. */
  private byte[] read() throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(file)) {
      if (channel.size() <= offset) {
        return new byte[0];
      }
      channel.position(offset);
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, channel.size() - offset));
      int read = channel.read(buffer);
      if (read <= 0) {
        return new byte[0];
      }
      offset += read;
      return Arrays.copyOf(buffer.array(), read);
    } catch (NoSuchFileException e) {
      return new byte[0];
    }
  }
}
