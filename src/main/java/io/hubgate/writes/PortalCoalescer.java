package io.hubgate.writes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import io.hubgate.ratelimit.PortalBudget;
import io.opentelemetry.context.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.core.json.JsonObject;

/**
 * One portal's coalescer: a bounded queue of inputs (all keys, arrival order) from which batches leave when full, or
 * partial after a linger of quiet with none of their key in flight ({@link #takeReadyBatch}), at most
 * {@code max-in-flight} at a time.
 * <p>
 * Why a hand-made accumulator and not {@code group().intoLists().of(n, linger)}: batches here depend on state the
 * operator cannot see (the key, the conflict rule, the in-flight bound, cancellation of queued inputs, a flush that
 * ignores the linger), and it would still need an overflow buffer and admission control in front (QUARKUS-PATTERNS
 * §7.2). A small state machine under one lock (no I/O under it) does all of that and cannot die of back-pressure.
 * <p>
 * Conflict rule: an input whose record (same id, same {@code idProperty} value, same contact email) already has an
 * input in flight, or an earlier one still queued, is not taken: it waits for a later batch, so one record's writes
 * reach HubSpot in arrival order and never twice in one batch.
 * <p>
 * Saturation: while all batch slots are busy (their calls wait for limiter permits or for HubSpot), queued inputs
 * accumulate, so the next batch leaves full; at low load a lone input waits at most the linger, then its permit.
 */
final class PortalCoalescer {

  /** Runs an action after a delay (Mutiny's timer in production; the tests' may be manual). */
  @FunctionalInterface
  interface Timer {
    void after(Duration delay, Runnable action);

    Timer MUTINY = (delay, action) -> Uni.createFrom().voidItem()
        .onItem().delayIt().by(delay)
        .subscribe().with(ignored -> action.run());
  }

  private final long portalId;
  private final PortalBudget budget;
  private final CoalescingSettings settings;
  private final BatchIsolation isolation;
  private final BatchTracing tracing;
  private final CoalescerListener listener;
  private final Timer timer;
  private final LongSupplier nanoClock;

  // guarded by this
  private final LinkedList<PendingInput> queue = new LinkedList<>();
  private final Map<BatchKey, Integer> queuedPerKey = new HashMap<>();
  private final Set<BatchKey> timersArmed = new HashSet<>();
  private final Set<String> recordsInFlight = new HashSet<>();
  private final Map<BatchKey, Integer> inFlightPerKey = new HashMap<>();
  /** When a key's last batch finished (nanos), kept for one linger: its callers may be about to come back. */
  private final Map<BatchKey, Long> finishedAt = new HashMap<>();
  /** The batches dispatched and not finished, so that shutdown can answer their callers and stop them. */
  private final Set<Batch> flying = new HashSet<>();
  private int inFlight;
  private boolean flushing;
  private boolean closed;
  /** Set at the end of the shutdown grace: nothing more is written to HubSpot. */
  private volatile boolean sendingStopped;
  private CompletableFuture<Void> idle;
  /** Completes once every caller has its answer after a shutdown. */
  private final CompletableFuture<Void> stopped = new CompletableFuture<>();

  PortalCoalescer(long portalId, PortalBudget budget, CoalescingSettings settings, BatchSender sender,
      CoalescerListener listener, Timer timer, LongSupplier nanoClock) {
    this(portalId, budget, settings, sender, listener, timer, nanoClock, BatchTracing.NONE);
  }

  PortalCoalescer(long portalId, PortalBudget budget, CoalescingSettings settings, BatchSender sender,
      CoalescerListener listener, Timer timer, LongSupplier nanoClock, BatchTracing tracing) {
    this.portalId = portalId;
    this.budget = budget;
    this.settings = settings;
    this.tracing = tracing;
    this.isolation = new BatchIsolation(sender, listener, settings.maxIsolationRequests(), new BatchIsolation.WriteCheck() {
      @Override
      public boolean mayWrite(List<PendingInput> inputs) {
        return PortalCoalescer.this.mayWrite(inputs);
      }

      @Override
      public void notActedOn(List<PendingInput> inputs) {
        PortalCoalescer.this.notActedOn(inputs);
      }
    }, tracing);
    this.listener = listener;
    this.timer = timer;
    this.nanoClock = nanoClock;
  }

  /**
   * The caller's answer as HubSpot's single endpoint would give it, or a problem: 429 when the queue is full, 503 when
   * shutting down or when not sent within the caller timeout, 504 when sent but unanswered within it. Cancelling while
   * the input is queued drops it from its batch; after, the write stands.
   */
  Uni<SingleAnswer> submit(BatchKey key, JsonObject input) {
    // captured when subscribed, on the caller's own context: the batch is sent from whichever context dispatches it
    return Uni.createFrom().deferred(() -> submit(key, input, Context.current()));
  }

  /** As above, the caller's span a child of {@code caller}. */
  Uni<SingleAnswer> submit(BatchKey key, JsonObject input, Context caller) {
    return Uni.createFrom().deferred(() -> {
      PendingInput pending = PendingInput.of(key, input, nanoClock.getAsLong());
      pending.span = tracing.caller(key, caller);
      RuntimeException refused = enqueue(List.of(pending));
      if (refused != null) {
        pending.fail(refused);
        return Uni.createFrom().failure(refused);
      }
      dispatchReady();
      return answer(pending).onCancellation().invoke(() -> cancel(pending));
    });
  }

  /**
   * A caller's inputs queued together (all or none: 429 when the queue cannot take them all), each settled on its own:
   * its answer, or its problem (503 not sent, 504 sent but unanswered, ...), in the order of {@code inputs}.
   * Cancelling drops the inputs that have not left.
   */
  Uni<List<CallerBatch.Settled>> submitAll(BatchKey key, List<JsonObject> inputs) {
    return Uni.createFrom().deferred(() -> {
      long now = nanoClock.getAsLong();
      Context caller = Context.current();
      List<PendingInput> pending = inputs.stream().map(input -> PendingInput.of(key, input, now)).toList();
      pending.forEach(p -> p.span = tracing.caller(key, caller));
      RuntimeException refused = enqueue(pending);
      if (refused != null) {
        pending.forEach(p -> p.fail(refused));
        return Uni.createFrom().failure(refused);
      }
      dispatchReady();
      List<Uni<CallerBatch.Settled>> each = pending.stream().map(p -> answer(p)
          .map(answer -> new CallerBatch.Settled(answer, null))
          .onFailure().recoverWithItem(problem -> new CallerBatch.Settled(null, problem))).toList();
      return Uni.join().all(each).andFailFast()
          .onCancellation().invoke(() -> pending.forEach(this::cancel));
    });
  }

  private Uni<SingleAnswer> answer(PendingInput pending) {
    return Uni.createFrom().completionStage(pending.result)
        .ifNoItem().after(settings.callerTimeout()).failWith(() -> timedOut(pending));
  }

  private synchronized RuntimeException enqueue(List<PendingInput> pending) {
    if (closed) {
      return CoalescingProblems.shuttingDown(portalId);
    }
    if (queue.size() + pending.size() > settings.queueCapacity()) {
      listener.rejected(portalId);
      return CoalescingProblems.queueFull(portalId, queue.size(), retryAfter(queue.size()));
    }
    for (PendingInput p : pending) {
      queue.add(p);
      queuedPerKey.merge(p.key, 1, Integer::sum);
    }
    armTimer(pending.get(0).key, settings.linger());
    return null;
  }

  /** The time the budget needs to send what is queued in full batches: depth ÷ batch size requests at L per W. */
  Duration retryAfter(int depth) {
    long requests = (depth + settings.maxBatchSize() - 1) / settings.maxBatchSize();
    long millis = requests * budget.window().toMillis() / budget.burstLimit();
    return Duration.ofMillis(Math.max(1000, millis));
  }

  private RuntimeException timedOut(PendingInput pending) {
    synchronized (this) {
      if (pending.state == PendingInput.State.SENT) {
        return CoalescingProblems.noAnswerInTime(portalId, settings.callerTimeout());
      }
      // queued, or in a batch still waiting for its permit: HubSpot never saw it
    }
    return CoalescingProblems.notSentInTime(portalId, settings.callerTimeout());
  }

  private void cancel(PendingInput pending) {
    synchronized (this) {
      if (pending.state != PendingInput.State.QUEUED || !queue.remove(pending)) {
        return;
      }
      pending.state = PendingInput.State.CANCELLED;
      queuedPerKey.computeIfPresent(pending.key, (k, n) -> n > 1 ? n - 1 : null);
    }
    pending.cancelled();
  }

  private void armTimer(BatchKey key, Duration delay) {
    if (timersArmed.add(key)) {
      timer.after(delay, () -> {
        synchronized (this) {
          timersArmed.remove(key);
        }
        dispatchReady();
      });
    }
  }

  /** Sends every batch that is ready while a slot is free; the lock is released before anything is sent. */
  private void dispatchReady() {
    while (true) {
      Batch batch;
      synchronized (this) {
        batch = inFlight < settings.maxInFlight() && !sendingStopped ? takeReadyBatch() : null;
        if (batch == null) {
          return;
        }
        inFlight++;
        inFlightPerKey.merge(batch.key, 1, Integer::sum);
        flying.add(batch);
      }
      batch.subscription = isolation.settle(batch.key, batch.inputs)
          .subscribe().with(ignored -> finished(batch), failure -> finished(batch));
      if (sendingStopped) {
        batch.subscription.cancel(); // the grace ended while it was subscribing: stopSending may have missed it
      }
    }
  }

  /**
   * Just before a request holding {@code inputs} is written: from now on their outcome is unknown without an answer.
   * False once sending stopped (then the request is not written, and its callers were answered 503).
   */
  private synchronized boolean mayWrite(List<PendingInput> inputs) {
    if (sendingStopped) {
      return false;
    }
    inputs.forEach(p -> {
      if (p.state == PendingInput.State.BATCHED || p.state == PendingInput.State.SENT) {
        p.writes++;
        p.state = PendingInput.State.SENT;
      }
    });
    return true;
  }

  /**
   * An attempt {@link #mayWrite} let through did nothing (HubSpot's 429 or 477, no connection): unless an earlier attempt
   * of theirs has an unknown outcome, the inputs count as never written again (the policy may retry them).
   */
  private synchronized void notActedOn(List<PendingInput> inputs) {
    inputs.forEach(p -> {
      if (p.state == PendingInput.State.SENT && --p.writes == 0) {
        p.state = PendingInput.State.BATCHED;
      }
    });
  }

  private void finished(Batch batch) {
    synchronized (this) {
      flying.remove(batch);
      inFlight--;
      inFlightPerKey.computeIfPresent(batch.key, (k, n) -> n > 1 ? n - 1 : null);
      long now = nanoClock.getAsLong();
      finishedAt.values().removeIf(at -> now - at >= settings.linger().toNanos());
      finishedAt.put(batch.key, now);
      batch.inputs.forEach(p -> {
        if (p.recordKey != null) {
          recordsInFlight.remove(p.recordKey);
        }
      });
      if (closed && queue.isEmpty() && inFlight == 0 && idle != null) {
        idle.complete(null);
      }
    }
    dispatchReady();
  }

  /** A batch dispatched; identity matters (a set of those in flight), so not a record. */
  private static final class Batch {
    final BatchKey key;
    final List<PendingInput> inputs;
    /** Set right after subscribing; cancelling it stops the send (a permit wait, a request, retries). */
    volatile Cancellable subscription;

    Batch(BatchKey key, List<PendingInput> inputs) {
      this.key = key;
      this.inputs = inputs;
    }
  }

  /**
   * The most urgent ready batch, taken out of the queue; null if none. A key is ready when it has a full batch of
   * takeable inputs, or when a partial one may leave (below), or a flush/shutdown asks for everything. Arms the linger
   * timer of keys that keep waiting for it.
   * <p>
   * A partial batch leaves when none of its key is in flight (as Nagle's algorithm holds a small segment while data is
   * unacknowledged) and its key has been quiet for the linger: no input arrived and no batch of the key finished
   * within it; or when its oldest input has waited the max linger. Under load the callers answered by a batch come back
   * while it is quiet for less than the linger, so requests leave full; at low load a lone input leaves after the
   * linger.
   */
  private Batch takeReadyBatch() {
    if (queue.isEmpty()) {
      return null;
    }
    long now = nanoClock.getAsLong();
    Map<BatchKey, Integer> takeable = new LinkedHashMap<>();
    Map<BatchKey, Long> oldest = new HashMap<>();
    Map<BatchKey, Long> newest = new HashMap<>();
    Set<String> blocked = new HashSet<>(recordsInFlight);
    for (PendingInput p : queue) {
      if (p.recordKey == null || !blocked.contains(p.recordKey)) {
        int max = p.key.maxInputs(settings.maxBatchSize());
        int count = takeable.getOrDefault(p.key, 0);
        if (count < max) {
          takeable.put(p.key, count + 1);
          oldest.putIfAbsent(p.key, p.enqueuedNanos);
          newest.put(p.key, p.enqueuedNanos);
        }
      }
      if (p.recordKey != null) {
        blocked.add(p.recordKey); // a later input for this record waits behind this one
      }
    }
    BatchKey chosen = null;
    for (Map.Entry<BatchKey, Integer> e : takeable.entrySet()) {
      BatchKey key = e.getKey();
      boolean full = e.getValue() >= key.maxInputs(settings.maxBatchSize());
      boolean partialMayLeave = !inFlightPerKey.containsKey(key) && now >= partialLeaves(key, oldest, newest);
      if ((full || partialMayLeave || flushing || closed) && (chosen == null || oldest.get(key) < oldest.get(chosen))) {
        chosen = key;
      }
    }
    if (chosen == null) {
      oldest.keySet().forEach(key -> {
        if (!inFlightPerKey.containsKey(key)) { // else its batch in flight dispatches it when done
          armTimer(key, Duration.ofNanos(Math.max(1_000_000, partialLeaves(key, oldest, newest) - now)));
        }
      });
      return null;
    }
    return new Batch(chosen, take(chosen));
  }

  /** When a partial batch of this key may leave: a linger of quiet, at most the max linger after its oldest input. */
  private long partialLeaves(BatchKey key, Map<BatchKey, Long> oldest, Map<BatchKey, Long> newest) {
    Long finished = finishedAt.get(key);
    long quietSince = finished == null ? newest.get(key) : Math.max(newest.get(key), finished);
    return Math.min(quietSince + settings.linger().toNanos(), oldest.get(key) + settings.maxLinger().toNanos());
  }

  private List<PendingInput> take(BatchKey key) {
    int max = key.maxInputs(settings.maxBatchSize());
    List<PendingInput> taken = new ArrayList<>();
    Set<String> blocked = new HashSet<>(recordsInFlight);
    for (Iterator<PendingInput> it = queue.iterator(); it.hasNext() && taken.size() < max; ) {
      PendingInput p = it.next();
      boolean free = p.recordKey == null || !blocked.contains(p.recordKey);
      if (free && p.key.equals(key)) {
        it.remove();
        p.state = PendingInput.State.BATCHED;
        taken.add(p);
        if (p.recordKey != null) {
          recordsInFlight.add(p.recordKey);
        }
      }
      if (p.recordKey != null) {
        blocked.add(p.recordKey);
      }
    }
    queuedPerKey.computeIfPresent(key, (k, n) -> n > taken.size() ? n - taken.size() : null);
    return taken;
  }

  /** Sends everything queued now, without waiting for the linger (still at most max-in-flight at once). */
  void flush() {
    synchronized (this) {
      flushing = true;
    }
    try {
      dispatchReady();
    } finally {
      synchronized (this) {
        flushing = false;
      }
    }
  }

  /**
   * Stops intake (new callers get 503) and sends what is queued within {@code grace}. At its end, or as soon as nothing
   * is queued or in flight, every caller still waiting gets its answer: 503 {@code shutting-down} if its input was
   * never written to HubSpot (queued, or in a batch still waiting for its permit), 504 {@code outcome-unknown} if it
   * was; the batches still in flight are cancelled and nothing more is written. Completes when every caller has its
   * answer. Idempotent.
   */
  Uni<Void> shutdown(Duration grace) {
    boolean first;
    synchronized (this) {
      first = !closed;
      closed = true;
      if (first) {
        idle = new CompletableFuture<>();
        if (queue.isEmpty() && inFlight == 0) {
          idle.complete(null);
        }
      }
    }
    if (first) {
      dispatchReady();
      Uni.createFrom().completionStage(idle)
          .ifNoItem().after(grace).recoverWithItem(() -> null)
          .subscribe().with(ignored -> stopSending());
    }
    return Uni.createFrom().completionStage(stopped);
  }

  private void stopSending() {
    List<PendingInput> unsent = new ArrayList<>();
    List<PendingInput> unanswered = new ArrayList<>();
    List<Batch> stopping;
    synchronized (this) {
      sendingStopped = true;
      unsent.addAll(queue);
      queue.clear();
      queuedPerKey.clear();
      stopping = List.copyOf(flying);
      for (Batch batch : stopping) {
        for (PendingInput p : batch.inputs) {
          if (!p.result.isDone()) {
            (p.state == PendingInput.State.SENT ? unanswered : unsent).add(p);
          }
        }
      }
      unsent.forEach(p -> p.state = PendingInput.State.CANCELLED);
    }
    stopping.forEach(batch -> {
      Cancellable subscription = batch.subscription;
      if (subscription != null) {
        subscription.cancel();
      }
    });
    unsent.forEach(p -> p.fail(CoalescingProblems.shuttingDown(portalId)));
    unanswered.forEach(p -> p.fail(CoalescingProblems.unansweredAtShutdown(portalId)));
    stopped.complete(null);
  }

  synchronized int queued() {
    return queue.size();
  }

  /**
   * Inputs waiting per object type and operation ({@code contacts create}, {@code contacts→companies
   * associate_default}).
   */
  synchronized Map<String, Integer> queuedByOperation() {
    Map<String, Integer> out = new TreeMap<>();
    queuedPerKey.forEach((key, n) -> out.merge(key.objectType()
        + (key.toObjectType() == null ? "" : "→" + key.toObjectType()) + " "
        + key.operation().label(), n, Integer::sum));
    return out;
  }
}
