package io.hubgate.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.vertx.core.json.JsonObject;

/**
 * RS256 JWTs as the identity provider would issue them, signed with the test-only key whose public half is the test
 * profile's {@code quarkus.oidc.public-key}. Also forgeries: other keys, expired, wrong issuer.
 */
public final class TestTokens {

  public static final String ISSUER = "hubgate-test";
  /** The public key matching the signing key, for gateway processes started by tests. */
  public static final String PUBLIC_KEY;
  private static final PrivateKey KEY;

  static {
    try (InputStream in = TestTokens.class.getResourceAsStream("/test-signing-key.pem")) {
      String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
          .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      var factory = KeyFactory.getInstance("RSA");
      KEY = factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
      var crt = (java.security.interfaces.RSAPrivateCrtKey) KEY;
      var publicKey = factory.generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
      PUBLIC_KEY = Base64.getEncoder().encodeToString(publicKey.getEncoded());
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private TestTokens() {
  }

  /** A valid token for these portals (ids, or "*") with these space-separated scopes. */
  public static String token(String scopes, Object... portals) {
    return sign(claims(scopes, portals), KEY);
  }

  public static Map<String, String> bearer(String scopes, Object... portals) {
    return Map.of("Authorization", "Bearer " + token(scopes, portals));
  }

  public static JsonObject claims(String scopes, Object... portals) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject()
        .put("iss", ISSUER)
        .put("sub", "service-under-test")
        .put("iat", now)
        .put("exp", now + 3600)
        .put("scope", scopes)
        .put("hubgate_portals", List.of(portals));
  }

  public static String sign(JsonObject claims) {
    return sign(claims, KEY);
  }

  /** The same claims signed by a key the gateway does not trust. */
  public static String forged(JsonObject claims) {
    try {
      var generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return sign(claims, generator.generateKeyPair().getPrivate());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(JsonObject claims, PrivateKey key) {
    try {
      var encoder = Base64.getUrlEncoder().withoutPadding();
      String unsigned = encoder.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
          + "." + encoder.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
      var signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(unsigned.getBytes(StandardCharsets.US_ASCII));
      return unsigned + "." + encoder.encodeToString(signature.sign());
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
