package dev.kanary.server.storage;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/** Writes tar archives for tests, in the header forms real tools produce, and broken ones. */
final class TarWriter {
  private static final int BLOCK = 512;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  TarWriter file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  TarWriter file(String name, byte[] content) {
    write(header(name, "", '0', content.length, ""));
    body(content);
    return this;
  }

  TarWriter directory(String name) {
    write(header(name, "", '5', 0, ""));
    return this;
  }

  TarWriter symlink(String name, String target) {
    write(header(name, "", '2', 0, target));
    return this;
  }

  TarWriter hardLink(String name, String target) {
    write(header(name, "", '1', 0, target));
    return this;
  }

  /** A FIFO, which has no place in a model directory. */
  TarWriter fifo(String name) {
    write(header(name, "", '6', 0, ""));
    return this;
  }

  /** A long path split over the ustar prefix and name fields, as POSIX tar writes it. */
  TarWriter prefixedFile(String prefix, String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    write(header(name, prefix, '0', bytes.length, ""));
    body(bytes);
    return this;
  }

  /** A long path in a GNU {@code ././@LongLink} entry before the file, as GNU tar writes it. */
  TarWriter gnuLongNameFile(String name, String content) {
    byte[] longName = (name + "\0").getBytes(StandardCharsets.UTF_8);
    write(header("././@LongLink", "", 'L', longName.length, ""));
    body(longName);
    return file(name.substring(0, 100), content);
  }

  /** A path in a pax extended header before the file, as Python and bsdtar write it. */
  TarWriter paxPathFile(String name, String content) {
    byte[] records = paxRecord("path", name);
    write(header("PaxHeaders.0/file", "", 'x', records.length, ""));
    body(records);
    return file("truncated-name", content);
  }

  /** A file whose size field uses GNU's base-256 form. */
  TarWriter base256SizeFile(String name, String content) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    byte[] header = header(name, "", '0', bytes.length, "");
    Arrays.fill(header, 124, 136, (byte) 0);
    header[124] = (byte) 0x80;
    header[135] = (byte) bytes.length;
    sign(header);
    write(header);
    body(bytes);
    return this;
  }

  /** A file header whose checksum does not match. */
  TarWriter corruptHeader(String name) {
    byte[] header = header(name, "", '0', 0, "");
    header[0] ^= 1;
    write(header);
    return this;
  }

  /** The archive with its end marker (two zero blocks). */
  byte[] toBytes() {
    return append(new byte[2 * BLOCK]);
  }

  /** The archive as far as written, as a truncated download leaves it. */
  byte[] withoutEnd() {
    return out.toByteArray();
  }

  byte[] toGzip() {
    return gzip(toBytes());
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  private byte[] append(byte[] tail) {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(tail);
    return copy.toByteArray();
  }

  private static byte[] header(String name, String prefix, char type, long size, String link) {
    byte[] header = new byte[BLOCK];
    put(header, 0, 100, name);
    put(header, 100, 8, octal(0644, 7));
    put(header, 108, 8, octal(0, 7));
    put(header, 116, 8, octal(0, 7));
    put(header, 124, 12, octal(size, 11));
    put(header, 136, 12, octal(1_700_000_000L, 11));
    header[156] = (byte) type;
    put(header, 157, 100, link);
    put(header, 257, 6, "ustar");
    put(header, 263, 2, "00");
    put(header, 345, 155, prefix);
    sign(header);
    return header;
  }

  private static void sign(byte[] header) {
    Arrays.fill(header, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : header) {
      sum += b & 0xff;
    }
    put(header, 148, 8, octal(sum, 6));
    header[155] = ' ';
  }

  private static byte[] paxRecord(String key, String value) {
    int payload = key.length() + value.getBytes(StandardCharsets.UTF_8).length + 3;
    int length = payload + 1;
    while (length != payload + String.valueOf(length).length()) {
      length = payload + String.valueOf(length).length();
    }
    return (length + " " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static String octal(long value, int digits) {
    return String.format("%0" + digits + "o", value);
  }

  private static void put(byte[] header, int offset, int length, String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > length) {
      throw new IllegalArgumentException("\"" + value + "\" does not fit " + length + " bytes");
    }
    System.arraycopy(bytes, 0, header, offset, bytes.length);
  }

  private void body(byte[] content) {
    write(content);
    write(new byte[(BLOCK - content.length % BLOCK) % BLOCK]);
  }

  private void write(byte[] bytes) {
    out.writeBytes(bytes);
  }
}
