package io.hubgate.events;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Creates the journals with their size from {@link EventsConfig} and their metrics: {@code hubgate_events_journal_size},
 * {@code hubgate_events_journal_evicted_total} and {@code hubgate_events_journal_evicted_unread_total} (evicted before
 * any stream client read them), tagged with the journal's name.
 */
@ApplicationScoped
class EventJournals {

  private final int size;
  private final Clock clock;
  private final MeterRegistry registry;

  EventJournals(EventsConfig config, Clock clock, MeterRegistry registry) {
    this.size = config.journal().size();
    this.clock = clock;
    this.registry = registry;
  }

  /**
   * A new journal. Its sequence numbers start at the current time in microseconds, so that the ids a client saw before
   * a restart are older than any after it: its reconnect is told of a gap rather than skipping new events.
   */
  EventJournal create(String name) {
    EventJournal journal = new EventJournal(size, TimeUnit.MILLISECONDS.toMicros(clock.millis()));
    Gauge.builder("hubgate.events.journal.size", journal, EventJournal::size)
        .description("Events held in the in-memory journal").tag("journal", name).strongReference(true)
        .register(registry);
    FunctionCounter.builder("hubgate.events.journal.evicted", journal, EventJournal::evicted)
        .description("Events evicted from the full journal").tag("journal", name).register(registry);
    FunctionCounter.builder("hubgate.events.journal.evicted.unread", journal, EventJournal::evictedUnread)
        .description("Events evicted from the journal before any stream client read them").tag("journal", name)
        .register(registry);
    return journal;
  }
}
