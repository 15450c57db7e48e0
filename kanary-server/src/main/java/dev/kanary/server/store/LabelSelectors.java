package dev.kanary.server.store;

import dev.kanary.core.k8s.K8sNames;
import dev.kanary.server.store.LabelRequirement.Operator;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses the text form of a Kubernetes label selector, as apimachinery's {@code labels.Parse}
 * does: comma-separated requirements {@code a=b}, {@code a==b}, {@code a!=b}, {@code a}, {@code
 * !a}, {@code a in (x,y)}, {@code a notin (x)}, {@code a>1}, {@code a<1}, with keys and values
 * checked against the label rules.
 */
public final class LabelSelectors {
  private static final Pattern LABEL_VALUE =
      Pattern.compile("(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?");
  private static final int LABEL_VALUE_MAX_LENGTH = 63;

  private LabelSelectors() {}

  /**
   * The selector the text describes; null or blank selects everything.
   *
   * @throws IllegalArgumentException naming the selector and the part that is wrong
   */
  public static LabelSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return LabelSelector.EVERYTHING;
    }
    return new Parser(selector).selector();
  }

  private enum Kind {
    IDENTIFIER,
    BANG,
    EQUALS,
    DOUBLE_EQUALS,
    NOT_EQUALS,
    GREATER,
    LESS,
    OPEN,
    CLOSE,
    COMMA,
    END
  }

  private record Token(Kind kind, String text) {
    boolean isWord(String word) {
      return kind == Kind.IDENTIFIER && text.equals(word);
    }

    boolean endsValue() {
      return kind == Kind.END || kind == Kind.COMMA;
    }

    String describe() {
      return kind == Kind.END ? "end of string" : "'" + text + "'";
    }
  }

  private static final class Parser {
    private final String source;
    private final List<Token> tokens;
    private int position;

    Parser(String source) {
      this.source = source;
      this.tokens = tokenize(source);
    }

    LabelSelector selector() {
      List<LabelRequirement> requirements = new ArrayList<>();
      while (true) {
        requirements.add(requirement());
        Token separator = next();
        if (separator.kind == Kind.END) {
          return new LabelRequirements(requirements);
        }
        if (separator.kind != Kind.COMMA) {
          throw unexpected(separator, "',' or end of string");
        }
      }
    }

    private LabelRequirement requirement() {
      Token token = next();
      boolean negated = token.kind == Kind.BANG;
      if (negated) {
        token = next();
      }
      if (token.kind != Kind.IDENTIFIER || token.isWord("in") || token.isWord("notin")) {
        throw unexpected(token, "a label key");
      }
      String key = checkKey(token.text);
      if (negated) {
        return new LabelRequirement(key, Operator.DOES_NOT_EXIST, Set.of());
      }
      if (peek().endsValue()) {
        return new LabelRequirement(key, Operator.EXISTS, Set.of());
      }
      Token operator = next();
      if (operator.isWord("in") || operator.isWord("notin")) {
        Operator set = operator.isWord("in") ? Operator.IN : Operator.NOT_IN;
        return new LabelRequirement(key, set, valueList(operator.text));
      }
      return switch (operator.kind) {
        case EQUALS, DOUBLE_EQUALS -> new LabelRequirement(key, Operator.EQUALS, Set.of(value()));
        case NOT_EQUALS -> new LabelRequirement(key, Operator.NOT_EQUALS, Set.of(value()));
        case GREATER -> new LabelRequirement(key, Operator.GREATER_THAN, Set.of(integer()));
        case LESS -> new LabelRequirement(key, Operator.LESS_THAN, Set.of(integer()));
        default -> throw unexpected(operator, "one of =, ==, !=, in, notin, >, <");
      };
    }

    /** A single value; {@code a=} selects the empty value, as Kubernetes allows. */
    private String value() {
      if (peek().endsValue()) {
        return "";
      }
      Token token = next();
      if (token.kind != Kind.IDENTIFIER) {
        throw unexpected(token, "a label value");
      }
      return checkValue(token.text);
    }

    private String integer() {
      Token token = next();
      if (token.kind != Kind.IDENTIFIER) {
        throw unexpected(token, "an integer");
      }
      try {
        Long.parseLong(token.text);
      } catch (NumberFormatException e) {
        throw invalid("for '>' and '<' the value must be an integer, found '" + token.text + "'");
      }
      return token.text;
    }

    /** {@code (x,y)}; an empty item ({@code (x,)}) is the empty value, as in Kubernetes. */
    private Set<String> valueList(String operator) {
      Token open = next();
      if (open.kind != Kind.OPEN) {
        throw unexpected(open, "'(' after '" + operator + "'");
      }
      if (peek().kind == Kind.CLOSE) {
        throw invalid("'" + operator + "' needs at least one value between the parentheses");
      }
      Set<String> values = new LinkedHashSet<>();
      while (true) {
        Token item = peek();
        if (item.kind == Kind.IDENTIFIER) {
          values.add(checkValue(next().text));
        } else if (item.kind == Kind.COMMA || item.kind == Kind.CLOSE) {
          values.add("");
        } else {
          throw unexpected(item, "a label value");
        }
        Token after = next();
        if (after.kind == Kind.CLOSE) {
          return values;
        }
        if (after.kind != Kind.COMMA) {
          throw unexpected(after, "',' or ')'");
        }
      }
    }

    private String checkKey(String key) {
      List<String> problems = K8sNames.isQualifiedName(key);
      if (!problems.isEmpty()) {
        throw invalid("invalid label key \"" + key + "\": " + String.join("; ", problems));
      }
      return key;
    }

    private String checkValue(String value) {
      if (value.length() > LABEL_VALUE_MAX_LENGTH) {
        throw invalid("invalid label value \"" + value + "\": must be no more than "
            + LABEL_VALUE_MAX_LENGTH + " characters");
      }
      if (!LABEL_VALUE.matcher(value).matches()) {
        throw invalid("invalid label value \"" + value + "\": a valid label must be an empty"
            + " string or consist of alphanumeric characters, '-', '_' or '.', and must start and"
            + " end with an alphanumeric character");
      }
      return value;
    }

    private Token next() {
      Token token = tokens.get(position);
      if (token.kind != Kind.END) {
        position++;
      }
      return token;
    }

    private Token peek() {
      return tokens.get(position);
    }

    private IllegalArgumentException unexpected(Token found, String expected) {
      return invalid("found " + found.describe() + ", expected " + expected);
    }

    private IllegalArgumentException invalid(String problem) {
      return new IllegalArgumentException(
          "invalid label selector \"" + source + "\": " + problem);
    }
  }

  private static List<Token> tokenize(String source) {
    List<Token> tokens = new ArrayList<>();
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      char following = i + 1 < source.length() ? source.charAt(i + 1) : 0;
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '!' && following == '=') {
        tokens.add(new Token(Kind.NOT_EQUALS, "!="));
        i += 2;
      } else if (c == '=' && following == '=') {
        tokens.add(new Token(Kind.DOUBLE_EQUALS, "=="));
        i += 2;
      } else if (isSymbol(c)) {
        tokens.add(new Token(symbolKind(c), String.valueOf(c)));
        i++;
      } else {
        int start = i;
        while (i < source.length()
            && !isSymbol(source.charAt(i))
            && !Character.isWhitespace(source.charAt(i))) {
          i++;
        }
        tokens.add(new Token(Kind.IDENTIFIER, source.substring(start, i)));
      }
    }
    tokens.add(new Token(Kind.END, ""));
    return tokens;
  }

  private static boolean isSymbol(char c) {
    return "!=<>(),".indexOf(c) >= 0;
  }

  private static Kind symbolKind(char c) {
    return switch (c) {
      case '!' -> Kind.BANG;
      case '=' -> Kind.EQUALS;
      case '<' -> Kind.LESS;
      case '>' -> Kind.GREATER;
      case '(' -> Kind.OPEN;
      case ')' -> Kind.CLOSE;
      default -> Kind.COMMA;
    };
  }
}
