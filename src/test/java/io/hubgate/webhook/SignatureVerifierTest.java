package io.hubgate.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.hubgate.webhook.SignatureVerifier.Verdict;

/** HubSpot's published vectors and the vectors in shared/HUBSPOT.md §1.4, computed with HubSpot's own Node client. */
class SignatureVerifierTest {

  private static final String SECRET_A = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
  private static final String BODY_A = "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"occurredAt\":1564113600000,"
      + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\",\"appId\":54321}]";
  private static final String BODY_B = "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"appId\":54321,\"occurredAt\":1564113600000,"
      + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\"}]";
  private static final String BODY_D = "[{\"eventId\":100,\"subscriptionId\":2,\"portalId\":3,\"appId\":4,\"occurredAt\":1700000000000,"
      + "\"subscriptionType\":\"deal.propertyChange\",\"attemptNumber\":1,\"objectId\":555,\"propertyName\":\"dealstage\","
      + "\"propertyValue\":\"closedwon\",\"changeSource\":\"CRM\"}]";

  @Test
  void acceptsHubSpotsPublishedV1Vector() {
    var request = new SignedRequest("POST", "https://www.example.com/webhook_uri", bytes(BODY_A), null, null,
        "232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de", "v1");
    assertEquals(Verdict.VALID, verifier(SECRET_A, 0).verify(request).verdict());
  }

  @Test
  void acceptsHubSpotsPublishedV2Vectors() {
    var get = new SignedRequest("GET", "https://www.example.com/webhook_uri", new byte[0], null, null,
        "eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e", "v2");
    var post = new SignedRequest("POST", "https://www.example.com/webhook_uri", bytes("{\"example_field\":\"example_value\"}"),
        null, null, "9569219f8ba981ffa6f6f16aa0f48637d35d728c7e4d93d0d52efaa512af7900", "v2");
    assertEquals(Verdict.VALID, verifier(SECRET_A, 0).verify(get).verdict());
    assertEquals(Verdict.VALID, verifier(SECRET_A, 0).verify(post).verdict());
  }

  @Test
  void acceptsVectorBInAllThreeVersions() {
    String uri = "https://www.example.com/webhook_uri";
    var v = verifier(SECRET_A, 1564113600000L);
    assertEquals(Verdict.VALID, v.verify(new SignedRequest("POST", uri, bytes(BODY_B), null, null,
        "043f9801fc77c03d5a60147301ecac2c94c99bfe67a8fbbdf9e1fbb82470f7f4", "v1")).verdict());
    assertEquals(Verdict.VALID, v.verify(new SignedRequest("POST", uri, bytes(BODY_B), null, null,
        "070370b6ecfcad85ce7d9a3ad7070649abb06ecfc0b950c03f057702ef2333d2", "v2")).verdict());
    assertEquals(Verdict.VALID, v.verify(new SignedRequest("POST", uri, bytes(BODY_B),
        "bWJpuJF0S74UKQ6Tm5OqaRviTzELDQMkDC3t/IZRLNk=", "1564113600000", null, null)).verdict());
  }

  @Test
  void acceptsVectorCForAGetWithQuery() {
    String uri = "https://example.com/hubspot/crm-card?userId=123&portalId=62515";
    var v = verifier("my-secret", 1700000000000L);
    assertEquals(Verdict.VALID, v.verify(new SignedRequest("GET", uri, new byte[0], null, null,
        "4d67b263b4fe7bbebad324dc7a83482af8ee8f48b04259abeb51911b426ae558", "v2")).verdict());
    assertEquals(Verdict.VALID, v.verify(new SignedRequest("GET", uri, new byte[0],
        "sfndgs0liop0JXPZzld2QKVHoFUuqKzvu4Vi+aeTysI=", "1700000000000", null, null)).verdict());
  }

  @Test
  void acceptsVectorDAndAnyOfSeveralSecrets() {
    String uri = "https://gw.example.com/webhooks/hubspot?tenant=acme";
    var v = new SignatureVerifier(List.of("old-secret", "test-secret-123"), SignatureVersion.V1, Duration.ofMinutes(5),
        clockAt(1700000000123L));
    assertEquals(Verdict.VALID, v.verify(new SignedRequest("POST", uri, bytes(BODY_D),
        "xhlAJj/epvB7efYzlRB1jW+sgjrRElhkzgmKgYqmKso=", "1700000000123", null, null)).verdict());
    assertEquals(Verdict.VALID, v.verify(new SignedRequest("POST", uri, bytes(BODY_D), null, null,
        "793347a205f69caac8ace5e066ad6156b17e24430807531739100b8593161a80", "v2")).verdict());
    assertEquals(Verdict.VALID, v.verify(new SignedRequest("POST", uri, bytes(BODY_D), null, null,
        "99fc8d37cfaf778471cee901d45bd5ea710819fe38fe6640450605d2e56ad826", null)).verdict());
  }

  @Test
  void decodesHubSpotsTableOfEscapesBeforeSigningV3() {
    String received = "https://gw.example.com/hook?email=jane%40example.com&note=a%20b";
    assertEquals("https://gw.example.com/hook?email=jane@example.com&note=a%20b", SignatureVerifier.decodeV3Uri(received));
    var v = verifier("test-secret-123", 1700000000000L);
    assertEquals(Verdict.VALID, v.verify(new SignedRequest("POST", received, bytes("[]"),
        "66+c+l2WF5pgG5o1V66XSrZEt/MjRNL36kqKOiQPIiI=", "1700000000000", null, null)).verdict());
    // the signature over the undecoded URI is not what HubSpot sends
    assertEquals(Verdict.INVALID, v.verify(new SignedRequest("POST", received, bytes("[]"),
        "PP9RpsR3yurWkzaz9ysDFc5A2MKq60PquMpY8YGHIP8=", "1700000000000", null, null)).verdict());
  }

  @Test
  void hashesTheUtf8BytesOfTheBody() {
    var v = verifier("s", 1700000000000L);
    assertEquals(Verdict.VALID, v.verify(new SignedRequest("POST", "https://x.test/h", bytes("[{\"propertyValue\":\"Zoë\"}]"),
        "yFQPjZbFbp8MHWuEfr8O4dXB/RTLc/bINnOdCo9thTc=", "1700000000000", null, null)).verdict());
  }

  @Test
  void verifiesV3WheneverPresentEvenIfAValidV1IsBesideIt() {
    String uri = "https://www.example.com/webhook_uri";
    var forgedV3 = new SignedRequest("POST", uri, bytes(BODY_B), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
        "1564113600000", "043f9801fc77c03d5a60147301ecac2c94c99bfe67a8fbbdf9e1fbb82470f7f4", "v1");
    assertEquals(Verdict.INVALID, verifier(SECRET_A, 1564113600000L).verify(forgedV3).verdict());
  }

  @Test
  void refusesStaleAndFarFutureTimestamps() {
    String uri = "https://www.example.com/webhook_uri";
    var request = new SignedRequest("POST", uri, bytes(BODY_B), "bWJpuJF0S74UKQ6Tm5OqaRviTzELDQMkDC3t/IZRLNk=",
        "1564113600000", null, null);
    long fiveMinutes = Duration.ofMinutes(5).toMillis();
    assertEquals(Verdict.VALID, verifier(SECRET_A, 1564113600000L + fiveMinutes).verify(request).verdict());
    assertEquals(Verdict.STALE, verifier(SECRET_A, 1564113600000L + fiveMinutes + 1).verify(request).verdict());
    assertEquals(Verdict.STALE, verifier(SECRET_A, 1564113600000L - fiveMinutes - 1).verify(request).verdict());
  }

  @Test
  void refusesWrongSecretTamperedBodyAndGarbage() {
    String uri = "https://www.example.com/webhook_uri";
    assertEquals(Verdict.INVALID, verifier("other", 1564113600000L).verify(new SignedRequest("POST", uri, bytes(BODY_B),
        "bWJpuJF0S74UKQ6Tm5OqaRviTzELDQMkDC3t/IZRLNk=", "1564113600000", null, null)).verdict());
    assertEquals(Verdict.INVALID, verifier(SECRET_A, 1564113600000L).verify(new SignedRequest("POST", uri,
        bytes(BODY_B.replace("123", "124")), "bWJpuJF0S74UKQ6Tm5OqaRviTzELDQMkDC3t/IZRLNk=", "1564113600000", null, null)).verdict());
    assertEquals(Verdict.INVALID, verifier(SECRET_A, 1564113600000L).verify(new SignedRequest("POST", uri, bytes(BODY_B),
        "not base64 !!", "1564113600000", null, null)).verdict());
    assertEquals(Verdict.INVALID, verifier(SECRET_A, 1564113600000L).verify(new SignedRequest("POST", uri, bytes(BODY_B),
        "bWJpuJF0S74UKQ6Tm5OqaRviTzELDQMkDC3t/IZRLNk=", "yesterday", null, null)).verdict());
    assertEquals(Verdict.INVALID, verifier(SECRET_A, 0).verify(new SignedRequest("POST", uri, bytes(BODY_B), null, null,
        "zz", "v1")).verdict());
    assertEquals(Verdict.INVALID, verifier(SECRET_A, 0).verify(new SignedRequest("POST", uri, bytes(BODY_B), null, null,
        "043f9801fc77c03d5a60147301ecac2c94c99bfe67a8fbbdf9e1fbb82470f7f4", "v9")).verdict());
    assertEquals(Verdict.MISSING, verifier(SECRET_A, 0).verify(new SignedRequest("POST", uri, bytes(BODY_B), null, null,
        null, null)).verdict());
  }

  @Test
  void configuredMinimumRefusesOlderVersions() {
    String uri = "https://www.example.com/webhook_uri";
    var onlyV3 = new SignatureVerifier(List.of(SECRET_A), SignatureVersion.V3, Duration.ofMinutes(5), clockAt(1564113600000L));
    var v1 = new SignedRequest("POST", uri, bytes(BODY_B), null, null,
        "043f9801fc77c03d5a60147301ecac2c94c99bfe67a8fbbdf9e1fbb82470f7f4", "v1");
    assertEquals(Verdict.VERSION_TOO_OLD, onlyV3.verify(v1).verdict());
    assertEquals(Verdict.VALID, onlyV3.verify(new SignedRequest("POST", uri, bytes(BODY_B),
        "bWJpuJF0S74UKQ6Tm5OqaRviTzELDQMkDC3t/IZRLNk=", "1564113600000", null, null)).verdict());
  }

  private static SignatureVerifier verifier(String secret, long nowMillis) {
    return new SignatureVerifier(List.of(secret), SignatureVersion.V1, Duration.ofMinutes(5), clockAt(nowMillis));
  }

  private static Clock clockAt(long millis) {
    return Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
