package io.hubgate.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies HubSpot's webhook signatures (v1, v2, v3) as HubSpot specifies them; pure, no CDI, safe on the event loop.
 * <ul>
 * <li>v3: base64 HMAC-SHA256, keyed by the client secret, over method + URI + body + timestamp, where the URI has HubSpot's
 * table of percent-escapes decoded first; the timestamp must be no older than the configured age.</li>
 * <li>v2: hex SHA-256 over secret + method + URI + body. v1: hex SHA-256 over secret + body.</li>
 * </ul>
 * When v3 headers are present v3 is verified and the older signature (which HubSpot sends beside it) is ignored. Every
 * configured secret is tried (rotation) and every comparison is constant-time; all secrets are always tried, so timing
 * does not tell which one matched.
 */
final class SignatureVerifier {

  /** The outcome; {@code version} is the version that was checked (null when none could be). */
  enum Verdict {
    VALID, INVALID, MISSING, STALE, VERSION_TOO_OLD
  }

  record Result(Verdict verdict, SignatureVersion version) {
  }

  private static final String[][] V3_URI_ESCAPES = {
      {"%3A", ":"}, {"%2F", "/"}, {"%3F", "?"}, {"%40", "@"}, {"%21", "!"}, {"%24", "$"},
      {"%27", "'"}, {"%28", "("}, {"%29", ")"}, {"%2A", "*"}, {"%2C", ","}, {"%3B", ";"}};

  private final List<byte[]> secrets;
  private final SignatureVersion minimum;
  private final Duration maxAge;
  private final Clock clock;

  SignatureVerifier(List<String> secrets, SignatureVersion minimum, Duration maxAge, Clock clock) {
    this.secrets = secrets.stream().map(s -> s.getBytes(StandardCharsets.UTF_8)).toList();
    this.minimum = minimum;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  Result verify(SignedRequest request) {
    if (present(request.signatureV3())) {
      return new Result(verifyV3(request), SignatureVersion.V3);
    }
    if (!present(request.signature())) {
      return new Result(Verdict.MISSING, null);
    }
    SignatureVersion version = SignatureVersion.ofHeader(request.signatureVersion());
    if (version == null) {
      return new Result(Verdict.INVALID, null);
    }
    if (version.compareTo(minimum) < 0) {
      return new Result(Verdict.VERSION_TOO_OLD, version);
    }
    byte[] expected = HexFormat.of().parseHex(isHex64(request.signature()) ? request.signature().toLowerCase(java.util.Locale.ROOT) : "00");
    boolean match = false;
    for (byte[] secret : secrets) {
      byte[] computed = version == SignatureVersion.V1
          ? sha256(secret, request.body())
          : sha256(secret, ascii(request.method()), utf8(request.uri()), request.body());
      match |= MessageDigest.isEqual(computed, expected);
    }
    return new Result(match ? Verdict.VALID : Verdict.INVALID, version);
  }

  private Verdict verifyV3(SignedRequest request) {
    long timestamp;
    try {
      timestamp = Long.parseLong(request.timestamp() == null ? "" : request.timestamp().trim());
    } catch (NumberFormatException e) {
      return Verdict.INVALID;
    }
    long ageMillis = clock.millis() - timestamp;
    if (Math.abs(ageMillis) > maxAge.toMillis()) {
      return Verdict.STALE;
    }
    byte[] expected;
    try {
      expected = Base64.getDecoder().decode(request.signatureV3().trim());
    } catch (IllegalArgumentException e) {
      return Verdict.INVALID;
    }
    byte[] method = ascii(request.method());
    byte[] uri = utf8(decodeV3Uri(request.uri()));
    byte[] ts = ascii(request.timestamp().trim());
    boolean match = false;
    for (byte[] secret : secrets) {
      match |= MessageDigest.isEqual(hmacSha256(secret, method, uri, request.body(), ts), expected);
    }
    return match ? Verdict.VALID : Verdict.INVALID;
  }

  /** Decodes exactly the escapes in HubSpot's v3 table (either hex case); every other escape stays as it is. */
  static String decodeV3Uri(String uri) {
    if (uri.indexOf('%') < 0) {
      return uri;
    }
    var out = new StringBuilder(uri.length());
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '%' && i + 2 < uri.length()) {
        String escape = uri.substring(i, i + 3).toUpperCase(java.util.Locale.ROOT);
        String decoded = null;
        for (String[] pair : V3_URI_ESCAPES) {
          if (pair[0].equals(escape)) {
            decoded = pair[1];
            break;
          }
        }
        if (decoded != null) {
          out.append(decoded);
          i += 2;
          continue;
        }
      }
      out.append(c);
    }
    return out.toString();
  }

  private static boolean present(String header) {
    return header != null && !header.isBlank();
  }

  private static boolean isHex64(String s) {
    if (s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (Character.digit(s.charAt(i), 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] sha256(byte[]... parts) {
    try {
      var digest = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        digest.update(part);
      }
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmacSha256(byte[] key, byte[]... parts) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] part : parts) {
        mac.update(part);
      }
      return mac.doFinal();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
