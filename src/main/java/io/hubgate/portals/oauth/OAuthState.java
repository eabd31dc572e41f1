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
 * The {@code state} of an install: {@code <expiry epoch seconds>.<random nonce>.<portals>.<HMAC>}, signed with a key
 * derived from the encryption keys, so that it cannot be forged and expires (it guards the callback against cross-site
 * request forgery). {@code portals} carries the admin's {@code hubgate_portals} ({@code *} or ids joined by {@code _}), so
 * that the callback stores tokens only for a portal the admin who started the install may act for. Stateless: any replica
 * verifies what another issued.
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

  String issue(Allowed allowed) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    var b64 = Base64.getUrlEncoder().withoutPadding();
    String portals = allowed.allPortals() ? "*"
        : allowed.portals().stream().sorted().map(String::valueOf).collect(Collectors.joining("_"));
    String payload = clock.instant().plus(ttl).getEpochSecond() + "." + b64.encodeToString(nonce) + "." + portals;
    return payload + "." + b64.encodeToString(keys.mac(payload.getBytes(StandardCharsets.US_ASCII)));
  }

  /** The portals of a state this gateway issued that has not expired; a 400 problem otherwise. */
  Allowed verify(String state) {
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
    try {
      expiry = Long.parseLong(fields[0]);
      allowed = "*".equals(fields[2]) ? new Allowed(true, Set.of())
          : new Allowed(false, fields[2].isEmpty() ? Set.of()
              : Arrays.stream(fields[2].split("_")).map(Long::valueOf).collect(Collectors.toUnmodifiableSet()));
    } catch (RuntimeException e) {
      throw bad("The state is malformed.");
    }
    if (clock.instant().getEpochSecond() > expiry) {
      throw bad("The state has expired: start the install again at GET /oauth/install.");
    }
    return allowed;
  }

  private static ProblemException bad(String detail) {
    return new ProblemException(400, "bad-oauth-state", "Bad OAuth State", detail);
  }
}
