package io.hubgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.hubgate.webhook.SignatureVersion;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
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

  interface HubSpot {

    /** Base URL of HubSpot's API. Default {@code https://api.hubapi.com}. */
    @WithDefault("https://api.hubapi.com")
    URI baseUrl();
  }

  interface Portal {

    /** The portal's private-app access token ({@code pat-...}). Absent for portals installed through OAuth. */
    Optional<String> accessToken();

    /** The HubSpot app id behind the token: HubSpot's burst budget is per app and portal. Default {@code private}. */
    @WithDefault("private")
    String appId();
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
