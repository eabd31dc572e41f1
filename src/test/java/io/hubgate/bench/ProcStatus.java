package io.hubgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** What Linux says of a process and of the machine (/proc), and the median the benchmarks report. */
final class ProcStatus {

  private ProcStatus() {
  }

  /** A field of /proc/PID/status in MiB (VmRSS: resident now; VmHWM: the peak so far); -1 once the process is gone. */
  static long megabytes(long pid, String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        }
      }
    } catch (IOException gone) {
      // the process exited between two samples
    }
    return -1;
  }

  /** The 1, 5 and 15-minute load averages: how busy the shared machine was around a run. */
  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
