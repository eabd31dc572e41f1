package io.hubgate.simulator;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HubSpot's webhook signatures, exactly as HUBSPOT.md §1.2 gives them; checked against the §1.4 vectors. */
public final class WebhookSigner {

  private static final String[][] V3_DECODED = {
      {"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"},
      {"%27", "'"}, {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"}};

  private WebhookSigner() {
  }

  /** v1: SHA-256 of client secret + body, lowercase hex. */
  public static String v1(String clientSecret, String body) {
    return sha256Hex(clientSecret + body);
  }

  /** v2: SHA-256 of client secret + method + URI (exactly as called) + body, lowercase hex. */
  public static String v2(String clientSecret, String method, String uri, String body) {
    return sha256Hex(clientSecret + method + uri + body);
  }

  /** v3: Base64 HMAC-SHA256 (key: client secret) of method + decoded URI + body + timestamp (ms). */
  public static String v3(String clientSecret, String method, String uri, String body, String timestamp) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(clientSecret.getBytes(UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(
          mac.doFinal((method + decodeForV3(uri) + body + timestamp).getBytes(UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** HubSpot decodes only the escapes in its table before signing v3; others (%20, %26, ...) stay encoded. */
  public static String decodeForV3(String uri) {
    String out = uri;
    for (String[] pair : V3_DECODED) {
      out = out.replace(pair[0], pair[1]).replace(pair[0].toLowerCase(), pair[1]);
    }
    return out;
  }

  private static String sha256Hex(String input) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(input.getBytes(UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
