package io.hubgate.writes;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Coalescing single-record HubSpot calls into batches ({@code hubgate.coalescing.*}, environment
 * {@code HUBGATE_COALESCING_*}). Start-up fails on values outside the bounds, and when the caller timeout does not
 * exceed the linger.
 */
@ConfigMapping(prefix = "hubgate.coalescing")
public interface CoalescingConfig {

  /**
   * Whether single-record calls to {@code /hubspot/{portalId}/...} (create, read, update, archive, default
   * association) go out in HubSpot batches; off, every call is forwarded on its own. Default {@code true}.
   */
  @WithDefault("true")
  boolean enabled();

  /** Inputs per batch request; HubSpot takes at most 100 (50 for reads with property history). Default {@code 100}. */
  @WithDefault("100")
  @Min(1)
  @Max(100)
  int maxBatchSize();

  /**
   * How long a partial batch waits for companions: it leaves once no input of its key has arrived (and no batch of its
   * key has finished) for this long, and none of its key is in flight. A full batch leaves at once. A lone input at low
   * load waits just this. Default {@code PT0.05S}.
   */
  @WithDefault("PT0.05S")
  Duration linger();

  /**
   * Longest a partial batch's oldest input waits while inputs keep arriving (a steady trickle never leaves the linger
   * quiet); at least the linger. Default {@code PT0.5S}.
   */
  @WithDefault("PT0.5S")
  Duration maxLinger();

  /** Inputs waiting per portal, all keys together; beyond it callers get 429 with {@code Retry-After}. Default {@code 10000}. */
  @WithDefault("10000")
  @Min(1)
  int queueCapacity();

  /**
   * Batch requests per portal at once (waiting for a permit or for HubSpot). While all are busy the next batches keep
   * filling, so under saturation each request carries a full batch. Default {@code 4}.
   */
  @WithDefault("4")
  @Min(1)
  @Max(64)
  int maxInFlight();

  /**
   * Longest a caller waits for its answer: 503 if its input was not sent yet, 504 {@code outcome-unknown} if it was.
   * Must exceed the linger, and should exceed the limiter's max wait plus HubSpot's request timeout. Default {@code PT60S}.
   */
  @WithDefault("PT60S")
  Duration callerTimeout();

  /**
   * Extra requests one batch may spend singling out the input HubSpot rejected it for (one per named input, two per
   * bisection step: about 2·log2(100) = 14 for one bad input of 100). Default {@code 16}.
   */
  @WithDefault("16")
  @Min(0)
  @Max(200)
  int maxIsolationRequests();

  /** On shutdown, how long queued inputs may still be sent; those left get 503. Default {@code PT5S}. */
  @WithDefault("PT5S")
  Duration shutdownGrace();
}
