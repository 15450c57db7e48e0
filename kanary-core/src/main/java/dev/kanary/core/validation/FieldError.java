package dev.kanary.core.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A validation error with the field paths it concerns, rendered exactly as Knative's
 * {@code apis.FieldError} renders: {@code "<message>: <path>, <path>"} plus {@code "\n<details>"},
 * errors with the same message and details merged, paths and errors sorted, one per line.
 *
 * <p>Immutable; {@link #NONE} is the empty error, so validators compose with {@link #also} and
 * never return null.
 */
public final class FieldError {
  /** No error. */
  public static final FieldError NONE = new FieldError(List.of());

  /** The path of the field being validated itself. */
  public static final String CURRENT_FIELD = "";

  private final List<Leaf> leaves;

  private record Leaf(String message, List<String> paths, String details) {}

  private FieldError(List<Leaf> leaves) {
    this.leaves = List.copyOf(leaves);
  }

  public static FieldError of(String message, String... paths) {
    return withDetails(message, "", paths);
  }

  public static FieldError withDetails(String message, String details, String... paths) {
    Objects.requireNonNull(message, "message");
    return new FieldError(List.of(new Leaf(message, List.of(paths), details == null ? "" : details)));
  }

  public static FieldError missingField(String... paths) {
    return of("missing field(s)", paths);
  }

  public static FieldError disallowedFields(String... paths) {
    return of("must not set the field(s)", paths);
  }

  public static FieldError invalidValue(Object value, String path) {
    return of("invalid value: " + value, path);
  }

  public static FieldError invalidValue(Object value, String path, String details) {
    return withDetails("invalid value: " + value, details, path);
  }

  public static FieldError missingOneOf(String... paths) {
    return of("expected exactly one, got neither", paths);
  }

  public static FieldError multipleOneOf(String... paths) {
    return of("expected exactly one, got both", paths);
  }

  public static FieldError invalidKeyName(String value, String path, String details) {
    return withDetails("invalid key name " + GoQuote.quote(value), details, path);
  }

  public static FieldError outOfBounds(Object value, Object lower, Object upper, String path) {
    return of("expected " + lower + " <= " + value + " <= " + upper, path);
  }

  public boolean isEmpty() {
    return leaves.isEmpty();
  }

  public boolean isPresent() {
    return !leaves.isEmpty();
  }

  /** Every error of this one and the others, in one collection. */
  public FieldError also(FieldError... others) {
    List<Leaf> all = new ArrayList<>(leaves);
    for (FieldError other : others) {
      if (other != null) {
        all.addAll(other.leaves);
      }
    }
    return new FieldError(all);
  }

  /** Prefixes every path with the field it was reached through: {@code err.viaField("spec")}. */
  public FieldError viaField(String... prefix) {
    return map(path -> {
      List<String> parts = new ArrayList<>(Arrays.asList(prefix));
      parts.add(path);
      return flatten(parts);
    });
  }

  /** Attaches an index for the next {@link #viaField}: {@code err.viaIndex(0).viaField("traffic")}. */
  public FieldError viaIndex(int index) {
    return viaField("[" + index + "]");
  }

  public FieldError viaFieldIndex(String field, int index) {
    return viaIndex(index).viaField(field);
  }

  public FieldError viaKey(String key) {
    return viaField("[" + key + "]");
  }

  public FieldError viaFieldKey(String field, String key) {
    return viaKey(key).viaField(field);
  }

  private FieldError map(java.util.function.UnaryOperator<String> pathMapper) {
    List<Leaf> mapped = new ArrayList<>(leaves.size());
    for (Leaf leaf : leaves) {
      mapped.add(new Leaf(leaf.message, leaf.paths.stream().map(pathMapper).toList(), leaf.details));
    }
    return new FieldError(mapped);
  }

  /**
   * Joins path parts with dots, gluing index parts onto the part before them, so that
   * {@code [spec, traffic, [0].tag]} becomes {@code spec.traffic[0].tag}.
   */
  private static String flatten(List<String> parts) {
    List<String> out = new ArrayList<>();
    for (String part : parts) {
      for (String p : part.split("\\.", -1)) {
        if (p.equals(CURRENT_FIELD)) {
          continue;
        }
        if (!out.isEmpty() && p.startsWith("[") && p.endsWith("]")) {
          out.set(out.size() - 1, out.get(out.size() - 1) + p);
        } else {
          out.add(p);
        }
      }
    }
    return String.join(".", out);
  }

  /** The rendered text, Knative's {@code FieldError.Error()}; empty when there is no error. */
  public String render() {
    Map<String, Leaf> merged = new LinkedHashMap<>();
    for (Leaf leaf : leaves) {
      merged.merge(leaf.message + "-" + leaf.details, leaf, (a, b) -> {
        // Knative's mergePaths: the second error's paths join unless the first has them already.
        List<String> paths = new ArrayList<>(a.paths);
        b.paths.stream().filter(path -> !paths.contains(path)).forEach(paths::add);
        return new Leaf(a.message, paths, a.details);
      });
    }
    return merged.values().stream()
        .map(l -> new Leaf(l.message, l.paths.stream().sorted().toList(), l.details))
        .sorted(Comparator.comparing(Leaf::message).thenComparing(Leaf::details))
        .map(FieldError::renderLeaf)
        .reduce((a, b) -> a + "\n" + b)
        .orElse("");
  }

  private static String renderLeaf(Leaf leaf) {
    String line = leaf.message + ": " + String.join(", ", leaf.paths);
    return leaf.details.isEmpty() ? line : line + "\n" + leaf.details;
  }

  /** The messages alone, one per merged error, for callers that show a single line per problem. */
  public List<String> lines() {
    return List.of(render().split("\n"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FieldError other && render().equals(other.render());
  }

  @Override
  public int hashCode() {
    return render().hashCode();
  }

  @Override
  public String toString() {
    return render();
  }
}
