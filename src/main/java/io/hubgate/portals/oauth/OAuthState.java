package io.hubgate.portals.oauth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.stream.Collectors;

import io.hubgate.problem.ProblemException;

/**
 * The {@code state} of an install: {@code <expiry epoch seconds>.<random nonce>.<portals>.<browser>.<HMAC>}, signed with
 * a key derived from the encryption keys, so that it cannot be forged and expires (it guards the callback against
 * cross-site request forgery). {@code portals} carries the admin's {@code hubgate_portals} ({@code *} or ids joined by
 * {@code _}), so that the callback stores tokens only for a portal the admin who started the install may act for.
 * {@code browser} is the SHA-256 of a random key that {@code /oauth/install} puts in a cookie: the callback must come from
 * the browser that started the install (RFC 9700 §4.7). Verification is stateless (any replica verifies what another
 * issued); single use is the store's ({@link TokenStore#consumeState}, keyed by the nonce).
 */
final class OAuthState {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final TokenCipher keys;
  private final Clock clock;
  private final Duration ttl;

  OAuthState(TokenCipher keys, Clock clock, Duration ttl) {
    this.keys = keys;
    this.clock = clock;
    this.ttl = ttl;
  }

  /** The portals an install may end in: those of the admin who started it. */
  record Allowed(boolean allPortals, Set<Long> portals) {

    boolean allows(long portalId) {
      return allPortals || portals.contains(portalId);
    }
  }

  /** A state that verified: whom it allows, its nonce (for single use) and how long it stays valid. */
  record Verified(Allowed allowed, String nonce, Duration remaining) {

    /** Without the nonce (it names a state that may still be usable). */
    @Override
    public String toString() {
      return "Verified[allowed=" + allowed + ", nonce=***, remaining=" + remaining + "]";
    }
  }

  /** A random key for the install cookie; only its hash goes into the state. */
  static String newBrowserKey() {
    byte[] key = new byte[32];
    RANDOM.nextBytes(key);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
  }

  String issue(Allowed allowed, String browserKey) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    var b64 = Base64.getUrlEncoder().withoutPadding();
    String portals = allowed.allPortals() ? "*"
        : allowed.portals().stream().sorted().map(String::valueOf).collect(Collectors.joining("_"));
    String payload = clock.instant().plus(ttl).getEpochSecond() + "." + b64.encodeToString(nonce) + "." + portals + "."
        + b64.encodeToString(sha256(browserKey));
    return payload + "." + b64.encodeToString(keys.mac(payload.getBytes(StandardCharsets.US_ASCII)));
  }

  /**
   * A state this gateway issued, that has not expired, arriving with the cookie of the browser it was issued to; a 400
   * problem otherwise. Whether it was used before is for the caller to check with the nonce.
   */
  Verified verify(String state, String browserKey) {
    if (state == null || state.isBlank()) {
      throw bad("The callback has no state: start the install at GET /oauth/install.");
    }
    int last = state.lastIndexOf('.');
    if (last <= 0) {
      throw bad("The state is malformed.");
    }
    String payload = state.substring(0, last);
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(state.substring(last + 1));
    } catch (IllegalArgumentException e) {
      throw bad("The state is malformed.");
    }
    boolean signed = false;
    for (byte[] expected : keys.macs(payload.getBytes(StandardCharsets.US_ASCII))) {
      signed |= MessageDigest.isEqual(expected, signature);
    }
    if (!signed) {
      throw bad("The state was not issued by this gateway.");
    }
    String[] fields = payload.split("\\.", -1);
    long expiry;
    Allowed allowed;
    byte[] browser;
    try {
      expiry = Long.parseLong(fields[0]);
      allowed = "*".equals(fields[2]) ? new Allowed(true, Set.of())
          : new Allowed(false, fields[2].isEmpty() ? Set.of()
              : Arrays.stream(fields[2].split("_")).map(Long::valueOf).collect(Collectors.toUnmodifiableSet()));
      browser = Base64.getUrlDecoder().decode(fields[3]);
    } catch (RuntimeException e) {
      throw bad("The state is malformed.");
    }
    long now = clock.instant().getEpochSecond();
    if (now > expiry) {
      throw bad("The state has expired: start the install again at GET /oauth/install.");
    }
    if (browserKey == null || browserKey.isBlank()) {
      throw bad("The install must end in the browser that started it, which has the install cookie: start the install "
          + "again at GET /oauth/install in this browser.");
    }
    if (!MessageDigest.isEqual(browser, sha256(browserKey))) {
      throw bad("The install cookie is not the one of the browser that started this install.");
    }
    // valid through its expiry second
    return new Verified(allowed, fields[1], Duration.ofSeconds(expiry + 1 - now));
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  static ProblemException bad(String detail) {
    return new ProblemException(400, "bad-oauth-state", "Bad OAuth State", detail);
  }
}
