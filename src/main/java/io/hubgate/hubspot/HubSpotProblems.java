package io.hubgate.hubspot;

import java.time.Duration;

import io.hubgate.problem.ProblemException;
import io.hubgate.ratelimit.RateLimitExceededException;

/** The client's own answers when HubSpot's cannot be relayed: over budget, unreachable, or an unknown outcome. */
final class HubSpotProblems {

  private HubSpotProblems() {
  }

  static ProblemException overBudget(long portalId, RateLimitExceededException e) {
    return new ProblemException(429, "rate-limited", "Rate Limited",
        "Portal " + portalId + "'s HubSpot budget is booked beyond the gateway's max wait (" + e.reason()
            + "); retry after the Retry-After delay.", e.retryAfter());
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
