package dev.kanary.cli.e2e;

import dev.kanary.cli.Main;
import dev.kanary.server.KanaryServer;
import dev.kanary.server.ServerConfig;
import dev.kanary.server.replica.SelfCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The kanary command run in-process against a real standalone server, as a user types it; the
 * server's address and data directory (for its token) are added to each command.
 */
final class Kanary implements AutoCloseable {
  /** What a command printed, and its exit code. */
  record Run(int exit, String out, String err) {}

  static final Path MODELS = Path.of("../examples/models/iris").toAbsolutePath().normalize();

  private final KanaryServer server;
  private final Path dataDir;

  private Kanary(KanaryServer server, Path dataDir) {
    this.server = server;
    this.dataDir = dataDir;
  }

  static Kanary start(Path dataDir) {
    ServerConfig config = ServerConfig.defaults(dataDir,
        SelfCommand.of(Main.class, dataDir.resolve("run"))).withPorts(0, 0);
    return new Kanary(KanaryServer.start(config), dataDir);
  }

  String url() {
    return "http://127.0.0.1:" + server.apiPort();
  }

  Path dataDir() {
    return dataDir;
  }

  KanaryServer server() {
    return server;
  }

  /** The command with {@code --server} and {@code --data-dir} of this server appended. */
  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--server", url(), "--data-dir", dataDir.toString()));
    return raw(Map.of(), all.toArray(String[]::new));
  }

  /** The command as given, in this environment. */
  static Run raw(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.commandLine(env);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    int exit = cmd.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Override
  public void close() {
    server.close();
  }
}
