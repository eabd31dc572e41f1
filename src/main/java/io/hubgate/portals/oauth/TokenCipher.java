package io.hubgate.portals.oauth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-GCM for tokens at rest, under a ring of keys: the first key encrypts, every key decrypts, so a key is rotated by
 * putting a new one first. A sealed value is {@code gcm1:<kid>:<nonce>:<ciphertext+tag>} (base64url): a random 12-byte
 * nonce per value, the key id beside the ciphertext, and associated data binding it to its portal and purpose (a value
 * copied to another portal's record does not decrypt).
 */
final class TokenCipher {

  private static final String FORMAT = "gcm1";
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  /** A decrypted value, and whether it was sealed under an older key (then it should be sealed again). */
  record Opened(String plaintext, boolean underOlderKey) {

    /** Without the plaintext. */
    @Override
    public String toString() {
      return "Opened[plaintext=***, underOlderKey=" + underOlderKey + "]";
    }
  }

  private final String currentKid;
  private final Map<String, SecretKeySpec> keys;

  private TokenCipher(Map<String, SecretKeySpec> keys) {
    this.keys = keys;
    this.currentKid = keys.keySet().iterator().next();
  }

  /** Keys as configured: {@code kid:base64key}, the first encrypting. */
  static TokenCipher of(List<String> specs) {
    Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
    for (String spec : specs) {
      String trimmed = spec.trim();
      int colon = trimmed.indexOf(':');
      if (colon <= 0 || colon == trimmed.length() - 1) {
        throw new IllegalArgumentException("hubgate.oauth.encryption-keys: each key must be kid:base64key");
      }
      String kid = trimmed.substring(0, colon);
      if (!kid.matches("[A-Za-z0-9_.-]+")) {
        throw new IllegalArgumentException("hubgate.oauth.encryption-keys: a key id may hold letters, digits, '_', '.', '-'");
      }
      byte[] key;
      try {
        key = Base64.getDecoder().decode(trimmed.substring(colon + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("hubgate.oauth.encryption-keys: key " + kid + " is not base64");
      }
      if (key.length != 16 && key.length != 24 && key.length != 32) {
        throw new IllegalArgumentException("hubgate.oauth.encryption-keys: key " + kid + " must be 16, 24 or 32 bytes");
      }
      if (keys.putIfAbsent(kid, new SecretKeySpec(key, "AES")) != null) {
        throw new IllegalArgumentException("hubgate.oauth.encryption-keys: key id " + kid + " appears twice");
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("hubgate.oauth.encryption-keys: no key");
    }
    return new TokenCipher(keys);
  }

  /** A random 256-bit key that lives as long as this process. */
  static TokenCipher ephemeral() {
    return of(List.of("ephemeral:" + Base64.getEncoder().encodeToString(randomBytes(32))));
  }

  /** A fresh key spec, for operators: {@code kid:base64key}. */
  static String newKeySpec(String kid) {
    return kid + ":" + Base64.getEncoder().encodeToString(randomBytes(32));
  }

  String currentKid() {
    return currentKid;
  }

  String seal(long portalId, String purpose, String plaintext) {
    byte[] nonce = randomBytes(NONCE_BYTES);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, keys.get(currentKid), new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(aad(portalId, purpose));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      var b64 = Base64.getUrlEncoder().withoutPadding();
      return FORMAT + ":" + currentKid + ":" + b64.encodeToString(nonce) + ":" + b64.encodeToString(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** Fails with {@link SealedValueException} when the value is malformed, under an unknown key, or was tampered with. */
  Opened open(long portalId, String purpose, String sealed) {
    String[] parts = sealed == null ? new String[0] : sealed.split(":");
    if (parts.length != 4 || !FORMAT.equals(parts[0])) {
      throw new SealedValueException("not a sealed value");
    }
    SecretKeySpec key = keys.get(parts[1]);
    if (key == null) {
      throw new SealedValueException("sealed under key " + parts[1] + ", which is not configured");
    }
    try {
      var b64 = Base64.getUrlDecoder();
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, b64.decode(parts[2])));
      cipher.updateAAD(aad(portalId, purpose));
      String plaintext = new String(cipher.doFinal(b64.decode(parts[3])), StandardCharsets.UTF_8);
      return new Opened(plaintext, !parts[1].equals(currentKid));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new SealedValueException("does not decrypt under key " + parts[1] + " (tampered, or another portal's value)");
    }
  }

  /** HMAC-SHA256 under a key derived from each configured key, the current one first (install states). */
  List<byte[]> macs(byte[] data) {
    List<byte[]> macs = new ArrayList<>();
    for (SecretKeySpec key : keys.values()) {
      macs.add(mac(derive(key), data));
    }
    return macs;
  }

  byte[] mac(byte[] data) {
    return mac(derive(keys.get(currentKid)), data);
  }

  private static byte[] derive(SecretKeySpec key) {
    return mac(key.getEncoded(), "hubgate-oauth-state".getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] mac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static byte[] aad(long portalId, String purpose) {
    return ("hubgate-oauth:" + portalId + ":" + purpose).getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[] randomBytes(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return bytes;
  }

  /** A stored value that cannot be decrypted; the message names the key id, never the value. */
  static final class SealedValueException extends RuntimeException {
    SealedValueException(String message) {
      super(message, null, false, false);
    }
  }
}
