package io.hubgate.portals.oauth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class TokenCipherTest {

  static final String K0 = TokenCipher.newKeySpec("k0");
  static final String K1 = TokenCipher.newKeySpec("k1");

  @Test
  void sealsWithARandomNonceUnderTheCurrentKeyAndOpensAgain() {
    TokenCipher cipher = TokenCipher.of(List.of(K1, K0));
    String a = cipher.seal(62515, "access", "CNsecret-token");
    String b = cipher.seal(62515, "access", "CNsecret-token");
    assertNotEquals(a, b, "a fresh nonce per value");
    assertTrue(a.startsWith("gcm1:k1:"));
    assertFalse(a.contains("secret"));
    TokenCipher.Opened opened = cipher.open(62515, "access", a);
    assertEquals("CNsecret-token", opened.plaintext());
    assertFalse(opened.underOlderKey());
  }

  @Test
  void aValueIsBoundToItsPortalAndPurpose() {
    TokenCipher cipher = TokenCipher.of(List.of(K0));
    String sealed = cipher.seal(1, "access", "token");
    assertThrows(TokenCipher.SealedValueException.class, () -> cipher.open(2, "access", sealed));
    assertThrows(TokenCipher.SealedValueException.class, () -> cipher.open(1, "refresh", sealed));
  }

  @Test
  void refusesTamperedValuesAndUnknownKeys() {
    TokenCipher cipher = TokenCipher.of(List.of(K0));
    String sealed = cipher.seal(1, "access", "token");
    char last = sealed.charAt(sealed.length() - 1);
    String tampered = sealed.substring(0, sealed.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertThrows(TokenCipher.SealedValueException.class, () -> cipher.open(1, "access", tampered));
    assertThrows(TokenCipher.SealedValueException.class, () -> cipher.open(1, "access", "plain-token"));
    TokenCipher other = TokenCipher.of(List.of(K1));
    var e = assertThrows(TokenCipher.SealedValueException.class, () -> other.open(1, "access", sealed));
    assertFalse(e.getMessage().contains("token"));
  }

  @Test
  void rotationReadsValuesUnderOlderKeysAndSaysSo() {
    String old = TokenCipher.of(List.of(K0)).seal(7, "refresh", "na1-refresh");
    TokenCipher rotated = TokenCipher.of(List.of(K1, K0));
    TokenCipher.Opened opened = rotated.open(7, "refresh", old);
    assertEquals("na1-refresh", opened.plaintext());
    assertTrue(opened.underOlderKey());
  }

  @Test
  void refusesBadKeyConfiguration() {
    assertThrows(IllegalArgumentException.class, () -> TokenCipher.of(List.of("nokid")));
    assertThrows(IllegalArgumentException.class, () -> TokenCipher.of(List.of("k:not base64!")));
    assertThrows(IllegalArgumentException.class, () -> TokenCipher.of(List.of("k:AAAA")));
    assertThrows(IllegalArgumentException.class, () -> TokenCipher.of(List.of(K0, K0)));
    assertThrows(IllegalArgumentException.class, () -> TokenCipher.of(List.of()));
  }
}
