package io.hubgate.events;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.smallrye.reactive.messaging.annotations.ConnectorAttribute;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;
import io.smallrye.reactive.messaging.providers.helpers.MultiUtils;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The embedded default broker: an in-process topic per {@code topic} attribute. Outgoing messages are handed to the
 * topic's current subscribers (each buffering what it has not consumed yet) and acknowledged once handed over; incoming
 * channels subscribe to a topic. Nothing is stored for later subscribers: it exists so that a single gateway without Kafka streams its events live ({@code GET /events}). It is chosen,
 * like Kafka, by configuration alone ({@code connector=hubgate-local}); the test-only in-memory connector is not used in
 * production.
 */
@ApplicationScoped
@Connector(LocalBrokerConnector.NAME)
@ConnectorAttribute(name = "topic", type = "string", direction = ConnectorAttribute.Direction.INCOMING_AND_OUTGOING,
    description = "The in-process topic; defaults to the channel name")
public class LocalBrokerConnector implements InboundConnector, OutboundConnector {

  public static final String NAME = "hubgate-local";

  private final Map<String, BroadcastProcessor<String>> topics = new ConcurrentHashMap<>();

  @Override
  public Flow.Publisher<? extends Message<?>> getPublisher(Config config) {
    // in-process consumers must not lose events: each buffers what it has not requested yet
    return topic(config).onOverflow().bufferUnconditionally().map(Message::of);
  }

  @Override
  public Flow.Subscriber<? extends Message<?>> getSubscriber(Config config) {
    BroadcastProcessor<String> topic = topic(config);
    return MultiUtils.via((Multi<Message<?>> messages) -> messages
        .call(message -> {
          synchronized (topic) { // emitters on several event loops; a processor needs serial onNext
            topic.onNext(String.valueOf(message.getPayload()));
          }
          return Uni.createFrom().completionStage(message::ack);
        }));
  }

  private BroadcastProcessor<String> topic(Config config) {
    String name = config.getOptionalValue("topic", String.class)
        .orElseGet(() -> config.getValue("channel-name", String.class));
    return topics.computeIfAbsent(name, n -> BroadcastProcessor.create());
  }
}
