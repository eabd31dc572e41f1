package io.hubgate.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.helpers.test.AssertSubscriber;

/** The journal's contract without Quarkus: sequences, eviction counts, replay, hand-over to live, gaps. */
class EventJournalTest {

  private static List<Long> sequences(AssertSubscriber<JournalItem> reader) {
    return reader.getItems().stream().filter(JournalEntry.class::isInstance)
        .map(item -> ((JournalEntry) item).sequence()).toList();
  }

  private static List<Long> range(long first, long last) {
    return LongStream.rangeClosed(first, last).boxed().toList();
  }

  @Test
  void numbersEventsInOrderAndEvictsTheOldestWhenFull() {
    EventJournal journal = new EventJournal(3, 100);
    for (int i = 0; i < 5; i++) {
      assertEquals(100 + i, journal.append("e" + i));
    }
    assertEquals(3, journal.size());
    assertEquals(102, journal.oldest());
    assertEquals(104, journal.newest());
    assertEquals(2, journal.evicted());
    assertEquals(2, journal.evictedUnread());
    assertEquals(List.of("e2", "e3", "e4"), journal.after(0, 10).stream().map(JournalEntry::payload).toList());
  }

  @Test
  void countsOnlyEntriesNoReaderMarkedAsEvictedUnread() {
    EventJournal journal = new EventJournal(2, 0);
    journal.append("read");
    journal.append("unread");
    journal.after(-1, 1).get(0).markRead();
    journal.append("a");
    journal.append("b");
    assertEquals(2, journal.evicted());
    assertEquals(1, journal.evictedUnread());
  }

  @Test
  void refusesAnEmptyJournal() {
    assertThrows(IllegalArgumentException.class, () -> new EventJournal(0, 0));
  }

  @Test
  void replaysFromTheStartThenHandsOverToLiveWithoutGapOrDuplicate() {
    EventJournal journal = new EventJournal(100, 1);
    for (int i = 0; i < 10; i++) {
      journal.append("old");
    }
    AssertSubscriber<JournalItem> reader = journal.readFromStart(null).subscribe().withSubscriber(AssertSubscriber.create(4));
    assertEquals(range(1, 4), sequences(reader));
    for (int i = 0; i < 5; i++) {
      journal.append("during the replay");
    }
    reader.request(100);
    journal.append("live");
    assertEquals(range(1, 16), sequences(reader));
    reader.assertNotTerminated();
  }

  @Test
  void resumesAfterTheLastSeenIdWithExactlyTheMissedEntries() {
    EventJournal journal = new EventJournal(100, 1);
    for (int i = 0; i < 10; i++) {
      journal.append("e");
    }
    AssertSubscriber<JournalItem> reader = journal.readAfter(7, true, null).subscribe()
        .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    assertEquals(range(8, 10), sequences(reader));
  }

  @Test
  void tellsAReaderResumingBeforeTheOldestEntryOfTheGapThenReplaysWhatIsHeld() {
    EventJournal journal = new EventJournal(3, 0);
    for (int i = 0; i < 6; i++) {
      journal.append("e");
    }
    AssertSubscriber<JournalItem> reader = journal.readAfter(0, true, null).subscribe()
        .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    assertEquals(new JournalGap(1, 2), reader.getItems().get(0));
    assertEquals(range(3, 5), sequences(reader));
    journal.append("live");
    assertEquals(range(3, 6), sequences(reader));
    reader.assertNotTerminated();
  }

  @Test
  void readsFromNowWhenTheLastSeenIdIsBeyondTheNewest() {
    EventJournal journal = new EventJournal(3, 0);
    journal.append("e");
    AssertSubscriber<JournalItem> reader = journal.readAfter(50, true, null).subscribe()
        .withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
    journal.append("next");
    assertEquals(List.of(1L), sequences(reader));
  }

  @Test
  void endsAReaderOvertakenByEvictionWithTheGap() {
    EventJournal journal = new EventJournal(3, 0);
    AssertSubscriber<JournalItem> reader = journal.readLive(true, null).subscribe().withSubscriber(AssertSubscriber.create(1));
    journal.append("read");
    for (int i = 0; i < 5; i++) {
      journal.append("too many while the reader asks for nothing");
    }
    reader.request(10);
    assertEquals(2, reader.getItems().size());
    assertEquals(new JournalGap(1, 2), reader.getItems().get(1));
    reader.assertCompleted();
    journal.append("after");
    assertEquals(2, reader.getItems().size(), "an ended reader is no longer woken");
  }

  @Test
  void letsAChannelReaderSkipAheadAfterAGap() {
    EventJournal journal = new EventJournal(2, 0);
    AssertSubscriber<JournalItem> reader = journal.readLive(false, null).subscribe().withSubscriber(AssertSubscriber.create(0));
    for (int i = 0; i < 4; i++) {
      journal.append("e");
    }
    reader.request(10);
    assertInstanceOf(JournalGap.class, reader.getItems().get(0));
    assertEquals(new JournalGap(0, 1), reader.getItems().get(0));
    assertEquals(range(2, 3), sequences(reader));
    reader.assertNotTerminated();
  }

  @Test
  void aReaderSeesEveryEntryOnceInOrderWhileAnotherThreadAppends() throws Exception {
    EventJournal journal = new EventJournal(100_000, 0);
    int events = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      AssertSubscriber<JournalItem> reader = journal.readLive(true, pool).subscribe().withSubscriber(AssertSubscriber.create(0));
      Future<?> appender = pool.submit(() -> {
        for (int i = 0; i < events; i++) {
          journal.append("e");
        }
      });
      for (int i = 0; i < events / 100; i++) {
        reader.request(100);
      }
      appender.get();
      reader.awaitItems(events, Duration.ofSeconds(30));
      assertEquals(range(0, events - 1), sequences(reader));
    } finally {
      pool.shutdownNow();
    }
  }
}
