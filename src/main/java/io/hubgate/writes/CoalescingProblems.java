package io.hubgate.writes;

import java.time.Duration;

import io.hubgate.problem.ProblemException;

/** The coalescer's own answers, when HubSpot's cannot be routed to a caller. */
final class CoalescingProblems {

  private CoalescingProblems() {
  }

  /**
   * Named {@code TEN_SECONDLY_ROLLING} like the limiter's burst refusal: the queue drains at the portal's 10-second
   * budget, nothing of the call was queued or sent (a retry is safe), and HubSpot's Node client retries a 429 only
   * with that {@code policyName} (after 10 s, when {@code numberOfApiCallRetries} allows).
   */
  static ProblemException queueFull(long portalId, int depth, Duration retryAfter) {
    return new ProblemException(429, "write-queue-full", "Write Queue Full",
        "Portal " + portalId + " has " + depth + " inputs waiting for HubSpot; retry after the Retry-After delay.",
        retryAfter, "TEN_SECONDLY_ROLLING");
  }

  static ProblemException shuttingDown(long portalId) {
    return new ProblemException(503, "shutting-down", "Shutting Down",
        "Portal " + portalId + ": the gateway is stopping and this input was not sent to HubSpot; send it again.",
        Duration.ofSeconds(1));
  }

  static ProblemException notSentInTime(long portalId, Duration timeout) {
    return new ProblemException(503, "not-sent-in-time", "Not Sent In Time",
        "Portal " + portalId + ": this input waited " + timeout.toMillis() + " ms without a batch slot and was not "
            + "sent to HubSpot; send it again.", Duration.ofSeconds(1));
  }

  static ProblemException noAnswerInTime(long portalId, Duration timeout) {
    return new ProblemException(504, "outcome-unknown", "Outcome Unknown",
        "Portal " + portalId + ": this input went to HubSpot in a batch, but no answer came within " + timeout.toMillis()
            + " ms, so whether it took effect is unknown. Check before sending it again.");
  }

  static ProblemException unansweredAtShutdown(long portalId) {
    return new ProblemException(504, "outcome-unknown", "Outcome Unknown",
        "Portal " + portalId + ": this input went to HubSpot in a batch, but the gateway is stopping and HubSpot had "
            + "not answered by the end of its shutdown grace, so whether it took effect is unknown. Check before "
            + "sending it again.");
  }

  static ProblemException notInAnswer(long portalId) {
    return new ProblemException(502, "incomplete-batch-answer", "Incomplete Batch Answer",
        "Portal " + portalId + ": HubSpot answered the batch holding this input without a result or an error for it; "
            + "whether it took effect is unknown.");
  }

  static ProblemException isolationExhausted(long portalId, int requests) {
    return new ProblemException(502, "batch-rejected", "Batch Rejected",
        "Portal " + portalId + ": HubSpot rejected the batch holding this input, and " + requests + " further requests "
            + "did not single out the input at fault (the bound on isolation requests); send it again.",
        Duration.ofSeconds(1));
  }
}
