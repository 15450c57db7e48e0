package dev.kanary.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What Linux says about a process, from /proc. RSS counts shared pages in every process that maps
 * them, so the RSS of many copies of one program overstates what they take together; PSS divides
 * each shared page among its users and adds up honestly.
 *
 * @param rssKib VmRSS
 * @param peakRssKib VmHWM, the highest RSS so far
 * @param pssKib Pss from smaps_rollup
 * @param threads the thread count
 * @param cpuTicks user + system time in clock ticks (USER_HZ, 100 a second on Linux)
 */
record ProcStats(long rssKib, long peakRssKib, long pssKib, long threads, long cpuTicks) {
  static final ProcStats NONE = new ProcStats(0, 0, 0, 0, 0);
  static final double TICKS_PER_SECOND = 100;

  /** Empty when the process is gone. */
  static Optional<ProcStats> of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      List<String> status = Files.readAllLines(proc.resolve("status"));
      long pss = field(Files.readAllLines(proc.resolve("smaps_rollup")), "Pss:");
      long ticks = ticksOf(Files.readString(proc.resolve("stat")));
      return Optional.of(new ProcStats(field(status, "VmRSS:"), field(status, "VmHWM:"), pss,
          field(status, "Threads:"), ticks));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * CPU ticks so far of a process's threads, by name: the kernel's 15-character name with its
   * trailing number dropped, so that a pool's threads add up ("revision-worker", "GC Thread").
   */
  static Map<String, Long> threadTicks(long pid) {
    Map<String, Long> ticks = new TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
              .replaceAll("[-#]?[0-9]+$", "");
          ticks.merge(name, ticksOf(stat), Long::sum);
        } catch (IOException e) {
          // The thread ended in the meantime.
        }
      }
    } catch (IOException e) {
      // The process is gone.
    }
    return ticks;
  }

  static ProcStats sum(Collection<ProcessHandle> processes) {
    return processes.stream()
        .map(p -> of(p.pid()).orElse(NONE))
        .reduce(NONE, ProcStats::plus);
  }

  ProcStats plus(ProcStats other) {
    return new ProcStats(rssKib + other.rssKib, peakRssKib + other.peakRssKib,
        pssKib + other.pssKib, threads + other.threads, cpuTicks + other.cpuTicks);
  }

  /** The 1, 5 and 15 minute load averages: how busy the shared machine was. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return String.join(" ", fields[0], fields[1], fields[2]);
    } catch (IOException e) {
      return "?";
    }
  }

  static String mib(long kib) {
    return String.format("%.1f MiB", kib / 1024.0);
  }

  /** utime + stime of a /proc stat line: its 14th and 15th fields. */
  private static long ticksOf(String stat) {
    // Counted after the name, which is in parentheses and may hold spaces.
    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(rest[11]) + Long.parseLong(rest[12]);
  }

  private static long field(List<String> lines, String name) {
    return lines.stream()
        .filter(line -> line.startsWith(name))
        .map(line -> line.substring(name.length()).strip().split("\\s+")[0])
        .mapToLong(Long::parseLong)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + name + " in /proc"));
  }
}
