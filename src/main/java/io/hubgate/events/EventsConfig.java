package io.hubgate.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Positive;

/** Settings of the embedded event broker and the live stream, under {@code hubgate.events}. */
@ConfigMapping(prefix = "hubgate.events")
public interface EventsConfig {

  /** The in-memory journal that holds recent events for the live stream's replay. */
  Journal journal();

  interface Journal {

    /**
     * Events held (the oldest is evicted beyond it): how far back a reconnecting client can catch up, and how far a
     * slow client may fall behind before it is told of a gap and disconnected. About 1 KiB of memory per event.
     * Default {@code 10000}.
     */
    @WithDefault("10000")
    @Positive
    int size();
  }
}
