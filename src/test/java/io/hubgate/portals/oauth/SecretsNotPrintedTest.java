package io.hubgate.portals.oauth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;

/** Values that hold tokens, codes, states or secrets print without them (a log line or an exception may show them). */
class SecretsNotPrintedTest {

  static void hides(Object value, String... secrets) {
    String printed = value.toString();
    for (String secret : secrets) {
      assertFalse(printed.contains(secret), printed);
    }
    assertTrue(printed.contains("***"), printed);
  }

  @Test
  void tokensAndSealedRecords() {
    var tokens = new TokenEndpoint.Tokens("CNaccess-token-secret", "na1-refresh-token-secret", 1800, 62515L, new JsonArray());
    hides(tokens, "CNaccess-token-secret", "na1-refresh-token-secret");
    TokenCipher cipher = TokenCipher.of(List.of(TokenCipherTest.K0));
    String sealedAccess = cipher.seal(62515, "access", "CNaccess-token-secret");
    String sealedRefresh = cipher.seal(62515, "refresh", "na1-refresh-token-secret");
    hides(new TokenRecord(sealedAccess, sealedRefresh, 1, 2, "2002", false), sealedAccess, sealedRefresh);
    hides(cipher.open(62515, "access", sealedAccess), "CNaccess-token-secret");
  }

  @Test
  void installStates() {
    String browser = OAuthState.newBrowserKey();
    OAuthState states = new OAuthState(TokenCipher.of(List.of(TokenCipherTest.K0)), Clock.systemUTC(), Duration.ofMinutes(10));
    String state = states.issue(OAuthStateTest.ALL, browser);
    OAuthState.Verified verified = states.verify(state, browser);
    hides(verified, verified.nonce(), browser, state);
  }
}
