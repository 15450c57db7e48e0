package dev.kanary.cli.output;

import java.util.ArrayList;
import java.util.List;

/**
 * A table as kubectl prints one: Go's tabwriter with padding 3 ({@code get}), so each column is
 * as wide as its widest cell plus three spaces, cells left-aligned, empty cells blank, and the
 * last column not padded at all.
 */
public final class Table {
  /** kubectl get's padding; kubectl describe's is 2. */
  public static final int GET_PADDING = 3;
  public static final int DESCRIBE_PADDING = 2;

  private final List<List<String>> rows = new ArrayList<>();
  private final int padding;

  public Table(List<String> headers) {
    this(headers, GET_PADDING);
  }

  public Table(List<String> headers, int padding) {
    rows.add(List.copyOf(headers));
    this.padding = padding;
  }

  public Table add(List<String> cells) {
    if (cells.size() != rows.get(0).size()) {
      throw new IllegalArgumentException("a row of " + cells.size() + " cells in a table of "
          + rows.get(0).size() + " columns: " + cells);
    }
    rows.add(cells.stream().map(cell -> cell == null ? "" : cell).toList());
    return this;
  }

  /** The lines, each ending with a newline. */
  public String render() {
    int columns = rows.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : rows) {
      for (int i = 0; i < columns - 1; i++) {
        widths[i] = Math.max(widths[i], width(row.get(i)) + padding);
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      for (int i = 0; i < columns; i++) {
        String cell = row.get(i);
        out.append(cell);
        if (i < columns - 1) {
          out.append(" ".repeat(widths[i] - width(cell)));
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** tabwriter counts runes. */
  private static int width(String cell) {
    return cell.codePointCount(0, cell.length());
  }
}
