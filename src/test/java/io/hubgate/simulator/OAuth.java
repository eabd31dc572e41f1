package io.hubgate.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HubSpot's OAuth side for public apps: registered apps, authorization codes (what HubSpot's authorize
 * redirect would carry), access tokens that expire on the simulator's clock, and refresh tokens.
 */
public final class OAuth {

  /** A public app as registered in the developer account. */
  public record App(String clientId, String clientSecret, long appId, Set<String> redirectUris) {}

  record Grant(String code, String clientId, long portalId, Set<String> scopes, String redirectUri) {}

  record RefreshToken(String token, String clientId, long portalId, Set<String> scopes, long userId) {}

  private final Clock clock;
  private final Random random;
  private final Map<String, App> apps = new ConcurrentHashMap<>();
  private final Map<String, Grant> codes = new ConcurrentHashMap<>();
  private final Map<String, RefreshToken> refreshTokens = new ConcurrentHashMap<>();
  private final Map<String, Credential> accessTokens = new ConcurrentHashMap<>();
  private final Map<Long, AtomicInteger> refreshes = new ConcurrentHashMap<>();
  private final AtomicInteger tokenRequests = new AtomicInteger();
  private final AtomicInteger tokenRefusals = new AtomicInteger();
  private final AtomicLong userIds = new AtomicLong(7_000_000);
  private volatile long installingPortal;
  private volatile Duration accessTokenLifetime;
  private volatile boolean rotateRefreshTokens;
  private volatile int tokenEndpointLimit;
  private volatile Duration tokenEndpointWindow = Duration.ofSeconds(10);
  private volatile RollingWindow tokenWindow;
  private final List<Runnable> heldRefreshes = new ArrayList<>();
  private boolean holdingRefreshes;

  OAuth(Clock clock, SimulatorOptions options) {
    this.clock = clock;
    this.random = new Random(options.seed());
    this.accessTokenLifetime = options.accessTokenLifetime();
    this.rotateRefreshTokens = options.rotateRefreshTokens();
  }

  public OAuth registerApp(String clientId, String clientSecret, long appId, String... redirectUris) {
    apps.put(clientId, new App(clientId, clientSecret, appId, Set.of(redirectUris)));
    return this;
  }

  /** The code HubSpot's authorize page would put on the redirect after the user installed the app. */
  public String authorizationCode(String clientId, long portalId, String... scopes) {
    App app = app(clientId).orElseThrow(() -> new IllegalArgumentException("unknown client " + clientId));
    String code = "code-" + token(24);
    String redirect = app.redirectUris().isEmpty() ? null : app.redirectUris().iterator().next();
    codes.put(code, new Grant(code, clientId, portalId, Set.of(scopes), redirect));
    return code;
  }

  /**
   * The portal whose user "installs" the app on {@code GET /oauth/authorize}: the simulator skips HubSpot's
   * login and consent pages and redirects straight back with a code for this portal.
   */
  public OAuth installingPortal(long portalId) {
    this.installingPortal = portalId;
    return this;
  }

  long installingPortal() {
    return installingPortal;
  }

  /** As {@code DELETE /oauth/v1/refresh-tokens/{token}}: access tokens already issued stay valid. */
  public void revokeRefreshToken(String refreshToken) {
    refreshTokens.remove(refreshToken);
  }

  /** Makes an issued access token unknown (HubSpot-side revocation), so calls with it get 401. */
  public void revokeAccessToken(String accessToken) {
    accessTokens.remove(accessToken);
  }

  /** Successful {@code refresh_token} grants for the portal since start or {@link #resetCounters()}. */
  public int refreshCount(long portalId) {
    AtomicInteger count = refreshes.get(portalId);
    return count == null ? 0 : count.get();
  }

  /** Every request to a token endpoint, whatever its outcome. */
  public int tokenRequestCount() {
    return tokenRequests.get();
  }

  /** Token-endpoint requests refused with 429 by {@link #tokenEndpointLimit}. */
  public int tokenEndpointRefusals() {
    return tokenRefusals.get();
  }

  public void resetCounters() {
    refreshes.clear();
    tokenRequests.set(0);
    tokenRefusals.set(0);
  }

  public OAuth accessTokenLifetime(Duration lifetime) {
    this.accessTokenLifetime = lifetime;
    return this;
  }

  public OAuth rotateRefreshTokens(boolean rotate) {
    this.rotateRefreshTokens = rotate;
    return this;
  }

  /**
   * Limits the token endpoint itself to {@code max} requests per rolling {@code window} (all clients together;
   * HubSpot does not publish its figure). 0 switches the limit off, the default.
   */
  public synchronized OAuth tokenEndpointLimit(int max, Duration window) {
    this.tokenEndpointLimit = max;
    this.tokenEndpointWindow = window;
    this.tokenWindow = new RollingWindow(window.toNanos());
    return this;
  }

  /**
   * Holds every {@code refresh_token} grant from now on (before the refresh token is looked up) until
   * {@link #releaseRefreshes()}: a refresh as slow as a test needs, with no timing assumption.
   */
  public synchronized OAuth holdRefreshes() {
    holdingRefreshes = true;
    return this;
  }

  /** Refresh grants waiting to be answered. */
  public synchronized int heldRefreshes() {
    return heldRefreshes.size();
  }

  /** Answers the held refresh grants, as HubSpot would now (revocations since they arrived apply), and stops holding. */
  public void releaseRefreshes() {
    List<Runnable> release;
    synchronized (this) {
      holdingRefreshes = false;
      release = List.copyOf(heldRefreshes);
      heldRefreshes.clear();
    }
    release.forEach(Runnable::run);
  }

  synchronized boolean holdRefresh(Runnable answer) {
    if (holdingRefreshes) {
      heldRefreshes.add(answer);
    }
    return holdingRefreshes;
  }

  /** Currently valid or expired access tokens issued for the portal. */
  public long issuedAccessTokens(long portalId) {
    return accessTokens.values().stream().filter(c -> c.portalId() == portalId).count();
  }

  Optional<App> app(String clientId) {
    return Optional.ofNullable(clientId == null ? null : apps.get(clientId));
  }

  Credential accessToken(String token) {
    return accessTokens.get(token);
  }

  RefreshToken refreshToken(String token) {
    return token == null ? null : refreshTokens.get(token);
  }

  Grant redeemCode(String code) {
    return code == null ? null : codes.remove(code);
  }

  boolean admitTokenRequest() {
    tokenRequests.incrementAndGet();
    RollingWindow window = tokenWindow;
    if (tokenEndpointLimit <= 0 || window == null) {
      return true;
    }
    boolean admitted = window.tryAcquire(System.nanoTime(), tokenEndpointLimit, false).admitted();
    if (!admitted) {
      tokenRefusals.incrementAndGet();
    }
    return admitted;
  }

  Duration tokenEndpointWindow() {
    return tokenEndpointWindow;
  }

  /** An access token with the refresh token that goes with it. */
  record Issued(Credential access, String refreshToken) {}

  /** Issues an access token and, for a code grant, a new refresh token; a refresh grant keeps its token. */
  Issued issue(App app, long portalId, Set<String> scopes, RefreshToken existing) {
    Instant expires = clock.instant().plus(accessTokenLifetime);
    long userId = existing == null ? userIds.incrementAndGet() : existing.userId();
    String refresh = existing == null ? null : existing.token();
    if (existing == null || rotateRefreshTokens) {
      refresh = "na1-" + token(4) + "-" + token(4) + "-" + token(4) + "-" + token(4) + "-" + token(12);
      if (existing != null) {
        refreshTokens.remove(existing.token());
      }
      refreshTokens.put(refresh, new RefreshToken(refresh, app.clientId(), portalId, scopes, userId));
    }
    if (existing != null) {
      refreshes.computeIfAbsent(portalId, id -> new AtomicInteger()).incrementAndGet();
    }
    String access = "CN" + token(150);
    Credential credential = new Credential(access, portalId, app.appId(), scopes, Credential.Kind.OAUTH, expires,
        app.clientId(), userId);
    accessTokens.put(access, credential);
    return new Issued(credential, refresh);
  }

  private synchronized String token(int length) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return out.toString();
  }
}
