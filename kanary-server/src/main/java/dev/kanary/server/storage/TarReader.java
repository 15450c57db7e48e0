package dev.kanary.server.storage;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a tar stream entry by entry: POSIX ustar headers with their name prefix, plus the GNU
 * long-name and pax extended headers that GNU tar and Python write for long paths. It yields links
 * and special files too; the caller decides what to do with them.
 */
final class TarReader {
  private static final int BLOCK = 512;
  private static final int MAX_EXTENDED_HEADER = 1 << 20;

  enum Kind {
    FILE,
    DIRECTORY,
    SYMLINK,
    HARD_LINK,
    OTHER
  }

  /** One member; {@code linkTarget} is empty unless it is a link. */
  record Entry(String name, Kind kind, long size, String linkTarget) {}

  private final InputStream in;
  private final byte[] header = new byte[BLOCK];
  private long block;
  private long remaining;
  private long pad;

  TarReader(InputStream in) {
    this.in = in;
  }

  /** The next entry, or null at the end of the archive; skips what is left of the previous one. */
  Entry next() throws IOException {
    skip(remaining + pad);
    remaining = 0;
    pad = 0;
    String longName = null;
    String longLink = null;
    Map<String, String> pax = Map.of();
    while (readHeader()) {
      char type = (char) header[156];
      long size = number(124, 12);
      switch (type) {
        case 'L' -> longName = text(readExtended(size));
        case 'K' -> longLink = text(readExtended(size));
        case 'x' -> pax = paxRecords(readExtended(size));
        case 'g' -> skip(size + padding(size));
        default -> {
          return entry(type, size, longName, longLink, pax);
        }
      }
    }
    return null;
  }

  /** The body of the entry {@link #next()} returned last. */
  InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
          return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
          throw new IOException("the tar archive ends inside an entry");
        }
        remaining -= n;
        return n;
      }
    };
  }

  private Entry entry(
      char type, long headerSize, String longName, String longLink, Map<String, String> pax)
      throws IOException {
    String name = pax.getOrDefault("path", longName != null ? longName : headerName());
    String link = pax.getOrDefault("linkpath", longLink != null ? longLink : string(157, 100));
    long size = pax.containsKey("size") ? paxSize(pax.get("size")) : headerSize;
    Kind kind = switch (type) {
      case '0', '\0', '7' -> name.endsWith("/") ? Kind.DIRECTORY : Kind.FILE;
      case '5' -> Kind.DIRECTORY;
      case '2' -> Kind.SYMLINK;
      case '1' -> Kind.HARD_LINK;
      default -> Kind.OTHER;
    };
    // Links, devices, FIFOs and directories carry no data blocks whatever their size field says.
    boolean hasData = !(type >= '1' && type <= '6');
    remaining = hasData ? size : 0;
    pad = padding(remaining);
    boolean isLink = kind == Kind.SYMLINK || kind == Kind.HARD_LINK;
    return new Entry(name, kind, remaining, isLink ? link : "");
  }

  private String headerName() {
    String name = string(0, 100);
    // Only POSIX ustar ("ustar\0") has a prefix field; GNU tar keeps other data in that place.
    boolean posix = string(257, 6).equals("ustar") && header[262] == 0;
    String prefix = posix ? string(345, 155) : "";
    return prefix.isEmpty() ? name : prefix + "/" + name;
  }

  /** Reads the next header block; false at the end marker or at a clean end of the stream. */
  private boolean readHeader() throws IOException {
    int read = in.readNBytes(header, 0, BLOCK);
    if (read == 0) {
      return false;
    }
    if (read < BLOCK) {
      throw new IOException("the tar archive ends inside a header");
    }
    block++;
    if (allZero()) {
      return false;
    }
    if (number(148, 8) != checksum()) {
      throw new IOException("not a valid tar archive (bad header checksum in block " + block + ")");
    }
    return true;
  }

  private boolean allZero() {
    for (byte b : header) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** The header's sum with its own checksum field counted as spaces. */
  private long checksum() {
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : header[i] & 0xff;
    }
    return sum;
  }

  private byte[] readExtended(long size) throws IOException {
    if (size > MAX_EXTENDED_HEADER) {
      throw new IOException("a tar extended header of " + size + " bytes is too large");
    }
    byte[] data = in.readNBytes((int) size);
    if (data.length < size) {
      throw new IOException("the tar archive ends inside an extended header");
    }
    skip(padding(size));
    return data;
  }

  /** Pax records, each {@code "<length> <key>=<value>\n"} where the length counts the record. */
  private static Map<String, String> paxRecords(byte[] data) throws IOException {
    Map<String, String> records = new HashMap<>();
    int pos = 0;
    while (pos < data.length) {
      int space = pos;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("a malformed pax header in a tar archive");
      }
      int end = pos + length;
      if (length <= 0 || end > data.length || space >= end || data[end - 1] != '\n') {
        throw new IOException("a malformed pax header in a tar archive");
      }
      String record = new String(data, space + 1, end - space - 2, StandardCharsets.UTF_8);
      int equals = record.indexOf('=');
      if (equals > 0) {
        records.put(record.substring(0, equals), record.substring(equals + 1));
      }
      pos = end;
    }
    return records;
  }

  private static long paxSize(String value) throws IOException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IOException("a tar pax header has size \"" + value + "\"");
    }
  }

  /** An octal field, or a base-256 one (GNU's form for sizes of 8 GiB and more). */
  private long number(int offset, int length) throws IOException {
    if ((header[offset] & 0x80) != 0) {
      if ((header[offset] & 0x40) != 0) {
        throw new IOException("a negative number in a tar header");
      }
      long value = header[offset] & 0x3f;
      for (int i = offset + 1; i < offset + length; i++) {
        value = (value << 8) | (header[i] & 0xff);
      }
      return value;
    }
    long value = 0;
    int i = offset;
    int end = offset + length;
    while (i < end && (header[i] == ' ' || header[i] == 0)) {
      i++;
    }
    for (; i < end && header[i] >= '0' && header[i] <= '7'; i++) {
      value = value * 8 + (header[i] - '0');
    }
    if (i < end && header[i] != ' ' && header[i] != 0) {
      throw new IOException(
          "not a valid tar archive (a non-octal header field in block " + block + ")");
    }
    return value;
  }

  private String string(int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static String text(byte[] data) {
    int end = 0;
    while (end < data.length && data[end] != 0) {
      end++;
    }
    return new String(data, 0, end, StandardCharsets.UTF_8);
  }

  private static long padding(long size) {
    return (BLOCK - size % BLOCK) % BLOCK;
  }

  private void skip(long n) throws IOException {
    try {
      in.skipNBytes(n);
    } catch (EOFException e) {
      throw new IOException("the tar archive ends inside an entry", e);
    }
  }
}
