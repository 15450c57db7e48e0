package dev.kanary.server.revision;

import java.util.Map;

/**
 * Kubernetes' {@code $(VAR)} references in a container's command and args: replaced by the
 * variable's value when it is defined, left as written when it is not; {@code $$} stands for a
 * literal {@code $}. So {@code --model-name=$(MODEL_NAME)} works in a custom container as on a
 * cluster.
 */
final class EnvExpansion {
  private EnvExpansion() {}

  static String expand(String input, Map<String, String> env) {
    StringBuilder out = new StringBuilder(input.length());
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 == input.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '(') {
        int close = input.indexOf(')', i + 2);
        if (close < 0) {
          out.append(input, i, input.length());
          return out.toString();
        }
        String name = input.substring(i + 2, close);
        String value = env.get(name);
        out.append(value != null ? value : input.substring(i, close + 1));
        i = close + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
