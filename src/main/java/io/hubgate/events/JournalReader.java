package io.hubgate.events;

import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One reader's cursor on an {@link EventJournal}, as a Reactive Streams subscription: it emits what is requested, in
 * sequence order, copying entries out of the journal in small batches under the journal's lock and emitting outside
 * it. Requests and appends only schedule a drain; one drain runs at a time (the usual work-in-progress counter).
 */
final class JournalReader implements Flow.Subscription {

  private static final int BATCH = 256;

  private final EventJournal journal;
  private final Flow.Subscriber<? super JournalItem> downstream;
  private final boolean endOnGap;
  private final Executor executor;
  private final AtomicLong requested = new AtomicLong();
  private final AtomicInteger wip = new AtomicInteger();
  private volatile boolean done;

  // touched by the drain only
  private long cursor;
  private JournalGap pendingGap;

  JournalReader(EventJournal journal, Flow.Subscriber<? super JournalItem> downstream, long cursor,
      JournalGap pendingGap, boolean endOnGap, Executor executor) {
    this.journal = journal;
    this.downstream = downstream;
    this.cursor = cursor;
    this.pendingGap = pendingGap;
    this.endOnGap = endOnGap;
    this.executor = executor;
  }

  @Override
  public void request(long n) {
    if (n <= 0) {
      cancel();
      downstream.onError(new IllegalArgumentException("§3.9: a request must be positive"));
      return;
    }
    requested.getAndAccumulate(n, (current, add) -> current + add < 0 ? Long.MAX_VALUE : current + add);
    if (wip.getAndIncrement() == 0) {
      drain();
    }
  }

  @Override
  public void cancel() {
    done = true;
    journal.remove(this);
  }

  /** An append happened: drain on the reader's executor, so that the appending thread only pays for the hand-off. */
  void signal() {
    if (done || requested.get() == 0) {
      return; // the next request drains
    }
    if (wip.getAndIncrement() == 0) {
      if (executor == null) {
        drain();
      } else {
        executor.execute(this::drain);
      }
    }
  }

  private void drain() {
    int missed = 1;
    do {
      long wanted = requested.get();
      long emitted = 0;
      while (emitted != wanted && !done) {
        if (pendingGap != null) {
          JournalGap gap = pendingGap;
          pendingGap = null;
          downstream.onNext(gap);
          emitted++;
          continue;
        }
        List<JournalEntry> batch = journal.after(cursor, (int) Math.min(wanted - emitted, BATCH));
        if (batch.isEmpty()) {
          break;
        }
        long first = batch.get(0).sequence();
        if (first != cursor + 1) {
          JournalGap gap = new JournalGap(cursor + 1, first - 1);
          cursor = first - 1;
          if (endOnGap) {
            done = true;
            journal.remove(this);
            downstream.onNext(gap);
            downstream.onComplete();
            return;
          }
          pendingGap = gap;
          continue;
        }
        for (JournalEntry entry : batch) {
          if (done) {
            return;
          }
          cursor = entry.sequence();
          downstream.onNext(entry);
          emitted++;
        }
      }
      if (emitted != 0 && wanted != Long.MAX_VALUE) {
        requested.addAndGet(-emitted);
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }
}
