package io.hubgate.events;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.KafkaBrokerResource;
import io.hubgate.testsupport.RedisResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.json.JsonObject;

/** Publishing to a real Kafka broker (KRaft, in the test JVM) with dedup in a real Redis. */
@QuarkusTest
@TestProfile(KafkaProfile.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
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

    ConsumerRecord<String, String> record = recordsWithEventId(event.getValue("eventId").toString(), 1).get(0);
    assertEquals("62515:contact:" + event.getLong("objectId"), record.key());
    assertEquals("application/cloudevents+json; charset=UTF-8",
        new String(record.headers().lastHeader("content-type").value(), StandardCharsets.UTF_8));
    JsonObject ce = new JsonObject(record.value());
    assertEquals(event, ce.getJsonObject("data"));
    assertEquals("com.hubspot.webhook.contact.propertyChange", ce.getString("type"));
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
  void answers503WhileTheBrokerIsDownThenPublishesHubSpotsRetryExactlyOnce() throws Exception {
    JsonObject event = Deliveries.event(62515);
    String eventId = event.getValue("eventId").toString();
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

    // the marker of a later delivery proves everything before it is on the topic
    JsonObject marker = Deliveries.event(62515);
    Deliveries.postV3(baseUri(), SECRET, Deliveries.body(marker)).statusCode(200);
    recordsWithEventId(marker.getValue("eventId").toString(), 1);
    assertEquals(1, recordsWithEventId(eventId, 1).size(), "published exactly once");
  }

  /** Reads the topic from the start until {@code atLeast} records carry the event id, and returns them all. */
  private static List<ConsumerRecord<String, String>> recordsWithEventId(String eventId, int atLeast) {
    var props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBrokerResource.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    List<ConsumerRecord<String, String>> all = new ArrayList<>();
    try (var consumer = new KafkaConsumer<String, String>(props)) {
      consumer.subscribe(List.of(Channels.HUBSPOT_EVENTS));
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        consumer.poll(Duration.ofMillis(200)).forEach(all::add);
        return all.stream().filter(r -> eventId.equals(new JsonObject(r.value()).getString("id"))).count() >= atLeast;
      });
      // one more poll so that a duplicate right behind would be seen too
      consumer.poll(Duration.ofMillis(500)).forEach(all::add);
    }
    return all.stream().filter(r -> eventId.equals(new JsonObject(r.value()).getString("id"))).toList();
  }
}
