package io.hubgate.serverless;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.HubSpotSigner;
import io.hubgate.testsupport.PublishedEvents;
import io.hubgate.testsupport.RedisResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;

/**
 * The webhook endpoint as an AWS Lambda behind an API Gateway HTTP API ({@code -Pserverless}): every request below is
 * a Lambda invocation through Quarkus' mock event server, which turns it into an API Gateway v2 event and back.
 * The answer comes back only after the function returned, so an event seen as published by then was published within
 * the invocation.
 */
@QuarkusTest
@TestProfile(ServerlessProfile.class)
class ServerlessWebhookTest {

  static final String SECRET = "test-secret-one";
  static final String SIGNED_URL = ServerlessProfile.PUBLIC_BASE_URL + "/webhooks/hubspot";

  /**
   * The mock event server's HTTP front (API Gateway's stand-in; there is no HTTP server of the application). Read from
   * the configuration it publishes: on a free port, {@code @TestHTTPResource} still says 8081.
   */
  @ConfigProperty(name = "quarkus.lambda.mock-event-server.test-port")
  int eventServerPort;

  @Inject
  PublishedEvents published;

  @BeforeEach
  void clear() {
    published.clear();
  }

  private String base() {
    return "http://localhost:" + eventServerPort;
  }

  private ValidatableResponse deliver(String body, String signedFor, String secret) {
    return Deliveries.post(base(), body,
        HubSpotSigner.v3Headers(secret, "POST", signedFor, body, System.currentTimeMillis()));
  }

  @Test
  void publishesASignedDeliveryBeforeTheInvocationReturns() {
    JsonObject event = Deliveries.event(62515);
    deliver(Deliveries.body(event), SIGNED_URL, SECRET)
        .statusCode(200)
        .body("events", equalTo(1))
        .body("published", equalTo(1))
        .body("duplicates", equalTo(0));

    String id = event.getValue("eventId").toString();
    // the in-process broker hands the event to the test's tap on its own thread: wait for that hand-off only
    await().atMost(Duration.ofSeconds(10)).until(() -> published.countWithId(id) == 1);
    JsonObject ce = published.all().get(0);
    assertEquals("hubspot://portals/62515", ce.getString("source"));
    assertEquals(event, ce.getJsonObject("data"));
    assertTrue(Integer.parseInt(RedisResource.server().command("DBSIZE")) > 0, "the dedup marker is in Redis");
  }

  @Test
  void refusesABadSignatureAndPublishesNothing() {
    JsonObject event = Deliveries.event(62515);
    deliver(Deliveries.body(event), SIGNED_URL, "not-the-secret")
        .statusCode(401)
        .contentType(containsString("application/problem+json"));
    assertEquals(0, published.countWithId(event.getValue("eventId").toString()));
  }

  @Test
  void refusesASignatureForTheFunctionsOwnUrl() {
    // behind API Gateway HubSpot signs the public URL: hubgate.webhook.public-base-url, not the URL the function sees
    String body = Deliveries.body(Deliveries.event(62515));
    deliver(body, base() + "/webhooks/hubspot", SECRET).statusCode(401);
  }

  @Test
  void acknowledgesADuplicateDeliveryOnce() {
    JsonObject event = Deliveries.event(62515);
    String body = Deliveries.body(event);
    deliver(body, SIGNED_URL, SECRET).statusCode(200).body("published", equalTo(1));
    deliver(body, SIGNED_URL, SECRET).statusCode(200).body("published", equalTo(0)).body("duplicates", equalTo(1));

    String id = event.getValue("eventId").toString();
    await().atMost(Duration.ofSeconds(10)).until(() -> published.countWithId(id) >= 1);
    assertEquals(1, published.countWithId(id), "published once");
  }

  @Test
  void answersARawApiGatewayEventPostedToTheLambdaEndpoint() {
    // what API Gateway hands the function: a v2 payload, posted to the mock event server's raw-event endpoint
    JsonObject event = Deliveries.event(7);
    String body = Deliveries.body(event);
    var headers = new JsonObject().put("content-type", "application/json");
    HubSpotSigner.v3Headers(SECRET, "POST", SIGNED_URL, body, System.currentTimeMillis()).forEach(headers::put);
    JsonObject apiGatewayEvent = new JsonObject()
        .put("version", "2.0")
        .put("routeKey", "POST /webhooks/hubspot")
        .put("rawPath", "/webhooks/hubspot")
        .put("rawQueryString", "")
        .put("headers", headers)
        .put("requestContext", new JsonObject().put("http", new JsonObject()
            .put("method", "POST").put("path", "/webhooks/hubspot").put("protocol", "HTTP/1.1")))
        .put("body", body)
        .put("isBase64Encoded", false);

    String answer = given().baseUri(base()).contentType("application/json").body(apiGatewayEvent.encode())
        .when().post("/_lambda_")
        .then().statusCode(200)
        .extract().asString();
    JsonObject response = new JsonObject(answer);
    assertEquals(200, response.getInteger("statusCode"), answer);
    assertEquals(1, new JsonObject(response.getString("body")).getInteger("published"), answer);
    await().atMost(Duration.ofSeconds(10)).until(() -> published.countWithId(event.getValue("eventId").toString()) == 1);
  }
}
