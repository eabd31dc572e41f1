package io.hubgate.events;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.annotations.ConnectorAttribute;
import io.smallrye.reactive.messaging.connector.InboundConnector;
import io.smallrye.reactive.messaging.connector.OutboundConnector;
import io.smallrye.reactive.messaging.providers.helpers.MultiUtils;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The embedded default broker: an in-process topic per {@code topic} attribute, each an {@link EventJournal}. An
 * outgoing message is acknowledged once the journal holds it, so that an event that arrives while nobody watches is
 * still there for the live stream ({@code GET /events} reads the journal directly, replaying it on request); incoming
 * channels follow the topic from the time they subscribe. The journal is bounded and in memory: lost on restart, which
 * is why Kafka is the production connector. It is chosen, like Kafka, by configuration alone
 * ({@code connector=hubgate-local}); the test-only in-memory connector is not used in production.
 */
@ApplicationScoped
@Connector(LocalBrokerConnector.NAME)
@ConnectorAttribute(name = "topic", type = "string", direction = ConnectorAttribute.Direction.INCOMING_AND_OUTGOING,
    description = "The in-process topic; defaults to the channel name")
public class LocalBrokerConnector implements InboundConnector, OutboundConnector {

  public static final String NAME = "hubgate-local";

  private final Map<String, EventJournal> topics = new ConcurrentHashMap<>();
  private final EventJournals journals;
  private final Config config;

  LocalBrokerConnector(EventJournals journals, Config config) {
    this.journals = journals;
    this.config = config;
  }

  @Override
  public Flow.Publisher<? extends Message<?>> getPublisher(Config channel) {
    String topic = topic(channel);
    // in-process consumers are fast; one overtaken by the journal is told in the log and carries on
    return journal(topic).readLive(false, null)
        .filter(item -> {
          if (item instanceof JournalGap gap) {
            Log.warnf("Channel %s missed events %d..%d of topic %s: they left the journal before it read them",
                channel.getValue("channel-name", String.class), gap.first(), gap.last(), topic);
            return false;
          }
          return true;
        })
        .map(item -> Message.of(((JournalEntry) item).payload()));
  }

  @Override
  public Flow.Subscriber<? extends Message<?>> getSubscriber(Config channel) {
    EventJournal journal = journal(topic(channel));
    return MultiUtils.via((Multi<Message<?>> messages) -> messages
        .call(message -> {
          journal.append(String.valueOf(message.getPayload()));
          return Uni.createFrom().completionStage(message::ack);
        }));
  }

  /** The journal behind an outgoing channel when this connector serves it (the embedded default), else empty. */
  Optional<EventJournal> journalOfOutgoing(String channel) {
    String prefix = "mp.messaging.outgoing." + channel + ".";
    if (!NAME.equals(config.getOptionalValue(prefix + "connector", String.class).orElse(null))) {
      return Optional.empty();
    }
    return Optional.of(journal(config.getOptionalValue(prefix + "topic", String.class).orElse(channel)));
  }

  private static String topic(Config channel) {
    return channel.getOptionalValue("topic", String.class)
        .orElseGet(() -> channel.getValue("channel-name", String.class));
  }

  private EventJournal journal(String topic) {
    return topics.computeIfAbsent(topic, journals::create);
  }
}
