package io.hubgate.portals.oauth;

import java.time.Duration;
import java.util.Optional;

import io.hubgate.portals.ConfiguredPortalBudgets;
import io.hubgate.ratelimit.Lane;
import io.hubgate.ratelimit.Permit;
import io.hubgate.ratelimit.RateLimitExceededException;
import io.hubgate.ratelimit.RateLimiter;
import io.hubgate.ratelimit.RejectReason;
import io.smallrye.mutiny.Uni;

/**
 * Admission to HubSpot's token endpoint, which is rate limited too (HubSpot publishes no figure): the gateway's limiter
 * under a key of its own ({@link #KEY}, the app's client id as the app), so that every replica shares one budget
 * ({@code hubgate.oauth.token-endpoint-burst-limit} per 10 s) and a 429 there pauses the token endpoint on all of them.
 * Refreshes are already one per portal and expiry across replicas; this bounds the herd after a restart or an outage.
 */
interface TokenEndpointBudget {

  String KEY = ConfiguredPortalBudgets.TOKEN_ENDPOINT;

  /** No admission (plain tests). */
  TokenEndpointBudget NONE = new TokenEndpointBudget() {
    @Override
    public Uni<Void> admit() {
      return Uni.createFrom().voidItem();
    }

    @Override
    public Uni<Void> throttled(Optional<Duration> retryAfter) {
      return Uni.createFrom().voidItem();
    }
  };

  /** Completes when a call may go; fails with a 429-like {@link TokenEndpointException} when the wait is too long. */
  Uni<Void> admit();

  /** HubSpot answered 429: every replica pauses the token endpoint. */
  Uni<Void> throttled(Optional<Duration> retryAfter);

  static TokenEndpointBudget of(RateLimiter limiter, String clientId) {
    return new TokenEndpointBudget() {
      @Override
      public Uni<Void> admit() {
        return limiter.acquire(KEY, clientId, Lane.INTERACTIVE)
            .flatMap(permit -> onTime(limiter, permit, 0))
            .onFailure(RateLimitExceededException.class).transform(e -> {
              long seconds = Math.max(1, (((RateLimitExceededException) e).retryAfter().toMillis() + 999) / 1_000);
              return new TokenEndpointException(429, null, null, Long.toString(seconds),
                  "the gateway's budget for HubSpot's token endpoint is booked beyond the max wait");
            })
            .replaceWithVoid();
      }

      /** A permit that expired before the call could go is renewed (its slot given back), a few times at most. */
      private Uni<Permit> onTime(RateLimiter limiter, Permit permit, int renewals) {
        if (limiter.sending(permit)) {
          return Uni.createFrom().item(permit);
        }
        if (renewals >= 3) {
          limiter.abandon(permit);
          return Uni.createFrom().failure(new RateLimitExceededException(Duration.ofSeconds(1), RejectReason.SEND_LAG));
        }
        return limiter.renew(permit).flatMap(renewed -> onTime(limiter, renewed, renewals + 1));
      }

      @Override
      public Uni<Void> throttled(Optional<Duration> retryAfter) {
        return limiter.penalize(KEY, clientId, "TEN_SECONDLY_ROLLING", retryAfter).onFailure().recoverWithNull();
      }
    };
  }
}
