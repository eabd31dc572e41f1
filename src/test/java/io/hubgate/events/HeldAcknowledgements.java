package io.hubgate.events;

import io.hubgate.testsupport.HoldGate;

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

  /** The gate the test arms and releases. */
  public static final HoldGate GATE = new HoldGate();

  @Override
  public ProducerRecord<Object, Object> onSend(ProducerRecord<Object, Object> record) {
    return record;
  }

  @Override
  public void onAcknowledgement(RecordMetadata metadata, Exception exception) {
    if (exception == null) {
      GATE.holdHere();
    }
  }

  @Override
  public void close() {
    GATE.release();
  }

  @Override
  public void configure(Map<String, ?> configs) {
  }
}
