package io.hubgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden tests with the vectors of HUBSPOT.md §1.4. */
class WebhookSignerTest {

  static final String Y = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";

  @Test
  void vectorA_hubSpotsPublishedVectors() {
    String body = "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
        + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\","
        + "\"changeFlag\":\"NEW\",\"appId\":54321}]";
    assertEquals("232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de", WebhookSigner.v1(Y, body));
    assertEquals("eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e",
        WebhookSigner.v2(Y, "GET", "https://www.example.com/webhook_uri", ""));
    assertEquals("9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900",
        WebhookSigner.v2(Y, "POST", "https://www.example.com/webhook_uri", "{\"example_field\":\"example_value\"}"));
  }

  @Test
  void vectorB_allThreeVersionsAndTheSimulatorsOwnEventRendering() {
    WebhookEvent event = new WebhookEvent(1, 12345, 62515, 54321, 1564113600000L, "contact.creation", 123, Map.of())
        .with("changeSource", "CRM").with("changeFlag", "NEW");
    String body = new io.vertx.core.json.JsonArray(List.of(event.toJson(0))).encode();
    assertEquals("[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"appId\":54321,"
        + "\"occurredAt\":1564113600000,\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,"
        + "\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\"}]", body);
    String uri = "https://www.example.com/webhook_uri";
    assertEquals("043f9801fc77c03d5a60147301ecac2c94c99bfe67a8fbbdf9e1fbb82470f7f4", WebhookSigner.v1(Y, body));
    assertEquals("070370b6ecfcad85ce7d9a3ad7070649abb06ecfc0b950c03f057702ef2333d2",
        WebhookSigner.v2(Y, "POST", uri, body));
    assertEquals("bWJpuJF0S74UKQ6Tm5OqaRviTzELDQMkDC3t/IZRLNk=",
        WebhookSigner.v3(Y, "POST", uri, body, "1564113600000"));
  }

  @Test
  void vectorC_getWithQuery() {
    String uri = "https://example.com/hubspot/crm-card?userId=123&portalId=62515";
    assertEquals("186ef76e9d6a723ecb570d4d9c287487d001e5d35f7ed4a313350a407950318e", WebhookSigner.v1("my-secret", ""));
    assertEquals("4d67b263b4fe7bbebad324dc7a83482af8ee8f48b04259abeb51911b426ae558",
        WebhookSigner.v2("my-secret", "GET", uri, ""));
    assertEquals("sfndgs0liop0JXPZzld2QKVHoFUuqKzvu4Vi+aeTysI=",
        WebhookSigner.v3("my-secret", "GET", uri, "", "1700000000000"));
  }

  @Test
  void vectorD_propertyChange() {
    String body = "[{\"eventId\":100,\"subscriptionId\":2,\"portalId\":3,\"appId\":4,\"occurredAt\":1700000000000,"
        + "\"subscriptionType\":\"deal.propertyChange\",\"attemptNumber\":1,\"objectId\":555,\"propertyName\":\"dealstage\","
        + "\"propertyValue\":\"closedwon\",\"changeSource\":\"CRM\"}]";
    String uri = "https://gw.example.com/webhooks/hubspot?tenant=acme";
    assertEquals("99fc8d37cfaf778471cee901d45bd5ea710819fe38fe6640450605d2e56ad826",
        WebhookSigner.v1("test-secret-123", body));
    assertEquals("793347a205f69caac8ace5e066ad6156b17e24430807531739100b8593161a80",
        WebhookSigner.v2("test-secret-123", "POST", uri, body));
    assertEquals("xhlAJj/epvB7efYzlRB1jW+sgjrRElhkzgmKgYqmKso=",
        WebhookSigner.v3("test-secret-123", "POST", uri, body, "1700000000123"));
  }

  @Test
  void vectorE_v3DecodesOnlyHubSpotsTable() {
    String received = "https://gw.example.com/hook?email=jane%40example.com&note=a%20b";
    assertEquals("https://gw.example.com/hook?email=jane@example.com&note=a%20b", WebhookSigner.decodeForV3(received));
    assertEquals("66+c+l2WF5pgG5o1V66XSrZEt/MjRNL36kqKOiQPIiI=",
        WebhookSigner.v3("test-secret-123", "POST", received, "[]", "1700000000000"));
  }

  @Test
  void vectorF_utf8Body() {
    assertEquals("yFQPjZbFbp8MHWuEfr8O4dXB/RTLc/bINnOdCo9thTc=",
        WebhookSigner.v3("s", "POST", "https://x.test/h", "[{\"propertyValue\":\"Zoë\"}]", "1700000000000"));
  }
}
