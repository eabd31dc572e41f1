package io.hubgate.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The benchmarks' {@code --name value} options. */
final class BenchArgs {

  private BenchArgs() {
  }

  /** Each {@code --name value} pair as {@code name → value}. */
  static Map<String, String> parse(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return options;
  }

  /** An integer option, or {@code fallback} when it is not given. */
  static int integer(Map<String, String> options, String name, int fallback) {
    String value = options.get(name);
    return value == null ? fallback : Integer.parseInt(value);
  }

  /** An option in whole seconds, or {@code fallback} seconds when it is not given. */
  static Duration seconds(Map<String, String> options, String name, long fallback) {
    String value = options.get(name);
    return Duration.ofSeconds(value == null ? fallback : Long.parseLong(value));
  }
}
