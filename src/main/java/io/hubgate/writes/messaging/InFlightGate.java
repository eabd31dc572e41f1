package io.hubgate.writes.messaging;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Bounds the messages processed at once: {@link #acquire()} completes at once while fewer than {@code max} are, else
 * when one is {@link #release() released} (the slot passes to the waiter).
 */
final class InFlightGate {

  private static final CompletableFuture<Void> OPEN = CompletableFuture.completedFuture(null);

  private final int max;
  private final Queue<CompletableFuture<Void>> waiting = new ArrayDeque<>();
  private int inFlight;

  InFlightGate(int max) {
    this.max = max;
  }

  synchronized CompletionStage<Void> acquire() {
    if (inFlight < max) {
      inFlight++;
      return OPEN;
    }
    CompletableFuture<Void> slot = new CompletableFuture<>();
    waiting.add(slot);
    return slot;
  }

  void release() {
    CompletableFuture<Void> next;
    synchronized (this) {
      next = waiting.poll();
      if (next == null) {
        inFlight--;
        return;
      }
    }
    next.complete(null);
  }

  synchronized int inFlight() {
    return inFlight;
  }
}
