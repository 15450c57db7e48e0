package dev.kanary.core.revision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Revision names: {@code {configuration}-00001}, numbered by the configuration's generation, which
 * moves only when the template changes. Names longer than a DNS label are shortened as knative.dev
 * {@code kmeta.ChildName} does, keeping them unique through an md5 of the parent.
 */
public final class RevisionNames {
  private static final int LONGEST = 63;
  private static final int MD5_HEX_LENGTH = 32;
  private static final int HEAD = LONGEST - MD5_HEX_LENGTH;

  private RevisionNames() {}

  /** The name of the revision a configuration creates at {@code generation}. */
  public static String forGeneration(String configurationName, long generation) {
    return childName(configurationName, String.format("-%05d", generation));
  }

  /**
   * Knative's {@code kmeta.ChildName}: {@code parent + suffix} when it fits in 63 characters;
   * otherwise the parent's head, the parent's md5 and the suffix; and for a suffix too long to
   * leave room for the hash, the parent's head, the md5 of both, and as much of the suffix as
   * fits, trailing non-alphanumerics trimmed. Names are DNS labels, so one character is one byte.
   */
  public static String childName(String parent, String suffix) {
    if (parent.length() <= LONGEST - suffix.length()) {
      return parent + suffix;
    }
    if (HEAD - suffix.length() <= 0) {
      String head = parent.length() > HEAD ? parent.substring(0, HEAD) : parent;
      String name = head + md5Hex(parent + suffix);
      int room = LONGEST - name.length();
      if (room > 0) {
        name += suffix.substring(0, room);
      }
      return trimTrailingNonAlphanumerics(name);
    }
    return parent.substring(0, HEAD - suffix.length()) + md5Hex(parent) + suffix;
  }

  private static String trimTrailingNonAlphanumerics(String name) {
    int end = name.length();
    while (end > 0 && !isAsciiAlphanumeric(name.charAt(end - 1))) {
      end--;
    }
    return name.substring(0, end);
  }

  private static boolean isAsciiAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static String md5Hex(String s) {
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      return HexFormat.of().formatHex(md5.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK provides MD5", e);
    }
  }
}
