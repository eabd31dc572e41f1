package io.hubgate.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests the way HubSpot does (shared/HUBSPOT.md §1.2), written independently of the gateway's verifier, and
 * checked against HubSpot's published vectors by {@code HubSpotSignerTest}.
 */
public final class HubSpotSigner {

  private HubSpotSigner() {
  }

  /** v3 headers (plus the v1 pair HubSpot sends beside them on CRM webhooks). {@code uri} is the URI after HubSpot's decoding. */
  public static Map<String, String> v3Headers(String secret, String method, String uri, String body, long timestampMillis) {
    String ts = Long.toString(timestampMillis);
    return Map.of(
        "X-HubSpot-Signature-v3", v3(secret, method, uri, body, ts),
        "X-HubSpot-Request-Timestamp", ts,
        "X-HubSpot-Signature", v1(secret, body),
        "X-HubSpot-Signature-Version", "v1");
  }

  public static Map<String, String> v2Headers(String secret, String method, String uri, String body) {
    return Map.of("X-HubSpot-Signature", v2(secret, method, uri, body), "X-HubSpot-Signature-Version", "v2");
  }

  public static Map<String, String> v1Headers(String secret, String body) {
    return Map.of("X-HubSpot-Signature", v1(secret, body), "X-HubSpot-Signature-Version", "v1");
  }

  public static String v3(String secret, String method, String uri, String body, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal((method + uri + body + timestamp).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String v2(String secret, String method, String uri, String body) {
    return sha256Hex(secret + method + uri + body);
  }

  public static String v1(String secret, String body) {
    return sha256Hex(secret + body);
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
