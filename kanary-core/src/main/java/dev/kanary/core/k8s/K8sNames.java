package dev.kanary.core.k8s;

import dev.kanary.core.validation.GoQuote;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' name rules ({@code k8s.io/apimachinery/pkg/util/validation}) with their exact
 * message texts, which Knative embeds in its own errors. Each check returns the list of problems,
 * empty when the value is valid, as apimachinery does. Lengths count UTF-8 bytes, as Go's
 * {@code len} does.
 */
public final class K8sNames {
  private static final String QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
  private static final String QUALIFIED_NAME_MSG =
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
          + " alphanumeric character";
  private static final int QUALIFIED_NAME_MAX_LENGTH = 63;

  private static final String DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1123_LABEL_MSG =
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
          + " must start and end with an alphanumeric character";
  private static final String DNS1123_SUBDOMAIN_FMT =
      DNS1123_LABEL_FMT + "(\\." + DNS1123_LABEL_FMT + ")*";
  private static final String DNS1123_SUBDOMAIN_MSG =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character";
  private static final int DNS1123_SUBDOMAIN_MAX_LENGTH = 253;

  private static final String DNS1035_LABEL_FMT = "[a-z]([-a-z0-9]*[a-z0-9])?";
  private static final String DNS1035_LABEL_MSG =
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an"
          + " alphabetic character, and end with an alphanumeric character";

  /** The longest DNS label, which is also the longest Kubernetes object name of most kinds. */
  public static final int DNS_LABEL_MAX_LENGTH = 63;

  private static final Pattern QUALIFIED_NAME = Pattern.compile(QUALIFIED_NAME_FMT);
  private static final Pattern DNS1123_LABEL = Pattern.compile(DNS1123_LABEL_FMT);
  private static final Pattern DNS1123_SUBDOMAIN = Pattern.compile(DNS1123_SUBDOMAIN_FMT);
  private static final Pattern DNS1035_LABEL = Pattern.compile(DNS1035_LABEL_FMT);

  private K8sNames() {}

  /** {@code IsQualifiedName}: an optional DNS-subdomain prefix and '/', then a name part. */
  public static List<String> isQualifiedName(String value) {
    List<String> errs = new ArrayList<>();
    String[] parts = value.split("/", -1);
    String name;
    switch (parts.length) {
      case 1 -> name = parts[0];
      case 2 -> {
        String prefix = parts[0];
        name = parts[1];
        if (prefix.isEmpty()) {
          errs.add("prefix part " + emptyError());
        } else {
          isDns1123Subdomain(prefix).forEach(msg -> errs.add("prefix part " + msg));
        }
      }
      default -> {
        errs.add("a qualified name "
            + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc")
            + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
        return errs;
      }
    }
    if (name.isEmpty()) {
      errs.add("name part " + emptyError());
    } else if (byteLength(name) > QUALIFIED_NAME_MAX_LENGTH) {
      errs.add("name part " + maxLenError(QUALIFIED_NAME_MAX_LENGTH));
    }
    if (!QUALIFIED_NAME.matcher(name).matches()) {
      errs.add("name part "
          + regexError(QUALIFIED_NAME_MSG, QUALIFIED_NAME_FMT, "MyName", "my.name", "123-abc"));
    }
    return errs;
  }

  /** {@code IsDNS1035Label}: route names and traffic tags. */
  public static List<String> isDns1035Label(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > DNS_LABEL_MAX_LENGTH) {
      errs.add(maxLenError(DNS_LABEL_MAX_LENGTH));
    }
    if (!DNS1035_LABEL.matcher(value).matches()) {
      errs.add(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, "my-name", "abc-123"));
    }
    return errs;
  }

  /**
   * {@code NameIsDNS1035Label}: for a generateName prefix, a trailing dash is allowed because a
   * random suffix follows it. Kubernetes masks it by dropping the last two characters and
   * appending "a"; the quirk is kept so the messages match.
   */
  public static List<String> nameIsDns1035Label(String name, boolean prefix) {
    if (prefix && name.length() > 1 && name.endsWith("-")) {
      return isDns1035Label(name.substring(0, name.length() - 2) + "a");
    }
    return isDns1035Label(name);
  }

  /** {@code IsDNS1123Label}: each label of a host name. */
  public static List<String> isDns1123Label(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > DNS_LABEL_MAX_LENGTH) {
      errs.add(maxLenError(DNS_LABEL_MAX_LENGTH));
    }
    if (!DNS1123_LABEL.matcher(value).matches()) {
      errs.add(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, "my-name", "123-abc"));
    }
    return errs;
  }

  /** {@code IsDNS1123Subdomain}: a dotted name of at most 253 characters. */
  public static List<String> isDns1123Subdomain(String value) {
    List<String> errs = new ArrayList<>();
    if (byteLength(value) > DNS1123_SUBDOMAIN_MAX_LENGTH) {
      errs.add(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
    }
    if (!DNS1123_SUBDOMAIN.matcher(value).matches()) {
      errs.add(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, "example.com"));
    }
    return errs;
  }

  /**
   * {@code IsFullyQualifiedDomainName}, rendered as its single {@code field.Error}: the first
   * problem found, e.g. {@code url: Invalid value: "<label>": must be no more than 63 characters}.
   * Empty when the name is a valid host name of at least two labels.
   */
  public static Optional<String> fullyQualifiedDomainNameError(String path, String name) {
    if (name.isEmpty()) {
      return Optional.of(path + ": Required value");
    }
    String host = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    List<String> errs = isDns1123Subdomain(host);
    if (!errs.isEmpty()) {
      return Optional.of(invalid(path, host, String.join(",", errs)));
    }
    String[] labels = host.split("\\.", -1);
    if (labels.length < 2) {
      return Optional.of(
          invalid(path, host, "should be a domain with at least two segments separated by dots"));
    }
    for (String label : labels) {
      List<String> labelErrs = isDns1123Label(label);
      if (!labelErrs.isEmpty()) {
        return Optional.of(invalid(path, label, String.join(",", labelErrs)));
      }
    }
    return Optional.empty();
  }

  /** Go's {@code fmt.Sprint} of a {@code []string}: {@code [a b]}. */
  public static String goList(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  private static String invalid(String path, String value, String detail) {
    return path + ": Invalid value: " + GoQuote.quote(value) + ": " + detail;
  }

  private static String emptyError() {
    return "must be non-empty";
  }

  private static String maxLenError(int length) {
    return "must be no more than " + length + " characters";
  }

  private static String regexError(String msg, String fmt, String... examples) {
    StringBuilder b = new StringBuilder(msg).append(" (e.g. ");
    for (int i = 0; i < examples.length; i++) {
      if (i > 0) {
        b.append(" or ");
      }
      b.append('\'').append(examples[i]).append("', ");
    }
    return b.append("regex used for validation is '").append(fmt).append("')").toString();
  }

  private static int byteLength(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
