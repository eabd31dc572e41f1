package io.hubgate.console;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The operators' console on the management interface ({@code hubgate.console.*}, environment {@code HUBGATE_CONSOLE_*}). */
@ConfigMapping(prefix = "hubgate.console")
public interface ConsoleConfig {

  /**
   * Whether the management interface serves the console at {@code /q/console} (with its snapshot and stream). It is
   * read-only and free of secrets, but shows portal ids and the last events' object ids. Default {@code true}.
   */
  @WithDefault("true")
  boolean enabled();

  /** How often the stream sends a new snapshot to an open console. Default {@code PT1S}. */
  @WithDefault("PT1S")
  Duration refresh();

  /** How many of the last published events a snapshot carries (the replica keeps 50). Default {@code 20}. */
  @WithDefault("20")
  @Min(0)
  @Max(50)
  int recentEvents();

  /** At most this many portals in a snapshot (configured ones first, then those seen in traffic). Default {@code 50}. */
  @WithDefault("50")
  @Min(1)
  int maxPortals();
}
