package io.hubgate.http;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;

/** How the gateway reads request targets ({@code hubgate.http.*}). */
@ConfigMapping(prefix = "hubgate.http")
public interface RequestTargetSettings {

  /**
   * Longest request target (path and query, in bytes) any endpoint accepts; a longer one is answered 414
   * {@code request-target-too-long} before routing. It must stay below {@code quarkus.http.limits.max-initial-line-length}
   * (the whole request line), checked at start-up, or the HTTP server refuses first without a problem body. HubSpot's
   * own front end accepts targets of about 16 KiB. Default {@code 8192}; environment
   * {@code HUBGATE_HTTP_MAX_REQUEST_TARGET_LENGTH}.
   */
  @WithDefault("8192")
  @Min(256)
  int maxRequestTargetLength();
}
