package io.hubgate.hubspot;

import java.net.URI;
import java.time.Duration;

import io.hubgate.config.HubgateConfig;

/** The client's policy knobs ({@code hubgate.hubspot.*}). */
public record HubSpotClientSettings(URI baseUrl, Duration requestTimeout, Duration connectTimeout, int maxAttempts,
    Duration initialBackoff, Duration maxBackoff, int maxConnections) {

  public static HubSpotClientSettings of(HubgateConfig.HubSpot c) {
    return new HubSpotClientSettings(c.baseUrl(), c.requestTimeout(), c.connectTimeout(), c.maxAttempts(),
        c.retryInitialBackoff(), c.retryMaxBackoff(), c.maxConnections());
  }

  public HubSpotClientSettings withRequestTimeout(Duration timeout) {
    return new HubSpotClientSettings(baseUrl, timeout, connectTimeout, maxAttempts, initialBackoff, maxBackoff,
        maxConnections);
  }

  public HubSpotClientSettings withMaxAttempts(int attempts) {
    return new HubSpotClientSettings(baseUrl, requestTimeout, connectTimeout, attempts, initialBackoff, maxBackoff,
        maxConnections);
  }
}
