package io.hubgate.testsupport;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.restassured.response.ValidatableResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Builds HubSpot events and posts signed deliveries to a gateway, as HubSpot would. */
public final class Deliveries {

  private static final AtomicLong NEXT_EVENT_ID = new AtomicLong(System.nanoTime() % 1_000_000_000L);

  private Deliveries() {
  }

  /** A contact property change with a fresh eventId and objectId. */
  public static JsonObject event(long portalId) {
    long id = NEXT_EVENT_ID.incrementAndGet();
    return new JsonObject()
        .put("eventId", id)
        .put("subscriptionId", 12345)
        .put("portalId", portalId)
        .put("appId", 54321)
        .put("occurredAt", System.currentTimeMillis())
        .put("subscriptionType", "contact.propertyChange")
        .put("attemptNumber", 0)
        .put("objectId", 1_000_000 + id)
        .put("propertyName", "lifecyclestage")
        .put("propertyValue", "customer")
        .put("changeSource", "CRM");
  }

  public static String body(JsonObject... events) {
    return new JsonArray(List.of((Object[]) events)).encode();
  }

  /** Posts a body signed with v3 for the given URI as HubSpot would see it, to the gateway at {@code baseUri}. */
  public static ValidatableResponse postV3(String baseUri, String secret, String body) {
    String uri = baseUri + "/webhooks/hubspot";
    return post(baseUri, body, HubSpotSigner.v3Headers(secret, "POST", uri, body, System.currentTimeMillis()));
  }

  public static ValidatableResponse post(String baseUri, String body, Map<String, String> headers) {
    return given()
        .baseUri(baseUri)
        .contentType("application/json")
        .headers(headers)
        .body(body)
        .when()
        .post("/webhooks/hubspot")
        .then();
  }
}
