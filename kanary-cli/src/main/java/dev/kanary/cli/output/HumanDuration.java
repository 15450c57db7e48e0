package dev.kanary.cli.output;

import java.time.Duration;

/**
 * kubectl's AGE: Kubernetes' {@code duration.HumanDuration}, which gives two units while the
 * larger one is small (3m10s, 3h5m, 2d3h, 2y1d) and one after that (70m, 47h, 367d).
 */
public final class HumanDuration {

  private HumanDuration() {}

  public static String format(Duration duration) {
    // Go truncates toward zero; a second or less in the future reads as now (clock skew).
    long seconds = duration.getSeconds()
        + (duration.isNegative() && duration.getNano() > 0 ? 1 : 0);
    if (seconds < -1) {
      return "<invalid>";
    }
    if (seconds < 0) {
      return "0s";
    }
    if (seconds < 60 * 2) {
      return seconds + "s";
    }
    long minutes = seconds / 60;
    if (minutes < 10) {
      return twoUnits(minutes, "m", seconds % 60, "s");
    }
    if (minutes < 60 * 3) {
      return minutes + "m";
    }
    long hours = minutes / 60;
    if (hours < 8) {
      return twoUnits(hours, "h", minutes % 60, "m");
    }
    if (hours < 48) {
      return hours + "h";
    }
    long days = hours / 24;
    if (hours < 24 * 8) {
      return twoUnits(days, "d", hours % 24, "h");
    }
    if (hours < 24 * 365 * 2) {
      return days + "d";
    }
    long years = days / 365;
    if (hours < 24 * 365 * 8) {
      return twoUnits(years, "y", days % 365, "d");
    }
    return years + "y";
  }

  private static String twoUnits(long big, String bigUnit, long small, String smallUnit) {
    return small == 0 ? big + bigUnit : big + bigUnit + small + smallUnit;
  }
}
