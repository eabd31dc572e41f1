package io.hubgate.events;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.ProducerInterceptor;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A late acknowledgement, as a stalled producer network thread gives one: once armed, the next acknowledgement the broker
 * sends is held in the gateway's own Kafka producer (its network thread waits here) until the test releases it. The
 * record is on the broker already; only its acknowledgement is late. Inert unless armed.
 */
public class HeldAcknowledgements implements ProducerInterceptor<Object, Object> {

  private static final Duration LONGEST_HOLD = Duration.ofSeconds(60);
  private static final AtomicReference<CountDownLatch> armed = new AtomicReference<>();
  private static volatile CountDownLatch holding = new CountDownLatch(1);

  /** Holds the next successful acknowledgement until {@link #release()}. */
  public static void arm() {
    holding = new CountDownLatch(1);
    armed.set(new CountDownLatch(1));
  }

  /** Whether an acknowledgement is being held (waits for it at most {@code wait}). */
  public static boolean awaitHolding(Duration wait) throws InterruptedException {
    return holding.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public static void release() {
    CountDownLatch latch = armed.getAndSet(null);
    if (latch != null) {
      latch.countDown();
    }
  }

  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    CountDownLatch latch = armed.get();
    if (latch == null || exception != null) {
      return;
    }
    holding.countDown();
    try {
      latch.await(LONGEST_HOLD.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    release();
  }

  @Override
  public void configure(Map<String, ?> configs) {
  }
}
