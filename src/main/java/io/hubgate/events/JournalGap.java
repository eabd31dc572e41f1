package io.hubgate.events;

/** Sequence numbers {@code first..last} (inclusive) a reader missed: they left the journal before it read them. */
record JournalGap(long first, long last) implements JournalItem {
}
