package io.hubgate.portals.oauth;

import io.hubgate.config.SharedRedis;
import java.time.Clock;
import java.util.List;


import io.hubgate.config.HubgateConfig;
import io.hubgate.ratelimit.RateLimiter;
import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.vertx.mutiny.redis.client.Redis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;

/**
 * Builds the OAuth side from configuration: Redis store when {@code quarkus.redis.hosts} is set (looked up lazily, never
 * created without hosts), else memory; the key ring; and the token endpoint on Vert.x's reactive web client. The Quarkus
 * OIDC client is not used: it keeps one token pair per configured client, whereas each portal has its own refresh token,
 * and it hides HubSpot's error body that tells a refused refresh token ({@code BAD_REFRESH_TOKEN}) from a transient failure.
 */
@ApplicationScoped
class OAuthBeans {

  @Produces
  @ApplicationScoped
  TokenCipher cipher(HubgateConfig config) {
    List<String> keys = config.oauth().encryptionKeys().orElse(List.of());
    return cipher(keys, config.oauth().clientId().filter(id -> !id.isBlank()).isPresent(), SharedRedis.configured());
  }

  /**
   * The configured key ring; without keys, refuse to start if OAuth tokens would go to Redis (replicas could not read each
   * other's tokens, and a restart would lose them all), else an ephemeral key (with a warning when OAuth is on).
   */
  static TokenCipher cipher(List<String> configured, boolean oauth, boolean redis) {
    List<String> keys = configured.stream().filter(k -> !k.isBlank()).toList();
    if (!keys.isEmpty()) {
      TokenCipher cipher = TokenCipher.of(keys);
      Log.infof("OAuth tokens are encrypted under key %s (%d key(s) configured)", cipher.currentKid(), keys.size());
      return cipher;
    }
    if (oauth && redis) {
      throw new IllegalStateException("hubgate.oauth.encryption-keys (HUBGATE_OAUTH_ENCRYPTION_KEYS) is required when OAuth "
          + "tokens are stored in Redis: every replica must decrypt them. Generate one with: echo \"k1:$(openssl rand -base64 32)\"");
    }
    if (oauth) {
      Log.warn("No hubgate.oauth.encryption-keys: OAuth tokens are encrypted under an ephemeral key and lost on restart "
          + "(they are kept in memory anyway without Redis)");
    }
    return TokenCipher.ephemeral();
  }

  @Produces
  @ApplicationScoped
  OAuthState state(TokenCipher cipher, Clock clock, HubgateConfig config) {
    return new OAuthState(cipher, clock, config.oauth().stateTtl());
  }

  @Produces
  @ApplicationScoped
  OAuthTokens tokens(HubgateConfig config, Instance<Redis> redis, Vertx vertx, Clock clock, TokenCipher cipher,
      RateLimiter limiter) {
    OAuthSettings settings = OAuthSettings.from(config);
    TokenStore store;
    if (SharedRedis.configured()) {
      store = new RedisTokenStore(redis.get(), config.oauth().keyPrefix());
    } else {
      store = new MemoryTokenStore();
    }
    if (settings.enabled()) {
      settings.requireLockOutlastsRefresh(config.ratelimit().maxWait());
      Log.infof("OAuth app %s: tokens in %s, token endpoint %s", settings.clientId(),
          SharedRedis.configured() ? "Redis" : "memory", settings.url(settings.tokenPath()));
      if (settings.clientSecret() == null || settings.clientSecret().isBlank()) {
        Log.warn("hubgate.oauth.client-id is set but hubgate.oauth.client-secret (HUBGATE_OAUTH_CLIENT_SECRET) is not: "
            + "HubSpot will refuse every token request");
      }
    }
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, settings.requestTimeout().toMillis()))
        // as the HubSpot API clients: no span of the token exchange's URL, no trace context sent to HubSpot
        .setTracingPolicy(TracingPolicy.IGNORE));
    var budget = settings.enabled() ? TokenEndpointBudget.of(limiter, settings.clientId()) : TokenEndpointBudget.NONE;
    return new OAuthTokens(store, cipher, new TokenEndpoint(client, settings, budget), clock, settings);
  }

  /** Builds the beans at start, so that bad keys or a missing key fail the start rather than the first request. */
  void onStart(@Observes StartupEvent event, OAuthTokens tokens, OAuthState state) {
    tokens.enabled();
  }
}
