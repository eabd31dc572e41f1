package io.hubgate.portals.oauth;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The refresh lock's start-up check, and settings that never print the client secret. */
class OAuthSettingsTest {

  static final String SECRET = "client-secret-never-printed";

  static OAuthSettings settings(Duration lockTtl) {
    // the configuration defaults: 3 attempts, 10 s timeout, 2 s longest back-off
    return new OAuthSettings("client", SECRET, URI.create("https://api.hubapi.com"), "/oauth/2026-03/token",
        "/oauth/2026-03/token/introspect", Duration.ofMinutes(5), Duration.ofSeconds(10), lockTtl, 3,
        Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofSeconds(10));
  }

  @Test
  void theLockMustOutlastTheLongestRefresh() {
    Duration limiterWait = Duration.ofSeconds(10);
    assertEquals(Duration.ofSeconds(64), settings(Duration.ofSeconds(75)).longestRefresh(limiterWait),
        "3 x (10 s + 10 s) + 2 x 2 s");
    assertDoesNotThrow(() -> settings(Duration.ofSeconds(75)).requireLockOutlastsRefresh(limiterWait));
    var refused = assertThrows(IllegalStateException.class,
        () -> settings(Duration.ofSeconds(15)).requireLockOutlastsRefresh(limiterWait));
    assertTrue(refused.getMessage().contains("hubgate.oauth.lock-ttl (PT15S) must exceed the longest refresh"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("PT1M4S"), refused.getMessage());
    assertThrows(IllegalStateException.class, () -> settings(Duration.ofSeconds(64)).requireLockOutlastsRefresh(limiterWait));
  }

  @Test
  void toStringHidesTheClientSecret() {
    String printed = settings(Duration.ofSeconds(75)).toString();
    assertFalse(printed.contains(SECRET), printed);
    assertTrue(printed.contains("clientId=client"), printed);
  }
}
