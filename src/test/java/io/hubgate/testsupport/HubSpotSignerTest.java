package io.hubgate.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The test signer reproduces HubSpot's vectors, so tests that sign with it sign as HubSpot does. */
class HubSpotSignerTest {

  @Test
  void matchesHubSpotVectors() {
    String body = "[{\"eventId\":1,\"subscriptionId\":12345,\"portalId\":62515,\"appId\":54321,\"occurredAt\":1564113600000,"
        + "\"subscriptionType\":\"contact.creation\",\"attemptNumber\":0,\"objectId\":123,\"changeSource\":\"CRM\",\"changeFlag\":\"NEW\"}]";
    String secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
    String uri = "https://www.example.com/webhook_uri";
    assertEquals("043f9801fc77c03d5a60147301ecac2c94c99bfe67a8fbbdf9e1fbb82470f7f4", HubSpotSigner.v1(secret, body));
    assertEquals("070370b6ecfcad85ce7d9a3ad7070649abb06ecfc0b950c03f057702ef2333d2", HubSpotSigner.v2(secret, "POST", uri, body));
    assertEquals("bWJpuJF0S74UKQ6Tm5OqaRviTzELDQMkDC3t/IZRLNk=", HubSpotSigner.v3(secret, "POST", uri, body, "1564113600000"));
  }
}
