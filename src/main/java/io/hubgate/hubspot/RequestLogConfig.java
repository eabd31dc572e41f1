package io.hubgate.hubspot;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The log of requests sent to HubSpot ({@code hubgate.logging.*}, environment {@code HUBGATE_LOGGING_*}); the lines
 * themselves are switched on and off by the level of the category {@value HubSpotRequestLog#CATEGORY}.
 */
@ConfigMapping(prefix = "hubgate.logging")
public interface RequestLogConfig {

  /**
   * Whether a request line also carries the path as sent, record ids and {@code idProperty} values (an email) included,
   * as {@code record_path=}. Off, a line names the path's template only ({@code /crm/v3/objects/contacts/{id}}), so
   * that logs hold no customer identifiers. Default {@code false}.
   */
  @WithDefault("false")
  boolean recordIds();
}
