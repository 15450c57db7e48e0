package dev.kanary.modelserver.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.kanary.modelserver.inference.InferenceRequest;
import dev.kanary.modelserver.inference.ModelRepository;
import dev.kanary.modelserver.inference.Predictor;
import dev.kanary.modelserver.json.JsonBodies;
import dev.kanary.modelserver.model.ModelLoader;
import dev.kanary.modelserver.model.OnnxModel;
import dev.kanary.modelserver.tensor.DataType;
import dev.kanary.modelserver.tensor.Shape;
import dev.kanary.modelserver.tensor.Tensor;
import dev.kanary.modelserver.v2.V2Codec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The in-process baseline next to the server's HTTP figures: one iris row at a time on one thread,
 * each call timed on its own. Three layers, so the server's overhead can be apportioned:
 *
 * <ol>
 *   <li>ONNX Runtime alone: {@code OrtSession.run} on a tensor made once, back to back, then with
 *       a pause before each call as a server has between requests: asleep, as a server waits in
 *       epoll, and spinning, which keeps the core awake;
 *   <li>the server's model call: {@link OnnxModel#run}, which converts tensors in and out;
 *   <li>the server's V2 path without HTTP: JSON parse, checks, run, JSON encode; back to back,
 *       then paced the same two ways.
 * </ol>
 *
 * <p>Run by bench/modelserver/run.sh: {@code InProcessBenchmark MODEL_DIR SECONDS_PER_LAYER}.
 */
public final class InProcessBenchmark {
  private static final float[] FLOWER = {6.8f, 2.8f, 4.8f, 1.4f};
  private static final byte[] V2_BODY =
      ("{\"id\": \"bench\", \"inputs\": [{\"name\": \"input\", \"shape\": [1, 4],"
              + " \"datatype\": \"FP32\", \"data\": [6.8, 2.8, 4.8, 1.4]}]}")
          .getBytes(StandardCharsets.UTF_8);

  private static final long PACING_NANOS = 50_000;

  /** Keeps the results alive, so that no call can be optimised away. */
  static volatile long blackhole;

  private InProcessBenchmark() {}

  public static void main(String[] args) throws Exception {
    Path modelDir = Path.of(args.length > 0 ? args[0] : "examples/models/iris/model-1");
    long seconds = args.length > 1 ? Long.parseLong(args[1]) : 5;

    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      options.setInterOpNumThreads(1);
      try (OrtSession session =
              environment.createSession(modelDir.resolve("model.onnx").toString(), options);
          OnnxTensor input =
              OnnxTensor.createTensor(environment, FloatBuffer.wrap(FLOWER), new long[] {1, 4})) {
        Map<String, OnnxTensor> feeds = Map.of("input", input);
        Call run = () -> {
          try (OrtSession.Result result = session.run(feeds)) {
            return result.size();
          }
        };
        measure("onnxruntime session.run", seconds, run);
        // A server between two requests sleeps in epoll while the client works. When the core goes
        // idle a virtual machine may halt into the hypervisor, and the call after the pause finds
        // caches and predictors cold; a spinning pause keeps the core awake. The two rows apart
        // show what idling costs on the machine at hand.
        measure("onnxruntime session.run, 50 us sleeps", seconds, run, Pause.SLEEP);
        measure("onnxruntime session.run, 50 us spins", seconds, run, Pause.SPIN);
      }
    }

    OnnxModel model = ModelLoader.loadAndWarmUp(modelDir);
    Tensor flower = flower();
    List<String> outputs = model.signature().outputNames();
    measure("OnnxModel.run (tensor conversion)", seconds, () -> model.run(List.of(flower), outputs).size());

    ModelRepository repository = new ModelRepository("iris");
    repository.publish(model);
    Predictor predictor = new Predictor(repository, 1024);
    Call v2 = () -> {
      InferenceRequest request = V2Codec.decodeInfer(JsonBodies.parse(V2_BODY));
      return V2Codec.encodeInfer(predictor.infer("iris", request)).length;
    };
    measure("V2 JSON in, infer, JSON out", seconds, v2);
    measure("V2 JSON in, infer, JSON out, 50 us sleeps", seconds, v2, Pause.SLEEP);
    measure("V2 JSON in, infer, JSON out, 50 us spins", seconds, v2, Pause.SPIN);
    model.close();
  }

  private static Tensor flower() {
    ByteBuffer data = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    for (float value : FLOWER) {
      data.putFloat(value);
    }
    return new Tensor("input", DataType.FP32, Shape.of(1, 4), data.flip());
  }

  private static void measure(String name, long seconds, Call call) throws Exception {
    measure(name, seconds, call, Pause.NONE);
  }

  /** @param pause what comes before each call; it is left out of the call's time */
  private static void measure(String name, long seconds, Call call, Pause pause)
      throws Exception {
    long warmUpEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(1, seconds / 2));
    long sink = 0;
    while (System.nanoTime() < warmUpEnd) {
      sink += call.run();
    }
    long[] samples = new long[1 << 20];
    int count = 0;
    long start = System.nanoTime();
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    long now = start;
    while (now < end) {
      if (pause != Pause.NONE) {
        pause.take();
        now = System.nanoTime();
      }
      long before = now;
      sink += call.run();
      now = System.nanoTime();
      if (count == samples.length) {
        samples = Arrays.copyOf(samples, count * 2);
      }
      samples[count++] = now - before;
    }
    long[] sorted = Arrays.copyOf(samples, count);
    Arrays.sort(sorted);
    // Paced calls/s would count the pauses; only their latency means something.
    String perSecond = pause != Pause.NONE ? "-" : String.format("%.0f", count / ((now - start) / 1e9));
    System.out.printf(
        "%-44s calls/s %8s   p50 %7.1f us   p99 %7.1f us   (%d calls)%n",
        name,
        perSecond,
        sorted[count / 2] / 1e3,
        sorted[(int) (count * 0.99)] / 1e3,
        count);
    blackhole = sink;
  }

  private enum Pause {
    NONE,
    SLEEP,
    SPIN;

    void take() {
      if (this == SLEEP) {
        LockSupport.parkNanos(PACING_NANOS);
      } else if (this == SPIN) {
        long until = System.nanoTime() + PACING_NANOS;
        while (System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      }
    }
  }

  @FunctionalInterface
  private interface Call {
    long run() throws Exception;
  }
}
