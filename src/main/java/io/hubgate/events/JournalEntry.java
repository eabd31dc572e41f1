package io.hubgate.events;

/** One event held by an {@link EventJournal}, under its sequence number (the SSE id of the live stream). */
final class JournalEntry implements JournalItem {

  private final long sequence;
  private final String payload;
  // written by stream readers, read when the entry is evicted: counts events nobody saw
  private volatile boolean read;

  JournalEntry(long sequence, String payload) {
    this.sequence = sequence;
    this.payload = payload;
  }

  long sequence() {
    return sequence;
  }

  String payload() {
    return payload;
  }

  /** Marks the entry as handed to a client; checked first, so that readers of a read entry do not contend on it. */
  void markRead() {
    if (!read) {
      read = true;
    }
  }

  boolean read() {
    return read;
  }
}
