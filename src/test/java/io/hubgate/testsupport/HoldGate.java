package io.hubgate.testsupport;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds a thread of the system under test at a chosen point until the test releases it (or a minute passed): armed by
 * the test, inert otherwise. The test can wait until something is actually being held.
 */
public final class HoldGate {

  private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);
  private final AtomicReference<CountDownLatch> armed = new AtomicReference<>();
  private volatile CountDownLatch holding = new CountDownLatch(1);

  /** Holds the threads that reach {@link #holdHere()} from now until {@link #release()}. */
  public void arm() {
    holding = new CountDownLatch(1);
    armed.set(new CountDownLatch(1));
  }

  public boolean isArmed() {
    return armed.get() != null;
  }

  /** Whether a thread is being held (waits for one at most {@code wait}). */
  public boolean awaitHolding(Duration wait) throws InterruptedException {
    return holding.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public void release() {
    CountDownLatch latch = armed.getAndSet(null);
    if (latch != null) {
      latch.countDown();
    }
  }

  /** Called by the system under test: blocks while armed. */
  public void holdHere() {
    CountDownLatch latch = armed.get();
    if (latch == null) {
      return;
    }
    holding.countDown();
    try {
      latch.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
