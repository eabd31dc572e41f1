package io.hubgate.writes.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.hubgate.tracing.Spans;
import io.hubgate.writes.BatchKey;
import io.hubgate.writes.SingleAnswer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;

/**
 * One message of {@link WritesChannels#HUBSPOT_WRITES}, from its text to a published outcome; the returned
 * {@code Uni} completes only once the outcome is published (the message may then be acknowledged) and fails only when
 * publishing still fails after {@code publishAttempts} (the message must not be acknowledged). Never fails for a
 * message's content: an invalid message, a refused or failed write are outcomes on the dead-letter topic.
 * <p>
 * A message whose id has a stored result is answered from it, not written again. A 2xx result is stored before it is
 * published; a store that fails is logged and the result still published (only a redelivery would then write again).
 * A copy of a message whose id is being processed on this replica waits for the first copy's outcome.
 */
public final class WriteMessageProcessor {

  private final Writes coalescer;
  private final WriteResultStore store;
  private final WriteOutcomeSink sink;
  private final int publishAttempts;
  /** Ids being processed on this replica, so that a second copy waits for the first's outcome. */
  private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

  /** Where a message's write goes: the coalescer, the write's span a child of {@code trace}. */
  @FunctionalInterface
  public interface Writes {
    Uni<SingleAnswer> submit(BatchKey key, JsonObject input, Context trace);
  }

  WriteMessageProcessor(Writes coalescer, WriteResultStore store,
      WriteOutcomeSink sink, int publishAttempts) {
    this.coalescer = coalescer;
    this.store = store;
    this.sink = sink;
    this.publishAttempts = publishAttempts;
  }

  /** With results in Redis ({@code hubgate:writes:result:{<portalId>}:<id>}). */
  public static WriteMessageProcessor redis(Writes coalescer,
      io.vertx.mutiny.redis.client.Redis redis, WriteOutcomeSink sink, Duration resultTtl) {
    return new WriteMessageProcessor(coalescer, new RedisWriteResultStore(redis, resultTtl), sink, 3);
  }

  public Uni<Void> process(String payload) {
    return process(payload, Context.root());
  }

  /**
   * As above, in {@code trace}: its span (the message's processing span) names the message, and the write is
   * coalesced under it.
   */
  Uni<Void> process(String payload, Context trace) {
    WriteMessage message;
    try {
      message = WriteMessage.parse(payload);
    } catch (InvalidWriteMessage invalid) {
      Log.debugf("Write message refused: %s", invalid.getMessage());
      return publish(invalid.id(), WriteOutcome.invalid(invalid.id(), payload, invalid.getMessage()));
    }
    Span span = Span.fromContext(trace);
    if (span.isRecording()) {
      span.setAttribute(Spans.MESSAGE_ID, message.id());
      span.setAttribute(Spans.PORTAL_ID, message.portalId());
    }
    return Uni.createFrom().deferred(() -> {
      String key = message.portalId() + ":" + message.id();
      CompletableFuture<Void> mine = new CompletableFuture<>();
      CompletableFuture<Void> earlier = inFlight.putIfAbsent(key, mine);
      if (earlier != null) {
        // the same id is being processed here (a producer's retry, a redelivery): answer it after the first, from the
        // stored result if that was written
        return Uni.createFrom().completionStage(earlier).flatMap(done -> process(payload, trace));
      }
      return answer(message, trace).onTermination().invoke(() -> {
        inFlight.remove(key, mine);
        mine.complete(null);
      });
    });
  }

  private Uni<Void> answer(WriteMessage message, Context trace) {
    return store.get(message.portalId(), message.id())
        .onFailure().recoverWithItem(failure -> {
          // without the store a redelivery cannot be recognised; the write itself can still be answered
          Log.warnf("Write result store unavailable for message %s of portal %d: %s", message.id(),
              message.portalId(), failure.toString());
          return null;
        })
        .flatMap(stored -> stored != null
            ? publishing(() -> sink.result(message.id(), stored))
            : write(message, trace));
  }

  private Uni<Void> write(WriteMessage message, Context trace) {
    return Uni.createFrom().deferred(() -> coalescer.submit(message.key(), message.input(), trace))
        .map(answer -> WriteOutcome.of(message, answer))
        .onFailure().recoverWithItem(failure -> WriteOutcome.of(message, failure))
        .call(outcome -> outcome.store()
            ? store.put(message.portalId(), message.id(), outcome.json()).onFailure().recoverWithItem(failure -> {
              Log.warnf("Write result of message %s of portal %d not stored: %s", message.id(), message.portalId(),
                  failure.toString());
              return null;
            })
            : Uni.createFrom().voidItem())
        .flatMap(outcome -> publish(message.id(), outcome));
  }

  private Uni<Void> publish(String id, WriteOutcome outcome) {
    return publishing(() -> outcome.deadLetter() ? sink.deadLetter(id, outcome.json()) : sink.result(id, outcome.json()));
  }

  private Uni<Void> publishing(Supplier<Uni<Void>> send) {
    return Uni.createFrom().deferred(send::get)
        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(publishAttempts - 1L);
  }
}
