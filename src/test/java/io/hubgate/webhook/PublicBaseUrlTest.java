package io.hubgate.webhook;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.hubgate.testsupport.Deliveries;
import io.hubgate.testsupport.HubSpotSigner;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Behind a TLS-terminating ingress that strips a path prefix, signatures cover the configured public URL. */
@QuarkusTest
@TestProfile(PublicBaseUrlTest.BehindIngress.class)
class PublicBaseUrlTest {

  public static class BehindIngress implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("hubgate.webhook.public-base-url", "https://hooks.example.com/hubgate/",
          "hubgate.webhook.min-signature-version", "v3");
    }
  }

  @TestHTTPResource("/")
  String base;

  @Test
  void verifiesAgainstThePublicUrlAndHonoursTheMinimumVersion() {
    String body = Deliveries.body(Deliveries.event(4));
    String publicUri = "https://hooks.example.com/hubgate/webhooks/hubspot?portal=4";
    given().baseUri(base).contentType("application/json")
        .headers(HubSpotSigner.v3Headers(WebhookResourceTest.SECRET, "POST", publicUri, body, System.currentTimeMillis()))
        .body(body).post("/webhooks/hubspot?portal=4")
        .then().statusCode(200);
    // the internal URL is not what HubSpot signed
    given().baseUri(base).contentType("application/json")
        .headers(HubSpotSigner.v3Headers(WebhookResourceTest.SECRET, "POST", base + "webhooks/hubspot?portal=4", body,
            System.currentTimeMillis()))
        .body(body).post("/webhooks/hubspot?portal=4")
        .then().statusCode(401);
    // v1 and v2 are below the configured minimum
    given().baseUri(base).contentType("application/json")
        .headers(HubSpotSigner.v1Headers(WebhookResourceTest.SECRET, body))
        .body(body).post("/webhooks/hubspot?portal=4")
        .then().statusCode(401).contentType("application/problem+json");
    given().baseUri(base).contentType("application/json")
        .headers(HubSpotSigner.v2Headers(WebhookResourceTest.SECRET, "POST", publicUri, body))
        .body(body).post("/webhooks/hubspot?portal=4")
        .then().statusCode(401).contentType("application/problem+json");
  }
}
