package io.hubgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubgate.webhook.SignatureVersion;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Every Hubgate setting, under the prefix {@code hubgate}. Keys are kebab-case
 * ({@code hubgate.webhook.client-secrets}); each can also be set from the environment
 * ({@code HUBGATE_WEBHOOK_CLIENT_SECRETS}). Secrets come from the environment or a Kubernetes secret, never a committed file.
 */
@ConfigMapping(prefix = "hubgate")
public interface HubgateConfig {

  /** Receiving HubSpot's webhooks. */
  Webhook webhook();

  /** HubSpot itself, for every outbound call. */
  HubSpot hubspot();

  /**
   * Per-portal settings, keyed by portal id: {@code hubgate.portals."62515".access-token} (environment
   * {@code HUBGATE_PORTALS__62515__ACCESS_TOKEN}, or a Kubernetes secret mounted as such).
   */
  Map<String, Portal> portals();

  /** The gateway's own HubSpot public app: the install flow, encrypted token storage and refresh. */
  OAuth oauth();

  /** The shared HubSpot budget: limiter tuning and the budget of portals without settings of their own. */
  RateLimit ratelimit();

  interface HubSpot {

    /** Base URL of HubSpot's API. Default {@code https://api.hubapi.com}. */
    @WithDefault("https://api.hubapi.com")
    URI baseUrl();

    /** Longest wait for HubSpot's answer to one attempt (timed-out non-idempotent calls are not resent). Default {@code PT30S}. */
    @WithDefault("PT30S")
    Duration requestTimeout();

    /** Longest wait for a TCP connection to HubSpot. Default {@code PT5S}. */
    @WithDefault("PT5S")
    Duration connectTimeout();

    /**
     * Attempts per call, the first included, over 429s, 5xx, timeouts and dropped connections (a 401 adds at most one
     * more). {@code 1} turns retries off. Default {@code 4}.
     */
    @WithDefault("4")
    @Min(1)
    @Max(10)
    int maxAttempts();

    /** First back-off after a 5xx, timeout or dropped connection; doubled per attempt, with ±50 % jitter. Default {@code PT0.25S}. */
    @WithDefault("PT0.25S")
    Duration retryInitialBackoff();

    /** Longest back-off between two attempts (also caps a 429's {@code Retry-After} wait). Default {@code PT12S}. */
    @WithDefault("PT12S")
    Duration retryMaxBackoff();

    /** Connections to HubSpot per replica (HTTP/1.1 keep-alive pool). Default {@code 64}. */
    @WithDefault("64")
    @Min(1)
    int maxConnections();
  }

  interface OAuth {

    /**
     * The public app's client id. Without it OAuth is off: {@code GET /oauth/install} answers 503 and portals need a
     * private-app token ({@code hubgate.portals."<id>".access-token}).
     */
    Optional<String> clientId();

    /** The app's client secret: from the environment ({@code HUBGATE_OAUTH_CLIENT_SECRET}) or a Kubernetes secret only. */
    Optional<String> clientSecret();

    /** Scopes the install asks for, comma-separated. Default {@code oauth}. */
    @WithDefault("oauth")
    List<String> scopes();

    /** Scopes the installing user may grant or not ({@code optional_scope}), comma-separated. Default none. */
    Optional<List<String>> optionalScopes();

    /** HubSpot's authorize page. Default {@code https://app.hubspot.com/oauth/authorize}. */
    @WithDefault("https://app.hubspot.com/oauth/authorize")
    URI authorizeUrl();

    /**
     * The callback URL registered in the app, as HubSpot's browser redirect reaches it (for instance
     * {@code https://gateway.example.com/oauth/callback}). Default: {@code /oauth/callback} on the URL of the install request.
     */
    Optional<URI> redirectUri();

    /**
     * Path of the body-parameter token endpoint on {@code hubgate.hubspot.base-url}. HubSpot's {@code /oauth/v1/token} shuts
     * down on 2027-02-16; default its date-versioned successor {@code /oauth/2026-03/token}.
     */
    @WithDefault("/oauth/2026-03/token")
    String tokenPath();

    /** Path of the token introspection endpoint (the app id and hub id of a token). Default {@code /oauth/2026-03/token/introspect}. */
    @WithDefault("/oauth/2026-03/token/introspect")
    String introspectPath();

    /**
     * AES keys that encrypt the stored tokens, comma-separated {@code kid:base64key} (16, 24 or 32 bytes): the first encrypts,
     * all decrypt, so a key is rotated by putting a new one first. From the environment ({@code HUBGATE_OAUTH_ENCRYPTION_KEYS})
     * or a Kubernetes secret. Without any: with Redis and a client id the gateway refuses to start; otherwise an ephemeral
     * key is generated with a warning (tokens are lost with the process anyway).
     */
    Optional<List<String>> encryptionKeys();

    /**
     * How long before its expiry an access token is refreshed (at most half of its lifetime). HubSpot issues 30-minute tokens.
     * Default {@code PT5M}.
     */
    @WithDefault("PT5M")
    Duration refreshMargin();

    /**
     * Whether the install cookie (which binds an install's {@code state} to the browser that started it) is {@code Secure}.
     * Default: when the install request or {@code redirect-uri} is https.
     */
    Optional<Boolean> cookieSecure();

    /** How long an install's {@code state} stays valid (and can be used, once). Default {@code PT10M}. */
    @WithDefault("PT10M")
    Duration stateTtl();

    /** How long a caller waits for a refresh that another replica is doing before it gets 503. Default {@code PT10S}. */
    @WithDefault("PT10S")
    Duration refreshWait();

    /**
     * Lifetime of the per-portal refresh lock (a replica that dies mid-refresh releases it after this). Must exceed the
     * longest refresh, {@code token-endpoint-attempts × (token-endpoint-timeout + hubgate.ratelimit.max-wait) +
     * (attempts − 1) × token-endpoint-max-delay} (64 s with the defaults), or the gateway refuses to start. Default {@code PT75S}.
     */
    @WithDefault("PT75S")
    Duration lockTtl();

    /** Attempts at the token endpoint on 429 (and, for refreshes, 5xx and transport errors). Default 3. */
    @WithDefault("3")
    @Min(1)
    @Max(10)
    int tokenEndpointAttempts();

    /** First back-off between attempts at the token endpoint (doubling, with jitter). Default {@code PT0.2S}. */
    @WithDefault("PT0.2S")
    Duration tokenEndpointBackoff();

    /** Longest wait between attempts, also the cap on HubSpot's {@code Retry-After}. Default {@code PT2S}. */
    @WithDefault("PT2S")
    Duration tokenEndpointMaxDelay();

    /**
     * Requests to HubSpot's token endpoint per 10 s, all portals and replicas together (HubSpot limits it but publishes
     * no figure; refreshes are one per portal and expiry anyway). Default {@code 50}.
     */
    @WithDefault("50")
    @Min(1)
    int tokenEndpointBurstLimit();

    /** Timeout of one request to the token endpoint. Default {@code PT10S}. */
    @WithDefault("PT10S")
    Duration tokenEndpointTimeout();

    /** Prefix of the Redis keys ({@code <prefix>:{<portalId>}:tokens} and {@code :lock}). Default {@code hubgate:oauth}. */
    @WithDefault("hubgate:oauth")
    String keyPrefix();
  }

  interface Portal {

    /** The portal's private-app access token ({@code pat-...}). Absent for portals installed through OAuth. */
    Optional<String> accessToken();

    /** The HubSpot app id behind the token: HubSpot's burst budget is per app and portal. Default {@code private}. */
    @WithDefault("private")
    String appId();

    /**
     * HubSpot's published limits for this portal's plan ({@code FREE}, {@code STARTER}, {@code PROFESSIONAL},
     * {@code ENTERPRISE}, {@code API_LIMIT_INCREASE}, {@code PUBLIC_APP}). Default: {@code hubgate.ratelimit.default-tier}.
     */
    Optional<HubSpotTier> tier();

    /** Requests per rolling 10 s for this (app, portal); overrides the tier's. */
    Optional<Integer> burstLimit();

    /** Requests per day for the portal, all apps together; overrides the tier's; 0 means no cap. */
    Optional<Long> dailyLimit();
  }

  /** Limiter tuning ({@link io.hubgate.ratelimit.LimiterSettings}); Redis is used when {@code quarkus.redis.hosts} is set. */
  interface RateLimit {

    /** The limits of portals without a tier or limits of their own: {@code FREE}, the lowest (100 per 10 s, 250,000 a day). */
    @WithDefault("FREE")
    HubSpotTier defaultTier();

    /** δ: the rolling window is widened by this much to absorb time in flight; utilisation is 10 s ÷ (10 s + δ). Default {@code PT0.2S}. */
    @WithDefault("PT0.2S")
    Duration safetyMargin();

    /** Longest an interactive or search call is scheduled ahead; beyond it the caller gets 429 with {@code Retry-After}. Default {@code PT10S}. */
    @WithDefault("PT10S")
    Duration maxWait();

    /** The same for bulk calls ({@code X-Hubgate-Priority: bulk}). Default {@code PT20S}. */
    @WithDefault("PT20S")
    Duration bulkMaxWait();

    /** Share of each window that bulk calls may never take, kept for interactive ones. Default {@code 0.2}. */
    @WithDefault("0.2")
    double interactiveReserve();

    /** Most replicas that can run at once (HPA maxReplicas): during a Redis outage each admits budget ÷ this. Default {@code 3}. */
    @WithDefault("3")
    @Min(1)
    int maxReplicas();

    /**
     * A limiter call to Redis slower than this counts Redis as unreachable (local fallback). Default {@code PT1S}: a
     * false alarm costs a quarantine of the longest booked wait plus a window with no admissions, far more than a
     * second's wait in a real outage; 0.25 s was taken for outages by cold replicas on a busy node.
     */
    @WithDefault("PT1S")
    Duration redisTimeout();

    /** During an outage, how often a busy replica checks whether Redis is back. Default {@code PT0.25S}. */
    @WithDefault("PT0.25S")
    Duration probeInterval();

    /** Whether a search also takes a slot of the 10 s window (HubSpot does not say; yes is safe). Default {@code true}. */
    @WithDefault("true")
    boolean searchCountsTowardBurst();

    /**
     * Calls of one lane (interactive, bulk) go out at least this fraction of W ÷ L apart (0.25: 25 ms at 100 per
     * 10 s, a full window's worth in 2.5 s), so that a window's worth of callers does not reach HubSpot all at once;
     * the long-run rate is unchanged. Never more than δ ÷ 4 apart; 0 releases bursts at one instant. Default {@code 0.25}.
     */
    @WithDefault("0.25")
    @DecimalMin("0")
    @DecimalMax("1")
    double spacing();

    /**
     * The part of δ a call may spend leaving: its permit is good until this share of δ after its slot; a call not
     * written to HubSpot by then is not sent on it but gives the slot back and takes the earliest free one. The rest of
     * δ covers the way to HubSpot (50 ms at the defaults). Default {@code 0.75}.
     */
    @WithDefault("0.75")
    @DecimalMin("0.05")
    @DecimalMax("1")
    double sendLagShare();

    /** Prefix of the limiter's Redis keys. Default {@code hubgate:rl:}. */
    @WithDefault("hubgate:rl:")
    String keyPrefix();
  }

  interface Webhook {

    /**
     * The app client secrets that may have signed a delivery, comma-separated. Several are accepted at once so that a
     * secret can be rotated without refusing deliveries signed with the old one. Required: without one, every delivery is refused.
     */
    Optional<List<String>> clientSecrets();

    /**
     * The oldest signature version accepted: {@code v1} (default: v1, v2 and v3 all accepted), {@code v2}, or {@code v3}
     * (only HubSpot's timestamped v3 signature, which also protects against replays).
     */
    @WithDefault("v1")
    SignatureVersion minSignatureVersion();

    /** How old a v3 {@code X-HubSpot-Request-Timestamp} may be; HubSpot says 5 minutes. Default {@code PT5M}. */
    @WithDefault("PT5M")
    Duration maxTimestampAge();

    /**
     * The public URL prefix HubSpot calls (scheme, host and any path prefix the ingress strips), for instance
     * {@code https://hooks.example.com}. Signatures cover the URL HubSpot used, so behind a TLS-terminating ingress set
     * this (or enable {@code quarkus.http.proxy.proxy-address-forwarding}). Default: the URL of the request as received.
     */
    Optional<URI> publicBaseUrl();

    /** Largest accepted body in bytes; larger deliveries get 413. Default 1 MiB. */
    @WithDefault("1048576")
    @Min(1024)
    @Max(10 * 1024 * 1024)
    int maxBodyBytes();

    /**
     * How long to wait for the messaging connector to acknowledge every event of a delivery before answering 503.
     * HubSpot gives up on a delivery after 5 seconds, so keep this well below. Default {@code PT3S}.
     */
    @WithDefault("PT3S")
    Duration publishTimeout();

    /** Dropping redeliveries. */
    Dedup dedup();

    /**
     * Serves {@code POST /webhooks/noop}, which reads a delivery and answers 200 without verifying or publishing anything:
     * the baseline of the webhook benchmark. Off by default (404).
     */
    @WithDefault("false")
    boolean noopEndpointEnabled();
  }

  interface Dedup {

    /**
     * How long a published event is remembered. HubSpot retries a failed delivery up to 10 times over 24 hours, so this
     * must be longer. Default {@code PT48H}.
     */
    @WithDefault("PT48H")
    Duration ttl();

    /**
     * How long a claim on an event being published lives if this replica dies before publishing it (after that another
     * delivery may publish it). Default {@code PT30S}.
     */
    @WithDefault("PT30S")
    Duration claimTtl();

    /** Capacity of the in-process store used when no Redis is configured (oldest entries are evicted). Default 200000. */
    @WithDefault("200000")
    @Min(1000)
    int localMaxEntries();

    /** Prefix of the Redis keys. Default {@code hubgate:dedup}. */
    @WithDefault("hubgate:dedup")
    String keyPrefix();
  }
}
