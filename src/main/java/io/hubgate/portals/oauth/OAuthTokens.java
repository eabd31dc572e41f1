package io.hubgate.portals.oauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.hubgate.access.AccessProblems;
import io.hubgate.portals.PortalNotAuthorizedException;
import io.hubgate.problem.ProblemException;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;

/**
 * The OAuth side of a portal's HubSpot credentials: installs (code exchange), encrypted storage, and refresh.
 * <p>
 * Refresh: an access token is used until {@code refresh-margin} before the expiry HubSpot gave ({@code expires_in}), then
 * refreshed, once per portal across all replicas. Within a replica concurrent callers share one in-flight refresh; across
 * replicas a Redis lock ({@code SET NX PX}, compare-and-delete) lets one replica refresh while the others back off
 * (20 ms doubling to 500 ms, bounded by {@code refresh-wait}) and re-read the store until the new token is there. The
 * holder re-reads the record under the lock, so a replica that arrives after a refresh finished uses its result instead of
 * refreshing again. A refresh token HubSpot refuses ({@code invalid_grant}) marks the portal as needing re-authorisation
 * in the store; callers then get {@link PortalNotAuthorizedException#reauthorizationNeeded} until the next install.
 * <p>
 * Fencing: every write that follows a read (refreshed tokens, the re-authorisation mark, a re-encryption) is a
 * compare-and-set on the record read ({@link TokenStore#replace}), so a refresh that outlived its lock, or an
 * {@code invalid_grant} that arrives late, never overwrites a newer install or refresh; the newer record then serves.
 * Start-up validation also makes the lock outlast the longest refresh ({@link OAuthSettings#requireLockOutlastsRefresh}).
 */
public final class OAuthTokens {

  private static final String ACCESS = "access";
  private static final String REFRESH = "refresh";
  private static final Duration FIRST_WAIT = Duration.ofMillis(20);
  private static final Duration LONGEST_WAIT = Duration.ofMillis(500);

  /** The result of an install: the portal and app, never the tokens. */
  public record Installed(long portalId, String appId, List<String> scopes) {
  }

  /** A decrypted record. */
  private record Current(String raw, String access, String refresh, Instant issuedAt, Instant expiresAt, String appId,
      boolean reauthorizationNeeded) {

    /** Without the tokens. */
    @Override
    public String toString() {
      return "Current[raw=***, access=***, refresh=***, issuedAt=" + issuedAt + ", expiresAt=" + expiresAt + ", appId="
          + appId + ", reauthorizationNeeded=" + reauthorizationNeeded + "]";
    }
  }

  private final TokenStore store;
  private final TokenCipher cipher;
  private final TokenEndpoint endpoint;
  private final Clock clock;
  private final OAuthSettings settings;
  private final Map<String, Uni<String>> inFlight = new ConcurrentHashMap<>();
  /**
   * Fresh tokens this replica has seen, so that most calls cost no Redis round trip. Safe: a token is used from here only
   * while fresh; refreshes, re-authorisation and 401s always go through the store.
   */
  private final Map<Long, Current> local = new ConcurrentHashMap<>();

  OAuthTokens(TokenStore store, TokenCipher cipher, TokenEndpoint endpoint, Clock clock, OAuthSettings settings) {
    this.store = store;
    this.cipher = cipher;
    this.endpoint = endpoint;
    this.clock = clock;
    this.settings = settings;
  }

  /** Whether an app is configured (client id); without one nothing is ever installed. */
  public boolean enabled() {
    return settings.enabled();
  }

  /** A token valid now (refreshed first if it is within the margin of its expiry). */
  public Uni<String> accessToken(long portalId) {
    Current known = local.get(portalId);
    if (known != null && fresh(known)) {
      return Uni.createFrom().item(known.access());
    }
    return current(portalId).flatMap(c -> {
      usable(portalId, c);
      if (fresh(c)) {
        return Uni.createFrom().item(c.access());
      }
      return singleFlight("expiry:" + portalId, () -> coordinated(portalId, this::stale, true));
    });
  }

  /**
   * HubSpot refused {@code rejected} with 401: the current token if another one replaced it meanwhile, else one refresh
   * (shared by every caller that saw the same token refused). Never more than one refresh per call.
   */
  public Uni<String> afterUnauthorized(long portalId, String rejected) {
    return current(portalId).flatMap(c -> {
      usable(portalId, c);
      if (!c.access().equals(rejected) && fresh(c)) {
        return Uni.createFrom().item(c.access());
      }
      Predicate<Current> needed = t -> t.access().equals(rejected) || stale(t);
      return singleFlight("rejected:" + portalId + ":" + rejected, () -> coordinated(portalId, needed, false))
          .map(token -> {
            if (token.equals(rejected)) {
              throw new PortalNotAuthorizedException(portalId, "HubSpot refused the OAuth access token and no newer one is available.");
            }
            return token;
          });
    });
  }

  /** The HubSpot app id behind the portal's OAuth tokens (from HubSpot's token information), or null. */
  public Uni<String> appId(long portalId) {
    Current known = local.get(portalId);
    if (known != null && fresh(known)) {
      return Uni.createFrom().item(known.appId()); // every OAuth call asks: no Redis round trip while the token is fresh
    }
    return current(portalId).map(c -> c == null ? null : c.appId());
  }

  /** Exchanges an authorisation code, learns the portal and app from HubSpot, and stores the tokens encrypted. */
  public Uni<Installed> install(String code, String redirectUri) {
    return install(code, redirectUri, portalId -> true);
  }

  /** As {@link #install(String, String)}, storing nothing (403) when the portal is not one {@code allowed} accepts. */
  Uni<Installed> install(String code, String redirectUri, java.util.function.LongPredicate allowed) {
    if (!enabled()) {
      return Uni.createFrom().failure(notEnabled());
    }
    return endpoint.exchangeCode(code, redirectUri)
        .onFailure(TokenEndpointException.class).transform(e -> {
          Log.warnf("OAuth install: code exchange failed: %s", e.getMessage());
          return new ProblemException(502, "oauth-exchange-failed", "OAuth Exchange Failed",
              "HubSpot did not exchange the authorisation code; start the install again at GET /oauth/install.");
        })
        .flatMap(tokens -> endpoint.introspect(tokens.accessToken())
            .onFailure().recoverWithItem(e -> {
              Log.warnf("OAuth install: token information unavailable: %s", e.getMessage());
              return null;
            })
            .flatMap(info -> {
              Long hubId = tokens.hubId() != null ? tokens.hubId() : info == null ? null : info.getLong("hub_id");
              if (hubId == null) {
                return Uni.createFrom().failure(new ProblemException(502, "oauth-exchange-failed", "OAuth Exchange Failed",
                    "HubSpot did not say which portal installed the app."));
              }
              if (!allowed.test(hubId)) {
                Log.warnf("OAuth install: portal %d is not among the installing admin's portals; nothing stored", hubId);
                return Uni.createFrom().failure(AccessProblems.portalNotAllowed(hubId));
              }
              Object app = info == null ? null : info.getValue("app_id");
              String appId = app == null ? null : app.toString();
              Instant now = clock.instant();
              String record = seal(hubId, tokens, now, appId);
              List<String> scopes = scopes(tokens.scopes());
              return store.write(hubId, record)
                  .invoke(() -> local.remove(hubId))
                  .invoke(() -> Log.infof("OAuth install: portal %d (app %s) stored its tokens", hubId, appId))
                  .replaceWith(new Installed(hubId, appId, scopes));
            }));
  }

  /** Marks an install state as used (on every replica); a 400 problem if it was used before. */
  Uni<Void> consumeState(OAuthState.Verified state) {
    return store.consumeState(state.nonce(), state.remaining())
        .map(first -> {
          if (!first) {
            Log.warn("OAuth install: a state was presented again; refused");
            throw OAuthState.bad("The state was already used: start the install again at GET /oauth/install.");
          }
          return null;
        });
  }

  /** Forgets the fresh tokens this replica keeps (tests that empty the store between cases). */
  void forgetLocal() {
    local.clear();
  }

  // ---- reading

  private Uni<Current> current(long portalId) {
    return store.read(portalId).flatMap(raw -> {
      if (raw == null) {
        local.remove(portalId);
        return Uni.createFrom().nullItem();
      }
      TokenRecord record = TokenRecord.fromJson(raw);
      if (record.reauthorizationNeeded()) {
        local.remove(portalId);
        return Uni.createFrom().item(new Current(raw, null, null, Instant.EPOCH, Instant.EPOCH, record.appId(), true));
      }
      TokenCipher.Opened access;
      TokenCipher.Opened refresh;
      try {
        access = cipher.open(portalId, ACCESS, record.sealedAccess());
        refresh = cipher.open(portalId, REFRESH, record.sealedRefresh());
      } catch (TokenCipher.SealedValueException e) {
        Log.errorf("OAuth tokens of portal %d cannot be decrypted: %s", portalId, e.getMessage());
        return Uni.createFrom().failure(new PortalNotAuthorizedException(portalId,
            "the stored OAuth tokens cannot be decrypted with the configured keys (hubgate.oauth.encryption-keys); install again."));
      }
      Current current = new Current(raw, access.plaintext(), refresh.plaintext(), Instant.ofEpochMilli(record.issuedAtMs()),
          Instant.ofEpochMilli(record.expiresAtMs()), record.appId(), false);
      remember(portalId, current);
      if (!access.underOlderKey() && !refresh.underOlderKey()) {
        return Uni.createFrom().item(current);
      }
      // rotation: seal again under the current key, unless a refresh replaced the record meanwhile
      String resealed = new TokenRecord(cipher.seal(portalId, ACCESS, current.access()),
          cipher.seal(portalId, REFRESH, current.refresh()), record.issuedAtMs(), record.expiresAtMs(), record.appId(),
          false).toJson();
      return store.replace(portalId, raw, resealed)
          .invoke(done -> Log.infof("OAuth tokens of portal %d re-encrypted under key %s (%s)", portalId, cipher.currentKid(),
              done ? "done" : "already replaced"))
          // the record a later compare-and-set must expect is the one now stored
          .map(done -> done ? new Current(resealed, current.access(), current.refresh(), current.issuedAt(),
              current.expiresAt(), current.appId(), false) : current);
    });
  }

  private void remember(long portalId, Current c) {
    if (fresh(c)) {
      local.put(portalId, c);
    } else {
      local.remove(portalId, c);
    }
  }

  private static void usable(long portalId, Current c) {
    if (c == null) {
      throw PortalNotAuthorizedException.notConfigured(portalId);
    }
    if (c.reauthorizationNeeded()) {
      throw PortalNotAuthorizedException.reauthorizationNeeded(portalId);
    }
  }

  private boolean fresh(Current c) {
    Duration lifetime = Duration.between(c.issuedAt(), c.expiresAt());
    Duration margin = settings.refreshMargin().compareTo(lifetime.dividedBy(2)) > 0 ? lifetime.dividedBy(2) : settings.refreshMargin();
    return clock.instant().isBefore(c.expiresAt().minus(margin));
  }

  private boolean stale(Current c) {
    return !fresh(c);
  }

  private boolean expired(Current c) {
    return !clock.instant().isBefore(c.expiresAt());
  }

  // ---- refreshing

  /** One refresh per key at a time in this replica: callers share the in-flight one. */
  private Uni<String> singleFlight(String key, Supplier<Uni<String>> work) {
    return Uni.createFrom().deferred(() -> {
      AtomicReference<Uni<String>> self = new AtomicReference<>();
      return inFlight.computeIfAbsent(key, k -> {
        Uni<String> shared = Uni.createFrom().<String>deferred(work::get)
            .onTermination().invoke(() -> inFlight.remove(k, self.get()))
            .memoize().indefinitely();
        self.set(shared);
        return shared;
      });
    });
  }

  /** The refresh across replicas: take the lock and refresh, or wait for the holder's result. */
  private Uni<String> coordinated(long portalId, Predicate<Current> needed, boolean mayFallBack) {
    return attempt(portalId, needed, mayFallBack, System.nanoTime() + settings.refreshWait().toNanos(), 0);
  }

  private Uni<String> attempt(long portalId, Predicate<Current> needed, boolean mayFallBack, long deadline, int round) {
    String owner = UUID.randomUUID().toString();
    return store.tryLock(portalId, owner, settings.lockTtl())
        .flatMap(locked -> locked
            ? underLock(portalId, needed, mayFallBack, owner)
            : waitForHolder(portalId, needed, mayFallBack, deadline, round));
  }

  private Uni<String> underLock(long portalId, Predicate<Current> needed, boolean mayFallBack, String owner) {
    return current(portalId)
        .flatMap(c -> {
          usable(portalId, c);
          if (!needed.test(c)) {
            return Uni.createFrom().item(c.access()); // another replica refreshed before we took the lock
          }
          return refresh(portalId, c, mayFallBack);
        })
        .eventually(() -> store.unlock(portalId, owner)
            .onFailure().recoverWithNull());
  }

  private Uni<String> refresh(long portalId, Current c, boolean mayFallBack) {
    if (!enabled()) {
      return Uni.createFrom().failure(notEnabled());
    }
    return endpoint.refresh(c.refresh())
        .flatMap(tokens -> {
          Instant now = clock.instant();
          TokenEndpoint.Tokens kept = tokens.refreshToken() == null || tokens.refreshToken().isBlank()
              ? new TokenEndpoint.Tokens(tokens.accessToken(), c.refresh(), tokens.expiresInSeconds(), tokens.hubId(), tokens.scopes())
              : tokens;
          return store.replace(portalId, c.raw(), seal(portalId, kept, now, c.appId()))
              .flatMap(written -> {
                if (!written) {
                  return superseded(portalId, "refresh");
                }
                local.remove(portalId);
                Log.debugf("OAuth tokens of portal %d refreshed; valid for %d s", portalId, kept.expiresInSeconds());
                return Uni.createFrom().item(kept.accessToken());
              });
        })
        .onFailure(TokenEndpointException.class).recoverWithUni(failure -> {
          TokenEndpointException e = (TokenEndpointException) failure;
          if (e.invalidGrant()) {
            Log.warnf("OAuth: HubSpot refused the refresh token of portal %d (%s); the portal needs re-authorisation",
                portalId, e.getMessage());
            String marked = new TokenRecord(null, null, 0, 0, c.appId(), true).toJson();
            return store.replace(portalId, c.raw(), marked)
                .flatMap(written -> {
                  if (!written) {
                    return superseded(portalId, "refused refresh");
                  }
                  local.remove(portalId);
                  return Uni.createFrom().failure(PortalNotAuthorizedException.reauthorizationNeeded(portalId));
                });
          }
          if (mayFallBack && !expired(c)) {
            Log.warnf("OAuth: refresh of portal %d failed (%s); its token is still valid until %s", portalId, e.getMessage(),
                c.expiresAt());
            return Uni.createFrom().item(c.access());
          }
          Log.warnf("OAuth: refresh of portal %d failed: %s", portalId, e.getMessage());
          return Uni.createFrom().failure(unavailable(portalId));
        });
  }

  /**
   * The record changed while this refresh ran (a new install, or another replica's refresh after our lock expired): its
   * result is newer than ours, so ours is dropped and the stored token serves.
   */
  private Uni<String> superseded(long portalId, String what) {
    Log.infof("OAuth: portal %d got newer tokens while its %s was under way; the newer ones are kept", portalId, what);
    local.remove(portalId);
    return current(portalId).map(latest -> {
      usable(portalId, latest);
      return latest.access();
    });
  }

  private Uni<String> waitForHolder(long portalId, Predicate<Current> needed, boolean mayFallBack, long deadline, int round) {
    long delayMs = Math.min(FIRST_WAIT.toMillis() << Math.min(round, 10), LONGEST_WAIT.toMillis());
    Duration delay = Duration.ofMillis(Math.max(1, Math.min(delayMs, (deadline - System.nanoTime()) / 1_000_000)));
    return Uni.createFrom().voidItem()
        .onItem().delayIt().by(delay)
        .chain(() -> current(portalId))
        .flatMap(c -> {
          usable(portalId, c);
          if (!needed.test(c)) {
            return Uni.createFrom().item(c.access());
          }
          if (System.nanoTime() - deadline >= 0) {
            if (mayFallBack && !expired(c)) {
              return Uni.createFrom().item(c.access());
            }
            return Uni.createFrom().failure(unavailable(portalId));
          }
          // the holder may have failed and released the lock: try to take it
          return attempt(portalId, needed, mayFallBack, deadline, round + 1);
        });
  }

  // ---- helpers

  private String seal(long portalId, TokenEndpoint.Tokens tokens, Instant now, String appId) {
    return new TokenRecord(cipher.seal(portalId, ACCESS, tokens.accessToken()),
        cipher.seal(portalId, REFRESH, tokens.refreshToken() == null ? "" : tokens.refreshToken()), now.toEpochMilli(),
        now.plusSeconds(tokens.expiresInSeconds()).toEpochMilli(), appId, false).toJson();
  }

  private static List<String> scopes(JsonArray scopes) {
    return scopes.stream().map(String::valueOf).toList();
  }

  private static ProblemException unavailable(long portalId) {
    return new ProblemException(503, "hubspot-token-unavailable", "HubSpot Token Unavailable",
        "Portal " + portalId + ": the OAuth access token could not be refreshed right now; try again shortly.");
  }

  static ProblemException notEnabled() {
    return new ProblemException(503, "oauth-not-configured", "OAuth Not Configured",
        "The gateway has no HubSpot app configured (hubgate.oauth.client-id, hubgate.oauth.client-secret).");
  }
}
