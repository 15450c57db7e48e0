package dev.kanary.server.storage;

import static dev.kanary.server.storage.TestFiles.snapshot;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class ArchivesTest {
  private static final String LONG_DIR = "a".repeat(60) + "/" + "b".repeat(60);

  @TempDir Path tmp;

  static Stream<Arguments> unpacked() {
    return Stream.of(
        argumentSet("ustar files and directories", "m.tar",
            new TarWriter().directory("sub/").file("model.onnx", "onnx").file("sub/x.txt", "x")
                .toBytes(),
            Map.of("model.onnx", "onnx", "sub/x.txt", "x")),
        argumentSet("gzip-compressed", "m.tar.gz",
            new TarWriter().file("model.onnx", "onnx").toGzip(), Map.of("model.onnx", "onnx")),
        argumentSet("gzip-compressed, .tgz", "m.tgz",
            new TarWriter().file("model.onnx", "onnx").toGzip(), Map.of("model.onnx", "onnx")),
        argumentSet("leading ./ and a ./ directory", "m.tar",
            new TarWriter().directory("./").file("./model.onnx", "onnx").toBytes(),
            Map.of("model.onnx", "onnx")),
        argumentSet("a file inside the archive that contains a '..' which stays inside", "m.tar",
            new TarWriter().file("sub/../model.onnx", "onnx").toBytes(),
            Map.of("model.onnx", "onnx")),
        argumentSet("ustar name prefix", "m.tar",
            new TarWriter().prefixedFile(LONG_DIR, "model.onnx", "deep").toBytes(),
            Map.of(LONG_DIR + "/model.onnx", "deep")),
        argumentSet("GNU long name", "m.tar",
            new TarWriter().gnuLongNameFile(LONG_DIR + "/model.onnx", "gnu").toBytes(),
            Map.of(LONG_DIR + "/model.onnx", "gnu")),
        argumentSet("pax path", "m.tar",
            new TarWriter().paxPathFile(LONG_DIR + "/model.onnx", "pax").toBytes(),
            Map.of(LONG_DIR + "/model.onnx", "pax")),
        argumentSet("base-256 size", "m.tar",
            new TarWriter().base256SizeFile("model.onnx", "big").toBytes(),
            Map.of("model.onnx", "big")),
        argumentSet("no end marker", "m.tar",
            new TarWriter().file("model.onnx", "onnx").withoutEnd(), Map.of("model.onnx", "onnx")),
        argumentSet("links inside become copies, whatever their order", "m.tar",
            new TarWriter().symlink("latest.onnx", "v1/model.onnx")
                .file("v1/model.onnx", "v1")
                .hardLink("v1/copy.onnx", "v1/model.onnx")
                .symlink("v1/sibling.onnx", "model.onnx")
                .toBytes(),
            Map.of("latest.onnx", "v1", "v1/model.onnx", "v1", "v1/copy.onnx", "v1",
                "v1/sibling.onnx", "v1")),
        argumentSet("links to directories or to nothing are left out", "m.tar",
            new TarWriter().file("sub/model.onnx", "m").symlink("dir", "sub")
                .symlink("dangling", "nothing").toBytes(),
            Map.of("sub/model.onnx", "m")),
        argumentSet("a symlink chain is never followed on disk", "m.tar",
            new TarWriter().directory("sub/").symlink("sub/up", "..").symlink("sub/up/m", "..")
                .file("sub/up/m/evil", "contained").toBytes(),
            Map.of("sub/up/m/evil", "contained")),
        argumentSet("special files are skipped", "m.tar",
            new TarWriter().fifo("pipe").file("model.onnx", "onnx").toBytes(),
            Map.of("model.onnx", "onnx")),
        argumentSet("zip", "m.zip",
            TestFiles.zip(ordered("sub/", "", "model.onnx", "onnx", "sub/x.txt", "x")),
            Map.of("model.onnx", "onnx", "sub/x.txt", "x")));
  }

  @ParameterizedTest
  @MethodSource
  void unpacked(String fileName, byte[] archive, Map<String, String> expected) throws IOException {
    Path model = unpack(fileName, archive);

    assertThat(snapshot(model)).isEqualTo(expected);
    assertThat(TestFiles.find(tmp, "pipe")).isEmpty();
  }

  static Stream<Arguments> refused() {
    return Stream.of(
        argumentSet("tar ../", "m.tar.gz",
            new TarWriter().file("model.onnx", "ok").file("../evil", "x").toGzip(),
            "refusing archive entry \"../evil\": it points outside the model directory"),
        argumentSet("tar nested ../", "m.tar",
            new TarWriter().file("sub/../../evil", "x").toBytes(),
            "refusing archive entry \"sub/../../evil\": it points outside the model directory"),
        argumentSet("tar absolute", "m.tar",
            new TarWriter().file("/tmp/evil", "x").toBytes(),
            "refusing archive entry \"/tmp/evil\": it is an absolute path"),
        argumentSet("tar directory ../", "m.tar",
            new TarWriter().directory("../evil/").toBytes(),
            "refusing archive entry \"../evil/\": it points outside the model directory"),
        argumentSet("tar GNU long name ../", "m.tar",
            new TarWriter().gnuLongNameFile("../" + LONG_DIR + "/evil", "x").toBytes(),
            "refusing archive entry \"../" + LONG_DIR + "/evil\""),
        argumentSet("tar pax path ../", "m.tar",
            new TarWriter().paxPathFile("../evil", "x").toBytes(),
            "refusing archive entry \"../evil\""),
        argumentSet("tar symlink out", "m.tar",
            new TarWriter().symlink("evil", "../../etc/passwd").toBytes(),
            "refusing archive entry \"evil\": it links to \"../../etc/passwd\", outside the model"
                + " directory"),
        argumentSet("tar symlink absolute", "m.tar",
            new TarWriter().symlink("evil", "/etc/passwd").toBytes(),
            "refusing archive entry \"evil\": it links to \"/etc/passwd\""),
        argumentSet("tar hard link out", "m.tar",
            new TarWriter().hardLink("evil", "../secret").toBytes(),
            "refusing archive entry \"evil\": it links to \"../secret\""),
        argumentSet("zip ../", "m.zip",
            TestFiles.zip(ordered("model.onnx", "ok", "../evil", "x")),
            "refusing archive entry \"../evil\": it points outside the model directory"),
        argumentSet("zip absolute", "m.zip",
            TestFiles.zip(ordered("/tmp/evil", "x")),
            "refusing archive entry \"/tmp/evil\": it is an absolute path"));
  }

  @ParameterizedTest
  @MethodSource
  void refused(String fileName, byte[] archive, String message) {
    assertThatThrownBy(() -> unpack(fileName, archive))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(message);
    assertThat(TestFiles.find(tmp, "evil")).isEmpty();
  }

  static Stream<Arguments> corrupt() {
    byte[] tar = new TarWriter().file("model.onnx", "x".repeat(2000)).toBytes();
    return Stream.of(
        argumentSet("tar cut inside an entry", "m.tar",
            Arrays.copyOf(tar, 1024), "the tar archive ends inside an entry"),
        argumentSet("tar cut inside a header", "m.tar",
            Arrays.copyOf(tar, 100), "the tar archive ends inside a header"),
        argumentSet("bad tar checksum", "m.tar",
            new TarWriter().corruptHeader("model.onnx").toBytes(),
            "not a valid tar archive (bad header checksum in block 1)"),
        argumentSet("HTML instead of a tar", "m.tar",
            "<html>".repeat(100).getBytes(), "not a valid tar archive"),
        argumentSet("not gzip", "m.tar.gz", tar, "m.tar.gz is not gzip-compressed"),
        argumentSet("gzip cut short", "m.tgz",
            Arrays.copyOf(TarWriter.gzip(tar), 30), "m.tgz has corrupt or truncated gzip data"),
        argumentSet("not a zip", "m.zip", tar, "m.zip is not a zip archive"));
  }

  @ParameterizedTest
  @MethodSource
  void corrupt(String fileName, byte[] archive, String message) {
    assertThatThrownBy(() -> unpack(fileName, archive))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "none",
      value = {
        "model.tar.gz, TAR_GZ",
        "MODEL.TGZ, TAR_GZ",
        "model.tar, TAR",
        "model.zip, ZIP",
        "model.onnx, none",
        "model.gz, none",
        "tar, none",
      })
  void formatFromFileName(String fileName, ArchiveFormat expected) {
    assertThat(ArchiveFormat.of(fileName)).isEqualTo(Optional.ofNullable(expected));
  }

  private Path unpack(String fileName, byte[] archive) throws IOException {
    Path file = Files.write(tmp.resolve(fileName), archive);
    Path model = Files.createDirectories(tmp.resolve("cache/model"));
    Archives.unpack(file, ArchiveFormat.of(fileName).orElseThrow(), model);
    return model;
  }

  private static Map<String, String> ordered(String... namesAndContents) {
    Map<String, String> entries = new LinkedHashMap<>();
    for (int i = 0; i < namesAndContents.length; i += 2) {
      entries.put(namesAndContents[i], namesAndContents[i + 1]);
    }
    return entries;
  }
}
