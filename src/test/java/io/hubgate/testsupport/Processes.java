package io.hubgate.testsupport;

import java.util.concurrent.TimeUnit;

/** Stopping processes that tests started. */
final class Processes {

  private Processes() {
  }

  /** Asks the process to stop (SIGTERM, a clean shutdown), then forces it if it has not gone within the grace period. */
  static void stop(Process process, long graceSeconds) {
    process.destroy();
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
