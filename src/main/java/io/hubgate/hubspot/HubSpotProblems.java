package io.hubgate.hubspot;

import java.time.Duration;

import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.RateLimitExceededException;
import io.hubgate.ratelimit.RejectReason;

/** The client's own answers when HubSpot's cannot be relayed: over budget, unreachable, or an unknown outcome. */
final class HubSpotProblems {

  private HubSpotProblems() {
  }

  static ProblemException overBudget(long portalId, RateLimitExceededException e) {
    return new ProblemException(429, "rate-limited", "Rate Limited",
        "Portal " + portalId + "'s HubSpot budget is booked beyond the gateway's max wait (" + e.reason()
            + "); retry after the Retry-After delay.", e.retryAfter(), policyName(e.reason()));
  }

  /**
   * The HubSpot limit a refusal stands for, as HubSpot's 429s name it: HubSpot's Node client retries (when
   * {@code numberOfApiCallRetries} allows) a {@code TEN_SECONDLY_ROLLING} 429 after 10 s and no other, so a refusal
   * that clears within seconds says so. Nothing was sent: retrying is safe.
   */
  static String policyName(RejectReason reason) {
    return switch (reason) {
      case DAILY_CAP -> "DAILY";
      case SEARCH_WINDOW -> "SECONDLY";
      case BURST_WINDOW, COOL_DOWN, SEND_LAG -> "TEN_SECONDLY_ROLLING";
    };
  }

  static ProblemException outcomeUnknown(long portalId, String method, String path) {
    return new ProblemException(504, "outcome-unknown", "Outcome Unknown",
        "Portal " + portalId + ": " + method + " " + path + " was sent to HubSpot but no answer came back, so whether it "
            + "took effect is unknown. It was not resent (it is not idempotent): check before retrying, or make it "
            + "idempotent (batch upsert by a unique property, or objectWriteTraceId).");
  }

  static ProblemException unavailable(long portalId, int attempts, boolean timedOut) {
    return new ProblemException(timedOut ? 504 : 502, "hubspot-unavailable", "HubSpot Unavailable",
        "Portal " + portalId + ": HubSpot " + (timedOut ? "did not answer in time" : "could not be reached") + " after "
            + attempts + " attempt" + (attempts == 1 ? "" : "s") + ".", Duration.ofSeconds(1));
  }
}
