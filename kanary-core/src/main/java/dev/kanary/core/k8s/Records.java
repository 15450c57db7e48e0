package dev.kanary.core.k8s;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Normalisation shared by the resource records: absent collections read as empty, never null. */
public final class Records {
  private Records() {}

  public static <T> List<T> list(List<T> value) {
    return value == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(value));
  }

  public static <K, V> Map<K, V> map(Map<K, V> value) {
    return value == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(value));
  }

  /**
   * The unknown fields of a record. Values may be null (a user's explicit {@code null}), which the
   * JDK's immutable maps reject, hence the unmodifiable view over a copy.
   */
  public static Map<String, Object> extra(Map<String, Object> value) {
    return value == null || value.isEmpty()
        ? Map.of()
        : Collections.unmodifiableMap(new LinkedHashMap<>(value));
  }
}
