package io.hubgate.testsupport;

import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) inside the test JVM, from Kafka's own test kit: no
 * Docker, no mock. Ports are free ports chosen by the kit; the broker can be stopped and restarted on the same port to
 * test outages. Pitfalls handled (shared/KAFKA-IN-TESTS.md): stable metadata version, short broker session for fast
 * re-registration after a restart.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

  private static volatile KafkaClusterTestKit cluster;
  private Map<String, String> brokerConfig = Map.of();

  /** Init args are extra broker settings (e.g. {@code authorizer.class.name}). */
  @Override
  public void init(Map<String, String> initArgs) {
    brokerConfig = Map.copyOf(initArgs);
  }

  @Override
  public Map<String, String> start() {
    cluster = startCluster(brokerConfig);
    return Map.of("kafka.bootstrap.servers", cluster.bootstrapServers());
  }

  /** Starts a single-node cluster; the caller closes it. */
  public static KafkaClusterTestKit startCluster() {
    return startCluster(Map.of());
  }

  /** Starts a single-node cluster with extra broker settings; the caller closes it. */
  public static KafkaClusterTestKit startCluster(Map<String, String> brokerConfig) {
    try {
      TestKitNodes nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          .build();
      var builder = new KafkaClusterTestKit.Builder(nodes)
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("num.partitions", "3")
          .setConfigProp("auto.create.topics.enable", "true")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .setConfigProp("broker.session.timeout.ms", "3000")
          .setConfigProp("broker.heartbeat.interval.ms", "500");
      brokerConfig.forEach(builder::setConfigProp);
      var kit = builder.build();
      kit.format();
      kit.startup();
      kit.waitForReadyBrokers();
      return kit;
    } catch (Exception e) {
      throw new IllegalStateException("Kafka test broker failed to start", e);
    }
  }

  @Override
  public void stop() {
    if (cluster != null) {
      try {
        cluster.close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        cluster = null;
      }
    }
  }

  public static String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** An outage: the broker's port closes, the controller keeps running. */
  public static void stopBroker() {
    cluster.brokers().values().forEach(b -> b.shutdown());
  }

  /** The broker returns on the same port. */
  public static void startBroker() throws Exception {
    cluster.brokers().values().forEach(b -> b.startup());
    cluster.waitForReadyBrokers();
  }
}
