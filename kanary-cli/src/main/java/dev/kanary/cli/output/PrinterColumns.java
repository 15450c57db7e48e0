package dev.kanary.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A custom resource's table: NAME, then its printer columns. */
public record PrinterColumns(List<PrinterColumn> columns) implements TableFormat {

  public PrinterColumns {
    columns = List.copyOf(columns);
  }

  public static PrinterColumns of(PrinterColumn... columns) {
    return new PrinterColumns(List.of(columns));
  }

  @Override
  public List<String> headers(boolean wide) {
    List<String> headers = new ArrayList<>(List.of("NAME"));
    shown(wide).forEach(column -> headers.add(column.header()));
    return headers;
  }

  @Override
  public List<String> row(JsonNode object, Instant now, boolean wide) {
    List<String> cells = new ArrayList<>(List.of(object.at("/metadata/name").asText()));
    shown(wide).forEach(column -> cells.add(column.cell(object, now)));
    return cells;
  }

  private List<PrinterColumn> shown(boolean wide) {
    return columns.stream().filter(column -> wide || column.priority() == 0).toList();
  }
}
