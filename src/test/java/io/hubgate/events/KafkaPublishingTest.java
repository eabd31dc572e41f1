package io.hubgate.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.KafkaBrokerResource;
import io.hubgate.testsupport.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/** Publishing to a real Kafka broker (KRaft, in the test JVM) with dedup in a real Redis. */
@QuarkusTest
@TestProfile(KafkaProfile.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true,
    initArgs = @ResourceArg(name = "authorizer.class.name", value = "io.hubgate.events.HeldProduceRequests"))
@QuarkusTestResource(value = RedisResource.class, restrictToAnnotatedClass = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaPublishingTest {

  static final String SECRET = "test-secret-one";

  @TestHTTPResource("/")
  String base;

  /** The management interface's root, {@code /q/}. */
  @TestHTTPResource(value = "/", management = true)
  String management;

  private String baseUri() {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  @Test
  @Order(1)
  void publishesEachEventAsACloudEventKeyedByObject() {
    JsonObject event = Deliveries.event(62515);
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(event)).statusCode(200).body("published", equalTo(1));

    List<ConsumerRecord<String, String>> records = recordsOf(event);
    assertEquals(1, records.size());
    ConsumerRecord<String, String> record = records.get(0);
    assertEquals("62515:contact:" + event.getLong("objectId"), record.key());
    assertEquals("application/cloudevents+json; charset=UTF-8",
        new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8));
    JsonObject ce = new JsonObject(record.value());
    assertEquals(event, ce.getJsonObject("data"));
    assertEquals("com.hubspot.webhook.contact.propertyChange", ce.getString("type"));
    assertEquals(event.getValue("eventId").toString(), ce.getString("hubspoteventid"));
    assertEquals("done", dedupMarker(ce.getString("id")), "the CloudEvent id is the dedup identity");
  }

  @Test
  @Order(2)
  void reportsRedisAndKafkaInReadiness() {
    given().baseUri(management).get("health/ready").then().statusCode(200)
        .body("status", equalTo("UP"))
        .body("checks.name", org.hamcrest.Matchers.hasItems(containsString("Redis"), containsString("Messaging")));
  }

  @Test
  @Order(3)
  void answers503WhileTheBrokerIsDownThenPublishesHubSpotsRetryOnce() throws Exception {
    JsonObject event = Deliveries.event(62515);
    String markersBefore = RedisResource.server().command("DBSIZE");

    KafkaBrokerResource.stopBroker();
    try {
      Deliveries.postV3(baseUri(), SECRET, Deliveries.body(event))
          .statusCode(503)
          .contentType("application/problem+json")
          .body("type", containsString("publish-failed"));
      assertEquals(markersBefore, RedisResource.server().command("DBSIZE"), "no dedup marker for an unpublished event");
    } finally {
      KafkaBrokerResource.startBroker();
    }

    // HubSpot retries; the first send after a restart may still fail, as HubSpot's next retry would
    int[] attempt = {0};
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      attempt[0]++;
      JsonObject retry = event.copy().put("attemptNumber", attempt[0]);
      return Deliveries.postV3(baseUri(), SECRET, Deliveries.body(retry)).extract().statusCode() == 200;
    });
    JsonObject lateRetry = event.copy().put("attemptNumber", attempt[0] + 1);
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(lateRetry)).statusCode(200)
        .body("published", equalTo(0)).body("duplicates", equalTo(1));

    assertEquals(1, recordsOf(event).size(), "published once: " + recordsOf(event));
  }

  /**
   * The broker appends the record and acknowledges it, but the acknowledgement reaches the gateway after the publish
   * timeout (held in the producer's network thread): the delivery is answered 503, its claim is kept while the send is
   * unanswered (HubSpot's retry meets an in-flight twin), and the late acknowledgement confirms it, so that the next
   * retry is a duplicate. The whole topic then holds the event once.
   */
  @Test
  @Order(4)
  void anAcknowledgementAfterThePublishTimeoutIsRememberedSoHubSpotsRetryIsNotPublishedAgain() throws Exception {
    JsonObject event = Deliveries.event(62515);
    HeldAcknowledgements.GATE.arm();
    try {
      Deliveries.postV3(baseUri(), SECRET, Deliveries.body(event))
          .statusCode(503)
          .body("detail", containsString("could not be published in time"));
      assertTrue(HeldAcknowledgements.GATE.awaitHolding(Duration.ZERO), "the broker's acknowledgement is being held");

      Deliveries.postV3(baseUri(), SECRET, Deliveries.body(event.copy().put("attemptNumber", 1)))
          .statusCode(503)
          .body("detail", containsString("being published by another delivery"));
    } finally {
      HeldAcknowledgements.GATE.release();
    }

    int[] attempt = {1};
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      attempt[0]++;
      JsonObject retry = event.copy().put("attemptNumber", attempt[0]);
      return Deliveries.postV3(baseUri(), SECRET, Deliveries.body(retry)).extract().statusCode() == 200;
    });
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(event.copy().put("attemptNumber", attempt[0] + 1)))
        .statusCode(200).body("published", equalTo(0)).body("duplicates", equalTo(1));

    List<ConsumerRecord<String, String>> records = recordsOf(event);
    assertEquals(1, records.size(), "published once: " + records);
    assertEquals("done", dedupMarker(new JsonObject(records.get(0).value()).getString("id")));
  }

  /**
   * Where the guarantee is at-least-once: the broker is slow (it holds the produce request) past the producer's delivery
   * timeout. The producer reports the send failed (after 1.5 s), the delivery is answered 503 and its claim released;
   * then the broker appends the record it held. HubSpot's retry is published again: the topic holds the event exactly
   * twice, under one CloudEvent id, by which a consumer recognises the second.
   */
  @Test
  @Order(5)
  void aSendKafkaReportedFailedAfterTheBrokerAppendedItIsPublishedTwiceUnderOneCloudEventId() throws Exception {
    JsonObject event = Deliveries.event(62515);
    HeldProduceRequests.GATE.arm();
    try {
      Deliveries.postV3(baseUri(), SECRET, Deliveries.body(event))
          .statusCode(503)
          .body("detail", containsString("could not be published in time"));
      assertTrue(HeldProduceRequests.GATE.awaitHolding(Duration.ZERO), "the broker held the produce request");
    } finally {
      HeldProduceRequests.GATE.release();
    }
    // the request the producer gave up on is appended once the broker goes on (its resend carries the same sequence)
    await().atMost(Duration.ofSeconds(30)).until(() -> recordsOf(event).size() == 1);

    int[] attempt = {0};
    await().atMost(Duration.ofSeconds(60)).until(() -> {
      attempt[0]++;
      JsonObject retry = event.copy().put("attemptNumber", attempt[0]);
      return Deliveries.postV3(baseUri(), SECRET, Deliveries.body(retry)).extract().statusCode() == 200;
    });

    List<ConsumerRecord<String, String>> records = recordsOf(event);
    assertEquals(2, records.size(), "the appended-but-failed send and HubSpot's retry: " + records);
    String id = new JsonObject(records.get(0).value()).getString("id");
    assertEquals(id, new JsonObject(records.get(1).value()).getString("id"));
    assertEquals("done", dedupMarker(id));
  }

  /** The dedup marker of the event whose identity (CloudEvent id) is {@code id}, in portal 62515. */
  private static String dedupMarker(String id) {
    return RedisResource.server().command("GET", "hubgate:dedup:{62515}:" + id);
  }

  /**
   * The event's records in the whole topic: every partition read from its beginning to its end offset as it is now
   * (every acknowledged record is below it), counted by the event's HubSpot eventId, then grouped by CloudEvent id.
   */
  static List<ConsumerRecord<String, String>> recordsOf(JsonObject event) {
    String eventId = event.getValue("eventId").toString();
    var props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> all = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(Channels.HUBSPOT_EVENTS).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
      });
    }
    List<ConsumerRecord<String, String>> mine = all.stream()
        .filter(r -> eventId.equals(new JsonObject(r.value()).getString("hubspoteventid"))).toList();
    assertEquals(mine.size(), all.stream().filter(r -> sameId(r, mine)).count(), "no other event shares its CloudEvent id");
    return mine;
  }

  private static boolean sameId(ConsumerRecord<String, String> record, List<ConsumerRecord<String, String>> mine) {
    String id = new JsonObject(record.value()).getString("id");
    return mine.stream().anyMatch(m -> id.equals(new JsonObject(m.value()).getString("id")));
  }
}
