package dev.kanary.server.storage;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Unpacks tar, gzip-compressed tar and zip archives into a directory. An entry whose path, or whose
 * link target, would land outside that directory fails the whole archive: a model archive from
 * anywhere must not be able to write anywhere else.
 */
final class Archives {
  private static final String ENTRY = "archive entry";

  private Archives() {}

  /** Unpacks {@code archive} into {@code target}, an absolute, normalized, existing directory. */
  static void unpack(Path archive, ArchiveFormat format, Path target) throws IOException {
    switch (format) {
      case TAR -> {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
          unpackTar(in, target);
        }
      }
      case TAR_GZ -> {
        try (InputStream in = Files.newInputStream(archive)) {
          unpackTar(gunzip(in, archive.getFileName()), target);
        } catch (ZipException | EOFException e) {
          // Only the inflater throws these; the tar reader reports its own damage otherwise.
          String problem = " has corrupt or truncated gzip data (" + e.getMessage() + ")";
          throw new IOException(archive.getFileName() + problem, e);
        }
      }
      case ZIP -> unpackZip(archive, target);
    }
  }

  /**
   * Where {@code name}, an archive entry or an object name, goes under {@code root}.
   *
   * @throws IOException naming {@code what} and {@code name} when it is absolute or climbs out of
   *     {@code root}
   */
  static Path resolveInside(Path root, String name, String what) throws IOException {
    if (name.startsWith("/")) {
      throw refused(what, name, "it is an absolute path");
    }
    Path resolved;
    try {
      resolved = root.resolve(name).normalize();
    } catch (InvalidPathException e) {
      throw refused(what, name, "it is not a valid path (" + e.getReason() + ")");
    }
    if (!resolved.startsWith(root)) {
      throw refused(what, name, "it points outside the model directory");
    }
    return resolved;
  }

  private static InputStream gunzip(InputStream in, Path name) throws IOException {
    try {
      return new GZIPInputStream(in, 1 << 16);
    } catch (ZipException e) {
      throw new IOException(name + " is not gzip-compressed", e);
    }
  }

  private static void unpackTar(InputStream in, Path root) throws IOException {
    TarReader tar = new TarReader(in);
    List<Link> links = new ArrayList<>();
    for (TarReader.Entry entry = tar.next(); entry != null; entry = tar.next()) {
      Path path = resolveInside(root, entry.name(), ENTRY);
      switch (entry.kind()) {
        case DIRECTORY -> Files.createDirectories(path);
        case FILE -> writeFile(root, entry.name(), path, tar.content());
        // A symlink's target is relative to its own directory, a hard link's to the archive root.
        case SYMLINK -> links.add(link(root, entry, path, path.getParent()));
        case HARD_LINK -> links.add(link(root, entry, path, root));
        case OTHER -> {
          // Devices, FIFOs and sparse files have no place in a model directory.
        }
      }
    }
    for (Link link : links) {
      link.materialize();
    }
  }

  private static void unpackZip(Path archive, Path root) throws IOException {
    ZipFile zip;
    try {
      zip = new ZipFile(archive.toFile());
    } catch (ZipException e) {
      String problem = " is not a zip archive (" + e.getMessage() + ")";
      throw new IOException(archive.getFileName() + problem, e);
    }
    try (zip) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        Path path = resolveInside(root, entry.getName(), ENTRY);
        if (entry.isDirectory()) {
          Files.createDirectories(path);
        } else {
          try (InputStream content = zip.getInputStream(entry)) {
            writeFile(root, entry.getName(), path, content);
          }
        }
      }
    }
  }

  private static void writeFile(Path root, String name, Path path, InputStream content)
      throws IOException {
    if (path.equals(root)) {
      throw refused(ENTRY, name, "it is a file in place of the model directory");
    }
    Files.createDirectories(path.getParent());
    Files.copy(content, path, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Link link(Path root, TarReader.Entry entry, Path path, Path base)
      throws IOException {
    String target = entry.linkTarget();
    IOException outside =
        refused(ENTRY, entry.name(), "it links to \"" + target + "\", outside the model directory");
    if (target.startsWith("/")) {
      throw outside;
    }
    Path source;
    try {
      source = base.resolve(target).normalize();
    } catch (InvalidPathException e) {
      throw outside;
    }
    if (!source.startsWith(root)) {
      throw outside;
    }
    return new Link(path, source);
  }

  private static IOException refused(String what, String name, String reason) {
    return new IOException("refusing " + what + " \"" + name + "\": " + reason);
  }

  /**
   * A link inside the archive, written as a copy of its target once every file is out. No link is
   * ever created on disk, so no later entry can be written through one.
   */
  private record Link(Path path, Path source) {
    void materialize() throws IOException {
      if (Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS) && !path.equals(source)) {
        Files.createDirectories(path.getParent());
        Files.copy(source, path, StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }
}
