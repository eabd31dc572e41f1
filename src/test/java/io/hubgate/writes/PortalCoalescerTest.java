package io.hubgate.writes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.hubgate.hubspot.HubSpotBatchOperation;
import io.hubgate.hubspot.HubSpotResponse;
import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.Lane;
import io.hubgate.ratelimit.PortalBudget;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.buffer.Buffer;

/** The coalescer without Quarkus or HTTP: a fake HubSpot that answers batch updates, and a manual linger timer. */
class PortalCoalescerTest {

  static final BatchKey UPDATE = BatchKey.write(7, "contacts", HubSpotBatchOperation.UPDATE, Lane.INTERACTIVE);
  static final Duration WAIT = Duration.ofSeconds(5);

  /** Batch update: 200 with every input echoed; a whole-batch 400 without pointers if any input is "bad". */
  final List<List<String>> sent = new CopyOnWriteArrayList<>();
  final List<Runnable> timers = new CopyOnWriteArrayList<>();
  final AtomicInteger isolationRequests = new AtomicInteger();
  final AtomicLong nanos = new AtomicLong();

  final BatchSender hubspot = (key, body, watch, trace) -> Uni.createFrom().item(() -> {
    if (!watch.mayWrite()) {
      throw new IllegalStateException("written after the coalescer stopped sending");
    }
    List<String> ids = new ArrayList<>();
    JsonArray results = new JsonArray();
    boolean bad = false;
    for (Object each : body.getJsonArray("inputs")) {
      JsonObject input = (JsonObject) each;
      ids.add(input.getString("id"));
      bad |= input.getJsonObject("properties").containsKey("bad");
      results.add(new JsonObject().put("id", input.getString("id"))
          .put("objectWriteTraceId", input.getString("objectWriteTraceId"))
          .put("properties", input.getJsonObject("properties")));
    }
    sent.add(ids);
    JsonObject answer = bad
        ? new JsonObject().put("status", "error").put("category", "VALIDATION_ERROR").put("message", "Invalid input")
        : new JsonObject().put("status", "COMPLETE").put("results", results);
    return new HubSpotResponse(bad ? 400 : 200, List.of(), Buffer.buffer(answer.encode()));
  });

  final CoalescerListener listener = new CoalescerListener() {
    @Override
    public void batchSent(long portalId, int inputs, boolean isolation) {
      if (isolation) {
        isolationRequests.incrementAndGet();
      }
    }
  };

  PortalCoalescer coalescer(CoalescingSettings settings, BatchSender sender) {
    return new PortalCoalescer(7, PortalBudget.of(100, 0), settings, sender, listener,
        (delay, action) -> timers.add(action), nanos::get);
  }

  PortalCoalescer coalescer(CoalescingSettings settings) {
    return coalescer(settings, hubspot);
  }

  static JsonObject update(String id, String property) {
    return new JsonObject().put("id", id).put("properties", new JsonObject().put(property, "v"));
  }

  static UniAssertSubscriber<SingleAnswer> subscribe(Uni<SingleAnswer> uni) {
    return uni.subscribe().withSubscriber(UniAssertSubscriber.create());
  }

  void lingerEnds() {
    nanos.addAndGet(Duration.ofHours(2).toNanos());
    List<Runnable> due = new ArrayList<>(timers);
    timers.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void aFullBatchLeavesAtOnceAndEachCallerGetsItsOwnRecord() {
    var c = coalescer(CoalescingSettings.defaults().withLinger(Duration.ofHours(1)));
    List<UniAssertSubscriber<SingleAnswer>> callers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      callers.add(subscribe(c.submit(UPDATE, update(Integer.toString(i), "firstname"))));
    }
    assertEquals(1, sent.size());
    assertEquals(100, sent.get(0).size());
    for (int i = 0; i < 100; i++) {
      SingleAnswer answer = callers.get(i).awaitItem(WAIT).getItem();
      assertEquals(200, answer.status());
      assertEquals(Integer.toString(i), answer.body().getString("id"));
    }
  }

  @Test
  void aLoneInputLeavesWhenTheLingerEnds() {
    var c = coalescer(CoalescingSettings.defaults());
    var caller = subscribe(c.submit(UPDATE, update("1", "firstname")));
    assertEquals(0, sent.size());
    lingerEnds();
    assertEquals(List.of(List.of("1")), sent);
    assertEquals(200, caller.awaitItem(WAIT).getItem().status());
  }

  @Test
  void withoutALingerALoneInputLeavesAtOnceAsInAFunctionServingOneInvocationAtATime() {
    var c = coalescer(CoalescingSettings.defaults().withLinger(Duration.ZERO));
    var caller = subscribe(c.submit(UPDATE, update("1", "firstname")));
    assertEquals(List.of(List.of("1")), sent, "sent within the call, no timer involved");
    assertEquals(200, caller.awaitItem(WAIT).getItem().status());
  }

  @Test
  void aPartialBatchWaitsForItsKeysBatchInFlightAndOneLingerAfterSoThatItFillsMeanwhile() {
    var held = new java.util.concurrent.CompletableFuture<Void>();
    BatchSender slow = (key, body, watch, trace) -> Uni.createFrom().completionStage(held)
        .flatMap(ignored -> hubspot.send(key, body, watch, trace));
    var c = coalescer(CoalescingSettings.defaults(), slow);
    var first = subscribe(c.submit(UPDATE, update("1", "firstname")));
    lingerEnds();
    assertEquals(0, timers.size(), "the first batch is in flight, held by HubSpot");
    List<UniAssertSubscriber<SingleAnswer>> later = new ArrayList<>();
    for (int i = 2; i <= 4; i++) {
      later.add(subscribe(c.submit(UPDATE, update(Integer.toString(i), "firstname"))));
    }
    advance(Duration.ofMillis(60));
    assertEquals(3, c.queued(), "lingered, but its key has a batch in flight: it keeps filling");
    held.complete(null);
    assertEquals(200, first.awaitItem(WAIT).getItem().status());
    assertEquals(3, c.queued(), "one more linger from the batch's end, for the callers it answered to come back");
    advance(Duration.ofMillis(60));
    later.forEach(caller -> assertEquals(200, caller.awaitItem(WAIT).getItem().status()));
    assertEquals(List.of(List.of("1"), List.of("2", "3", "4")), sent);
  }

  /** Moves the clock on and runs the timers armed so far (the coalescer re-checks what is due). */
  void advance(Duration by) {
    nanos.addAndGet(by.toNanos());
    List<Runnable> due = new ArrayList<>(timers);
    timers.clear();
    due.forEach(Runnable::run);
  }

  @Test
  void aPartialBatchLeavesAfterALingerOfQuietOrAtTheMaxLinger() {
    var c = coalescer(CoalescingSettings.defaults()); // linger 50 ms, max linger 500 ms
    subscribe(c.submit(UPDATE, update("1", "firstname")));
    advance(Duration.ofMillis(40));
    subscribe(c.submit(UPDATE, update("2", "firstname")));
    advance(Duration.ofMillis(20));
    assertEquals(0, sent.size(), "the oldest waited 60 ms, but an input came 20 ms ago");
    advance(Duration.ofMillis(30));
    assertEquals(List.of(List.of("1", "2")), sent, "50 ms of quiet");

    // a steady trickle: one input every 40 ms never leaves 50 ms of quiet; the max linger bounds the wait
    int id = 10;
    for (int t = 0; t < 480; t += 40) {
      subscribe(c.submit(UPDATE, update(Integer.toString(id++), "firstname")));
      advance(Duration.ofMillis(40));
    }
    assertEquals(1, sent.size());
    advance(Duration.ofMillis(20));
    assertEquals(2, sent.size(), "left at the max linger");
    assertEquals(12, sent.get(1).size());
  }

  @Test
  void twoWritesToOneRecordGoInSeparateBatchesInOrder() {
    var c = coalescer(CoalescingSettings.defaults());
    var first = subscribe(c.submit(UPDATE, update("42", "firstname")));
    var other = subscribe(c.submit(UPDATE, update("43", "firstname")));
    var second = subscribe(c.submit(UPDATE, update("42", "lastname")));
    c.flush();
    assertEquals(List.of(List.of("42", "43"), List.of("42")), sent);
    assertTrue(first.awaitItem(WAIT).getItem().body().getJsonObject("properties").containsKey("firstname"));
    assertTrue(second.awaitItem(WAIT).getItem().body().getJsonObject("properties").containsKey("lastname"));
    assertEquals(200, other.awaitItem(WAIT).getItem().status());
  }

  @Test
  void oneBadInputIsIsolatedWithinTheBoundAndTheOthersSucceed() {
    var c = coalescer(CoalescingSettings.defaults().withLinger(Duration.ofHours(1)));
    List<UniAssertSubscriber<SingleAnswer>> callers = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      callers.add(subscribe(c.submit(UPDATE, update(Integer.toString(i), i == 37 ? "bad" : "firstname"))));
    }
    for (int i = 0; i < 100; i++) {
      SingleAnswer answer = callers.get(i).awaitItem(WAIT).getItem();
      assertEquals(i == 37 ? 400 : 200, answer.status(), "caller " + i);
    }
    assertEquals(sent.size() - 1, isolationRequests.get());
    assertTrue(isolationRequests.get() <= 2 * 7, "bisection: two requests per halving of 100");
  }

  @Test
  void isolationStopsAtItsBoundWithAProblemNotAnotherCallersError() {
    var c = coalescer(CoalescingSettings.defaults().withLinger(Duration.ofHours(1)).withMaxIsolationRequests(2));
    List<UniAssertSubscriber<SingleAnswer>> callers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      callers.add(subscribe(c.submit(UPDATE, update(Integer.toString(i), i == 0 ? "bad" : "firstname"))));
    }
    c.flush();
    // sent [0..3] rejected; [0,1] rejected (1 extra); [0] alone: its own 400 (2 extra); then the bound
    assertEquals(2, isolationRequests.get());
    assertEquals(400, callers.get(0).awaitItem(WAIT).getItem().status());
    for (int i = 1; i < 4; i++) {
      ProblemException problem = assertInstanceOf(ProblemException.class, callers.get(i).awaitFailure(WAIT).getFailure());
      assertEquals("batch-rejected", problem.slug());
    }
  }

  @Test
  void aFullQueueAnswers429WithRetryAfterFromDepthAndBudget() {
    var c = coalescer(CoalescingSettings.defaults().withQueueCapacity(300).withLinger(Duration.ofHours(1))
        .withMaxInFlight(1), (key, body, watch, trace) -> Uni.createFrom().nothing());
    for (int i = 0; i < 400; i++) {
      subscribe(c.submit(UPDATE, update(Integer.toString(i), "firstname")));
    }
    var refused = subscribe(c.submit(UPDATE, update("x", "firstname")));
    ProblemException problem = assertInstanceOf(ProblemException.class, refused.awaitFailure(WAIT).getFailure());
    assertEquals(429, problem.status());
    // 300 queued = 3 full batches at 100 per 10 s = 0.3 s, rounded up to a second
    assertEquals(c.retryAfter(300), problem.retryAfter().orElseThrow());
    assertEquals(Duration.ofSeconds(1), c.retryAfter(300), "never below a second");
    assertEquals(Duration.ofSeconds(10), c.retryAfter(10_000), "100 full batches at 100 per 10 s");
  }

  @Test
  void aCallerThatCancelsBeforeItsBatchLeftIsDropped() {
    var c = coalescer(CoalescingSettings.defaults());
    var gone = subscribe(c.submit(UPDATE, update("1", "firstname")));
    var stays = subscribe(c.submit(UPDATE, update("2", "firstname")));
    gone.cancel();
    lingerEnds();
    assertEquals(List.of(List.of("2")), sent);
    assertEquals(200, stays.awaitItem(WAIT).getItem().status());
  }

  @Test
  void shutdownSendsWhatItCanAndAnswers503ForTheRest() {
    // HubSpot never answers, and the batch never gets its permit: it is never written
    var c = coalescer(CoalescingSettings.defaults().withMaxInFlight(1).withLinger(Duration.ofHours(1)),
        (key, body, watch, trace) -> Uni.createFrom().nothing());
    var waitingForPermit = subscribe(c.submit(UPDATE, update("1", "firstname")));
    c.flush();
    var queued = subscribe(c.submit(UPDATE, update("2", "firstname")));
    c.shutdown(Duration.ofMillis(50)).await().atMost(WAIT);
    ProblemException problem = assertInstanceOf(ProblemException.class, queued.awaitFailure(WAIT).getFailure());
    assertEquals(503, problem.status());
    assertEquals("shutting-down", problem.slug());
    assertEquals("shutting-down", slug(waitingForPermit), "in a batch, but never written to HubSpot");
    var late = subscribe(c.submit(UPDATE, update("3", "firstname")));
    assertEquals("shutting-down", slug(late));
  }

  @Test
  void atTheGracesEndAWrittenInputGets504AndABatchStillWaitingIsNeverWritten() {
    List<BatchSender.WriteWatch> gates = new CopyOnWriteArrayList<>();
    var c = coalescer(CoalescingSettings.defaults().withMaxInFlight(2).withLinger(Duration.ofHours(1)),
        (key, body, watch, trace) -> {
          gates.add(watch);
          return Uni.createFrom().nothing();
        });
    var written = subscribe(c.submit(UPDATE, update("1", "firstname")));
    c.flush();
    var waiting = subscribe(c.submit(UPDATE, update("2", "firstname")));
    c.flush();
    assertEquals(2, gates.size(), "two batches in flight");
    assertTrue(gates.get(0).mayWrite(), "the first batch got its permit and is written");
    c.shutdown(Duration.ofMillis(50)).await().atMost(WAIT);
    ProblemException unknown = assertInstanceOf(ProblemException.class, written.awaitFailure(WAIT).getFailure());
    assertEquals(504, unknown.status());
    assertEquals("outcome-unknown", unknown.slug());
    assertEquals("shutting-down", slug(waiting));
    assertFalse(gates.get(1).mayWrite(), "a batch whose permit comes after the grace is not written");
  }

  @Test
  void anInputWhoseOnlyWriteHubSpotAnswered429IsNeverWrittenAndGets503AtTheGracesEnd() {
    var c = coalescer(CoalescingSettings.defaults().withLinger(Duration.ofHours(1)), (key, body, watch, trace) -> {
      assertTrue(watch.mayWrite());
      watch.notActedOn(); // HubSpot's 429: the policy waits to retry it
      return Uni.createFrom().nothing();
    });
    var caller = subscribe(c.submit(UPDATE, update("1", "firstname")));
    c.flush();
    c.shutdown(Duration.ofMillis(50)).await().atMost(WAIT);
    assertEquals("shutting-down", slug(caller));
  }

  @Test
  void aRetryAnswered429AfterAnAttemptWithoutAnAnswerStillLeavesTheOutcomeUnknown() {
    var c = coalescer(CoalescingSettings.defaults().withLinger(Duration.ofHours(1)), (key, body, watch, trace) -> {
      assertTrue(watch.mayWrite()); // the first attempt: no answer (an idempotent update is retried)
      assertTrue(watch.mayWrite());
      watch.notActedOn(); // the retry: HubSpot's 429
      return Uni.createFrom().nothing();
    });
    var caller = subscribe(c.submit(UPDATE, update("1", "firstname")));
    c.flush();
    c.shutdown(Duration.ofMillis(50)).await().atMost(WAIT);
    assertEquals("outcome-unknown", slug(caller));
  }

  @Test
  void shutdownEndsAsSoonAsEveryCallerIsAnswered() {
    var c = coalescer(CoalescingSettings.defaults().withLinger(Duration.ofHours(1)));
    var caller = subscribe(c.submit(UPDATE, update("1", "firstname")));
    // an hour's grace: only the answer can end it within WAIT
    c.shutdown(Duration.ofHours(1)).await().atMost(WAIT);
    assertEquals(200, caller.awaitItem(WAIT).getItem().status());
    assertEquals(List.of(List.of("1")), sent, "what was queued left without waiting for the linger");
  }

  @Test
  void aCallerWhoseInputWasSentButUnansweredGets504() {
    var c = coalescer(CoalescingSettings.defaults().withCallerTimeout(Duration.ofMillis(100)),
        (key, body, watch, trace) -> watch.mayWrite() ? Uni.createFrom().nothing() : Uni.createFrom().nullItem());
    var caller = subscribe(c.submit(UPDATE, update("1", "firstname")));
    c.flush();
    assertEquals("outcome-unknown", slug(caller));
  }

  @Test
  void aCallerWhoseBatchNeverGotItsPermitGets503() {
    var c = coalescer(CoalescingSettings.defaults().withCallerTimeout(Duration.ofMillis(100)),
        (key, body, watch, trace) -> Uni.createFrom().nothing());
    var caller = subscribe(c.submit(UPDATE, update("1", "firstname")));
    c.flush();
    assertEquals("not-sent-in-time", slug(caller));
  }

  static String slug(UniAssertSubscriber<SingleAnswer> caller) {
    return assertInstanceOf(ProblemException.class, caller.awaitFailure(WAIT).getFailure()).slug();
  }
}
