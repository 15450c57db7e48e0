package dev.kanary.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

  @Test
  void columnsAreTheWidestCellPlusThreeAndTheLastIsNotPadded() {
    String table = new Table(List.of("NAME", "READY", "AGE"))
        .add(List.of("sklearn-iris", "True", "79s"))
        .add(List.of("a", "", "11m"))
        .render();

    assertThat(table).isEqualTo("""
        NAME           READY   AGE
        sklearn-iris   True    79s
        a                      11m
        """);
  }

  @Test
  void anEmptyLastCellLeavesThePaddingBeforeIt() {
    assertThat(new Table(List.of("A", "B")).add(List.of("x", "")).render())
        .isEqualTo("A   B\nx   \n");
  }

  @Test
  void widthsCountCharactersNotBytes() {
    assertThat(new Table(List.of("A", "B")).add(List.of("é", "x")).render())
        .isEqualTo("A   B\né   x\n");
  }

  @Test
  void describeTablesPadByTwo() {
    assertThat(new Table(List.of("Type", "Status"), Table.DESCRIBE_PADDING)
        .add(List.of("Ready", "True")).render())
        .isEqualTo("Type   Status\nReady  True\n");
  }

  @Test
  void aRowMustFillTheColumns() {
    assertThatThrownBy(() -> new Table(List.of("A", "B")).add(List.of("x")))
        .hasMessage("a row of 1 cells in a table of 2 columns: [x]");
  }
}
