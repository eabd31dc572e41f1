package io.hubgate.writes.messaging;

import java.util.concurrent.CompletionStage;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.hubgate.config.SharedRedis;
import io.hubgate.tracing.Spans;
import io.hubgate.tracing.Tracing;
import io.hubgate.writes.WriteCoalescer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The messaging input: many messages in flight at once (up to {@code max-in-flight}), so that they are coalesced into
 * batches. The method returns as soon as a message has started (or when a slot frees), and each message is
 * acknowledged only after its outcome was published; with Kafka the {@code throttled} commit strategy then commits an
 * offset only when every earlier record of the partition was acknowledged: at least once, nothing lost when a replica
 * dies. A message nacked (its outcome could not be published) fails the channel, and it is redelivered.
 * <p>
 * Each message is processed under its own span ({@link WriteMessageTracing}), which continues the record's
 * {@code traceparent}.
 */
@ApplicationScoped
class WriteMessageConsumer {

  private final WriteMessageProcessor processor;
  private final InFlightGate gate;
  private final WriteMessageTracing tracing;

  WriteMessageConsumer(WriteCoalescer coalescer, WriteOutcomePublisher publisher, WriteMessagesConfig config,
      Instance<Redis> redis, Tracing traces) {
    WriteResultStore store;
    if (SharedRedis.configured()) {
      Log.infof("Write messages: results in Redis for %s", config.resultTtl());
      store = new RedisWriteResultStore(redis.get(), config.resultTtl());
    } else {
      Log.infof("Write messages: results in process (no quarkus.redis.hosts), at most %d for %s",
          config.localMaxResults(), config.resultTtl());
      store = new LocalWriteResultStore(config.localMaxResults(), config.resultTtl(), System::nanoTime);
    }
    this.processor = new WriteMessageProcessor(coalescer::submit, store, publisher, config.publishAttempts());
    this.gate = new InFlightGate(config.maxInFlight());
    this.tracing = new WriteMessageTracing(traces.tracer());
  }

  @Incoming(WritesChannels.HUBSPOT_WRITES)
  CompletionStage<Void> consume(Message<String> message) {
    return gate.acquire().thenRun(() -> processed(message).subscribe().with(
        done -> {
          gate.release();
          message.ack();
        },
        failure -> {
          gate.release();
          Log.errorf("A write message's outcome could not be published; nacked for redelivery: %s", failure.toString());
          message.nack(failure);
        }));
  }

  private Uni<Void> processed(Message<String> message) {
    Context trace = tracing.start(message);
    return Spans.endWith(Span.fromContext(trace), processor.process(message.getPayload(), trace));
  }
}
