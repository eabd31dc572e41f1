package io.hubgate.writes.messaging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.hubgate.simulator.HubSpotSimulator;
import io.hubgate.testsupport.HubSpotSimulatorResource;
import io.hubgate.testsupport.KafkaBrokerResource;
import io.hubgate.testsupport.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/**
 * The messaging input as deployed: the {@code kafka} profile against a real broker (KRaft, in the test JVM), results
 * in a real Redis, the simulator as HubSpot. Topics are read whole from the beginning to count records.
 */
@QuarkusTest
@TestProfile(WriteMessagesKafkaTest.KafkaWithSimulator.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RedisResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WriteMessagesKafkaTest {

  static final long PORTAL = 201;
  static final String CREATE = "/crm/v3/objects/contacts/batch/create";
  static final Duration WAIT = Duration.ofSeconds(60);

  public static class KafkaWithSimulator implements QuarkusTestProfile {
    @Override
    public String getConfigProfile() {
      return "kafka,test";
    }

    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "hubgate.portals.\"201\".access-token", "pat-na1-201",
          "hubgate.portals.\"201\".app-id", "1201",
          "hubgate.coalescing.linger", "PT0.2S");
    }

    @Override
    public List<TestResourceEntry> testResources() {
      return List.of(new TestResourceEntry(HubSpotSimulatorResource.class));
    }
  }

  HubSpotSimulator sim;

  @BeforeEach
  void portal() {
    sim = HubSpotSimulatorResource.simulator();
    if (sim.portals().find(PORTAL).isEmpty()) {
      sim.portals().add(PORTAL).burstLimit(100);
      sim.portals().privateAppToken(PORTAL, "pat-na1-201", 1201);
    }
    sim.faults().clear();
  }

  static String create(String id, String email) {
    return new JsonObject().put("id", id).put("portalId", PORTAL).put("operation", "create")
        .put("objectType", "contacts")
        .put("input", new JsonObject().put("properties", new JsonObject().put("email", email))).encode();
  }

  long creates() {
    return sim.requestLog().entries(e -> e.path().equals(CREATE)).size();
  }

  @Test
  @Order(1)
  void twoHundredMessagesGetTwoHundredResultsKeyedByTheirIdsFromAFewBatches() {
    List<String> messages = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      messages.add(create("k-" + i, "kafka" + i + "@example.com"));
    }
    produce(messages);

    await().atMost(WAIT).until(() -> records(WritesChannels.HUBSPOT_WRITE_RESULTS).size() >= 200);
    List<ConsumerRecord<String, String>> results = records(WritesChannels.HUBSPOT_WRITE_RESULTS);
    assertEquals(200, results.size(), "one result per message");
    Set<String> recordIds = new HashSet<>();
    for (var record : results) {
      JsonObject result = new JsonObject(record.value());
      assertEquals(record.key(), result.getString("id"), "keyed by the caller's id");
      assertEquals(201, result.getInteger("status"));
      String n = record.key().substring("k-".length());
      assertEquals("kafka" + n + "@example.com",
          result.getJsonObject("body").getJsonObject("properties").getString("email"));
      recordIds.add(result.getJsonObject("body").getString("id"));
    }
    assertEquals(200, recordIds.size());
    assertTrue(creates() <= 6, "200 messages in " + creates() + " batch requests");
    assertEquals(0, records(WritesChannels.HUBSPOT_WRITES_DLQ).size());
  }

  @Test
  @Order(2)
  void theRecordsOwnConflictIsItsResult() {
    sim.crm(PORTAL).seed("contacts", Map.of("email", "kafka-taken@example.com"));
    produce(List.of(create("k-taken", "kafka-taken@example.com")));

    JsonObject result = new JsonObject(awaitOne(WritesChannels.HUBSPOT_WRITE_RESULTS, "k-taken").value());
    assertEquals(409, result.getInteger("status"));
    assertEquals("CONFLICT", result.getJsonObject("body").getString("category"));
  }

  @Test
  @Order(3)
  void aWriteHubSpotStillFailsAfterTheRetriesGoesToTheDeadLetterTopic() {
    sim.faults().on("POST", CREATE).errorShare(1.0, 503);
    produce(List.of(create("k-failing", "kafka-failing@example.com")));

    JsonObject dead = new JsonObject(awaitOne(WritesChannels.HUBSPOT_WRITES_DLQ, "k-failing").value());
    assertEquals(503, dead.getInteger("status"), dead.encode());
    assertTrue(dead.getJsonObject("reason").containsKey("message"), "HubSpot's error body: " + dead.encode());
    assertTrue(recordsWithKey(WritesChannels.HUBSPOT_WRITE_RESULTS, "k-failing").isEmpty());
  }

  @Test
  @Order(4)
  void aRedeliveredMessageIsAnsweredFromTheStoredResultNotWrittenAgain() {
    long before = creates();
    String first = recordsWithKey(WritesChannels.HUBSPOT_WRITE_RESULTS, "k-7").get(0).value();
    assertEquals(first, RedisResource.server().command("GET", "hubgate:writes:result:{201}:k-7"));

    produce(List.of(create("k-7", "kafka7@example.com")));
    await().atMost(WAIT).until(() -> recordsWithKey(WritesChannels.HUBSPOT_WRITE_RESULTS, "k-7").size() == 2);
    assertEquals(first, recordsWithKey(WritesChannels.HUBSPOT_WRITE_RESULTS, "k-7").get(1).value());
    assertEquals(before, creates(), "HubSpot saw one write");
  }

  @Test
  @Order(5)
  void anInvalidMessageIsDeadLetteredAndTheStreamGoesOnAndEveryOffsetIsCommitted() throws Exception {
    produce(List.of("{not json", new JsonObject().put("id", "k-bad-portal").put("portalId", -1)
        .put("operation", "create").put("objectType", "contacts").put("input", new JsonObject()).encode(),
        create("k-after", "kafka-after@example.com")));

    JsonObject result = new JsonObject(awaitOne(WritesChannels.HUBSPOT_WRITE_RESULTS, "k-after").value());
    assertEquals(201, result.getInteger("status"));
    JsonObject badPortal = new JsonObject(awaitOne(WritesChannels.HUBSPOT_WRITES_DLQ, "k-bad-portal").value());
    assertEquals("\"portalId\" must be a positive integer", badPortal.getJsonObject("reason").getString("detail"));
    assertEquals(1, records(WritesChannels.HUBSPOT_WRITES_DLQ).stream()
        .filter(r -> "{not json".equals(new JsonObject(r.value()).getString("message"))).count());

    // 200 + 1 + 1 + 1 + 3 messages, every one acknowledged after its outcome: the group's offsets reach the end
    await().atMost(WAIT).until(() -> committed() == 206);
  }

  static Properties client() {
    var props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
    return props;
  }

  private static void produce(List<String> messages) {
    var props = client();
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    try (var producer = new KafkaProducer<String, String>(props)) {
      for (String message : messages) {
        producer.send(new ProducerRecord<>(WritesChannels.HUBSPOT_WRITES, message));
      }
      producer.flush();
    }
  }

  private static long committed() throws Exception {
    try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        KafkaBrokerResource.bootstrapServers()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("hubgate-writes")
          .partitionsToOffsetAndMetadata().get();
      return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(WritesChannels.HUBSPOT_WRITES))
          .mapToLong(e -> e.getValue().offset()).sum();
    }
  }

  static ConsumerRecord<String, String> awaitOne(String topic, String key) {
    await().atMost(WAIT).until(() -> !recordsWithKey(topic, key).isEmpty());
    List<ConsumerRecord<String, String>> records = recordsWithKey(topic, key);
    assertEquals(1, records.size(), "one record for " + key + ": " + records);
    return records.get(0);
  }

  private static List<ConsumerRecord<String, String>> recordsWithKey(String topic, String key) {
    return records(topic).stream().filter(r -> key.equals(r.key())).toList();
  }

  /** The whole topic: every partition from its beginning to its end offset as it is now. */
  private static List<ConsumerRecord<String, String>> records(String topic) {
    var props = client();
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> all = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(props)) {
      var info = consumer.partitionsFor(topic);
      if (info == null || info.isEmpty()) {
        return all;
      }
      List<TopicPartition> partitions = info.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(100)).forEach(all::add);
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
      });
    }
    all.sort((a, b) -> Long.compare(a.timestamp(), b.timestamp()));
    return all;
  }
}
