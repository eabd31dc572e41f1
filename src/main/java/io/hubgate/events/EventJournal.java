package io.hubgate.events;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import io.smallrye.mutiny.Multi;

/**
 * A bounded, in-memory journal of events: each appended event gets the next sequence number and is held until
 * {@code capacity} newer ones push it out (oldest first). Readers follow the journal with a cursor of their own, so a
 * reader that connects late replays what is still held, and a slow reader costs no memory beyond the journal itself.
 *
 * <p>Contract: sequence numbers increase by one per append, starting at {@code firstSequence}; a reader sees every held
 * entry after its start position exactly once and in order, and, where entries it had not read were evicted, a
 * {@link JournalGap} naming them. Appending is O(1) under a lock that is never held while a reader emits.
 */
final class EventJournal {

  private final JournalEntry[] ring;
  private final List<JournalReader> readers = new CopyOnWriteArrayList<>();

  // guarded by this
  private long next;
  private long oldest;
  private long evicted;
  private long evictedUnread;

  EventJournal(int capacity, long firstSequence) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("A journal holds at least one event");
    }
    this.ring = new JournalEntry[capacity];
    this.next = firstSequence;
    this.oldest = firstSequence;
  }

  /** Holds the event (evicting the oldest when full), wakes the readers, and returns its sequence number. */
  long append(String payload) {
    long sequence;
    synchronized (this) {
      sequence = next++;
      int slot = slot(sequence);
      JournalEntry old = ring[slot];
      if (old != null) {
        evicted++;
        if (!old.read()) {
          evictedUnread++;
        }
        oldest = old.sequence() + 1;
      }
      ring[slot] = new JournalEntry(sequence, payload);
    }
    for (JournalReader reader : readers) {
      reader.signal();
    }
    return sequence;
  }

  /**
   * The entries after {@code cursor}, at most {@code max}, starting at the oldest held entry when entries after the
   * cursor were evicted (the caller sees the gap in the first sequence number).
   */
  synchronized List<JournalEntry> after(long cursor, int max) {
    long from = Math.max(cursor + 1, oldest);
    int count = (int) Math.min(max, next - from);
    if (count <= 0) {
      return List.of();
    }
    List<JournalEntry> entries = new ArrayList<>(count);
    for (long s = from; s < from + count; s++) {
      entries.add(ring[slot(s)]);
    }
    return entries;
  }

  /** Events held now. */
  synchronized int size() {
    return (int) (next - oldest);
  }

  synchronized long evicted() {
    return evicted;
  }

  /** Events evicted before any stream client read them. */
  synchronized long evictedUnread() {
    return evictedUnread;
  }

  /** The sequence number of the newest event; one less than the first sequence while empty. */
  synchronized long newest() {
    return next - 1;
  }

  /** The sequence number of the oldest event held; the next sequence number while empty. */
  synchronized long oldest() {
    return oldest;
  }

  /**
   * Every entry after {@code lastSeen}. When entries after it were evicted already, a {@link JournalGap} naming them
   * comes first and the entries from the oldest held follow; a position beyond the newest entry reads from now. Later
   * evictions of unread entries end the stream with a gap when {@code endOnGap}, else the reader skips ahead after it.
   * Emissions run on {@code executor} when an append wakes the reader (null: on the appending thread).
   */
  Multi<JournalItem> readAfter(long lastSeen, boolean endOnGap, Executor executor) {
    return Multi.createFrom().publisher(subscriber -> {
      JournalGap missed = null;
      long cursor;
      synchronized (this) {
        if (lastSeen >= next) {
          cursor = next - 1;
        } else if (lastSeen + 1 < oldest) {
          missed = new JournalGap(lastSeen + 1, oldest - 1);
          cursor = oldest - 1;
        } else {
          cursor = lastSeen;
        }
      }
      JournalReader reader = new JournalReader(this, subscriber, cursor, missed, endOnGap, executor);
      readers.add(reader);
      subscriber.onSubscribe(reader);
    });
  }

  /** Every entry held, oldest first, then the live ones. */
  Multi<JournalItem> readFromStart(Executor executor) {
    return Multi.createFrom().deferred(() -> readAfter(oldest() - 1, true, executor));
  }

  /** The entries appended from now on. */
  Multi<JournalItem> readLive(boolean endOnGap, Executor executor) {
    return Multi.createFrom().deferred(() -> readAfter(newest(), endOnGap, executor));
  }

  void remove(JournalReader reader) {
    readers.remove(reader);
  }

  private int slot(long sequence) {
    return (int) Math.floorMod(sequence, (long) ring.length);
  }
}
