package io.hubgate.portals.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** What the gateway does at start with and without encryption keys. */
class OAuthBeansTest {

  @Test
  void usesTheConfiguredKeysTheFirstEncrypting() {
    assertEquals("k1", OAuthBeans.cipher(List.of(TokenCipherTest.K1, TokenCipherTest.K0), true, true).currentKid());
  }

  @Test
  void refusesToStartWithoutAKeyWhenOAuthTokensWouldGoToRedis() {
    var e = assertThrows(IllegalStateException.class, () -> OAuthBeans.cipher(List.of(), true, true));
    assertTrue(e.getMessage().contains("HUBGATE_OAUTH_ENCRYPTION_KEYS"));
    assertThrows(IllegalArgumentException.class, () -> OAuthBeans.cipher(List.of("k1:short"), true, true));
  }

  @Test
  void otherwiseAnEphemeralKey() {
    assertEquals("ephemeral", OAuthBeans.cipher(List.of(), true, false).currentKid());
    assertEquals("ephemeral", OAuthBeans.cipher(List.of(" "), false, true).currentKid(), "no app: nothing is ever stored");
  }
}
