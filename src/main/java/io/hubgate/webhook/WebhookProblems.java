package io.hubgate.webhook;

import io.hubgate.problem.ProblemException;

/** The classes of refused delivery, each with its status and its metric outcome. */
final class WebhookProblems {

  private WebhookProblems() {
  }

  static final class Refused extends ProblemException {
    private final String outcome;

    Refused(int status, String slug, String title, String detail, String outcome) {
      super(status, slug, title, detail);
      this.outcome = outcome;
    }

    String outcome() {
      return outcome;
    }
  }

  static Refused badSignature(String detail) {
    return new Refused(401, "bad-signature", "Invalid Webhook Signature", detail, "bad_signature");
  }

  static Refused stale() {
    return new Refused(401, "stale-timestamp", "Stale Webhook Timestamp",
        "X-HubSpot-Request-Timestamp is older than the accepted age; a replayed delivery is refused.", "stale");
  }

  static Refused malformed(String detail) {
    return new Refused(400, "malformed-webhook", "Malformed Webhook Body", detail, "malformed");
  }

  static Refused tooLarge(int limit) {
    return new Refused(413, "payload-too-large", "Payload Too Large",
        "The body exceeds the limit of " + limit + " bytes.", "too_large");
  }

  static Refused unsupportedMediaType() {
    return new Refused(415, "unsupported-media-type", "Unsupported Media Type",
        "HubSpot webhooks are delivered as application/json.", "unsupported_media_type");
  }

  static Refused publishFailed(String detail) {
    return new Refused(503, "publish-failed", "Events Not Published", detail, "publish_failed");
  }
}
