package io.hubgate.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A benchmark's result: one line of JSON on standard output (what bench/*.sh keep) and in target/bench. */
final class BenchReport {

  private BenchReport() {
  }

  /** Prints {@code json} and writes it to {@code target/bench/NAME.json}; a figure that could not be had is null. */
  static void print(String name, String json) throws IOException {
    String line = json.replace("NaN", "null");
    Files.createDirectories(Path.of("target", "bench"));
    Files.writeString(Path.of("target", "bench", name + ".json"), line + "\n");
    System.out.println(line);
  }
}
