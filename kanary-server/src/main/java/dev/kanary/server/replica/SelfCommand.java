package dev.kanary.server.replica;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How to run this kanary again as a child process, e.g. the built-in runtime's model server: the
 * prefix that replaces a runtime command's leading {@code kanary}.
 *
 * <p>From the jar, {@code java <flags> -jar kanary.jar}. Elsewhere (tests, an IDE) the classpath
 * goes into an {@code @argfile}: ONNX Runtime overflows its stack and crashes in a JVM whose
 * command line is a few KB long, as a long {@code -cp} makes it
 * (shared/reference/packaging.md, item 12).
 */
public record SelfCommand(List<String> prefix) {
  public static final String KANARY = "kanary";
  static final String ARGFILE = "kanary-self.args";
  static final String SHARED_ARCHIVE = "kanary-replica.jsa";
  static final String MODEL_SERVER_OPTIONS = "model-server.jvmopts";

  public SelfCommand {
    prefix = List.copyOf(prefix);
  }

  /**
   * The command that runs {@code mainClass} in a new JVM like this one.
   *
   * @param runDirectory where the argfile goes when one is needed
   */
  public static SelfCommand of(Class<?> mainClass, Path runDirectory) {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> flags = jvmFlags(Runtime.version().feature());
    return codeSource(mainClass)
        .filter(SelfCommand::isJar)
        .map(jar -> fromJar(java, withSharedArchive(flags, runDirectory), jar))
        .orElseGet(() -> fromClasspath(java, flags, System.getProperty("java.class.path"),
            mainClass.getName(), runDirectory));
  }

  /**
   * Small and quick to start, as a replica serves one model: the model server's options from
   * {@value #MODEL_SERVER_OPTIONS} (the launcher gives {@code ./kanary model-server} the same),
   * then native access for ONNX Runtime and Netty without warnings.
   */
  public static List<String> jvmFlags(int javaFeatureVersion) {
    List<String> flags = new ArrayList<>(modelServerOptions());
    flags.add("--enable-native-access=ALL-UNNAMED");
    if (javaFeatureVersion >= 23) {
      // JDK 23 warns about sun.misc.Unsafe's memory access, which Netty and protobuf still use.
      flags.add("--sun-misc-unsafe-memory-access=allow");
    }
    return flags;
  }

  /** The JVM options in {@value #MODEL_SERVER_OPTIONS}, beside this class. */
  static List<String> modelServerOptions() {
    try (InputStream in = SelfCommand.class.getResourceAsStream(MODEL_SERVER_OPTIONS)) {
      if (in == null) {
        throw new IllegalStateException(MODEL_SERVER_OPTIONS + " is missing from the classpath"
            + " next to " + SelfCommand.class.getName() + "; rebuild kanary");
      }
      return options(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MODEL_SERVER_OPTIONS, e);
    }
  }

  /**
   * One option a line, surrounding blanks dropped, blank and {@code #} lines skipped: as the
   * launcher's {@code read} loop reads the file.
   */
  static List<String> options(String text) {
    return text.lines()
        .map(String::strip)
        .filter(line -> !line.isEmpty() && !line.startsWith("#"))
        .toList();
  }

  /**
   * Adds a class-data-sharing archive that the first replica writes when it exits and later ones
   * map at start: it more than halves a replica's start (measured 5.4 s to 2.3 s to ready on a
   * loaded 2-core VM), which is most of an InferenceService's time to Ready. The JVM recreates
   * the archive itself when it does not match the jar or the JVM. Only for a jar: an archive
   * cannot cover classes loaded from directories, as in tests.
   */
  static List<String> withSharedArchive(List<String> flags, Path runDirectory) {
    List<String> withArchive = new ArrayList<>(flags);
    withArchive.add("-XX:+AutoCreateSharedArchive");
    withArchive.add("-XX:SharedArchiveFile=" + runDirectory.resolve(SHARED_ARCHIVE));
    return withArchive;
  }

  static SelfCommand fromJar(Path java, List<String> flags, Path jar) {
    List<String> prefix = new ArrayList<>();
    prefix.add(java.toString());
    prefix.addAll(flags);
    prefix.add("-jar");
    prefix.add(jar.toString());
    return new SelfCommand(prefix);
  }

  static SelfCommand fromClasspath(
      Path java, List<String> flags, String classpath, String mainClass, Path runDirectory) {
    Path argfile = runDirectory.resolve(ARGFILE);
    try {
      Files.createDirectories(runDirectory);
      Path temporary = runDirectory.resolve(ARGFILE + ".tmp");
      Files.writeString(temporary, argfile(classpath, mainClass), StandardCharsets.UTF_8);
      Files.move(temporary, argfile, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the java argument file " + argfile, e);
    }
    List<String> prefix = new ArrayList<>();
    prefix.add(java.toString());
    prefix.addAll(flags);
    prefix.add("@" + argfile);
    return new SelfCommand(prefix);
  }

  /** The text of an argfile: quoted, as a classpath may hold spaces, and escaped for the quotes. */
  static String argfile(String classpath, String mainClass) {
    return "-cp\n" + quote(classpath) + "\n" + mainClass + "\n";
  }

  /**
   * {@code command} with a leading {@code kanary} replaced by this prefix; any other command as
   * it is.
   */
  public List<String> resolve(List<String> command) {
    if (command.isEmpty() || !command.get(0).equals(KANARY)) {
      return command;
    }
    List<String> resolved = new ArrayList<>(prefix);
    resolved.addAll(command.subList(1, command.size()));
    return List.copyOf(resolved);
  }

  private static String quote(String argument) {
    return "\"" + argument.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static boolean isJar(Path path) {
    return Files.isRegularFile(path) && path.getFileName().toString().endsWith(".jar");
  }

  private static Optional<Path> codeSource(Class<?> mainClass) {
    CodeSource source = mainClass.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(source.getLocation().toURI()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
