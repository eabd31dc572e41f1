package io.hubgate.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * An RFC 9457 problem detail, served as {@code application/problem+json}. {@code detail} never carries a secret, token or
 * signature.
 * <p>
 * It also carries HubSpot's own error fields as extension members, because the callers of {@code /hubspot/...} are
 * HubSpot's SDKs: they read {@code message} and {@code category} from an error body (HubSpot's Node client keeps the
 * body as {@code ApiException.body}; without them a caller's {@code e.body.message} is undefined), and the Node
 * client retries a 429 only when {@code policyName} is {@code TEN_SECONDLY_ROLLING}. {@code message} is the detail,
 * {@code category} one of HubSpot's where one fits (null otherwise), {@code policyName} only on the 429s that stand
 * for a HubSpot limit (the limiter's {@code rate-limited}, the coalescing queue's {@code write-queue-full}).
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String correlationId,
    String message, String category, String policyName) {

  public static final String MEDIA_TYPE = "application/problem+json";
  static final String TYPE_BASE = "https://hubgate.io/problems/";

  /** A problem whose HubSpot fields follow from it: {@code message} its detail, {@code category} its status. */
  public Problem(String type, String title, int status, String detail, String instance, String correlationId) {
    this(type, title, status, detail, instance, correlationId, detail, category(status, type), null);
  }

  /** The same problem naming the HubSpot limit it stands for ({@code TEN_SECONDLY_ROLLING}, {@code DAILY}, ...). */
  public Problem withPolicyName(String policyName) {
    return new Problem(type, title, status, detail, instance, correlationId, message, category, policyName);
  }

  /** HubSpot's category for the same situation, or null where HubSpot has none that fits. */
  static String category(int status, String type) {
    return switch (status) {
      case 400 -> "VALIDATION_ERROR";
      case 401 -> "INVALID_AUTHENTICATION";
      case 403 -> (TYPE_BASE + "missing-scope").equals(type) ? "MISSING_SCOPES" : null;
      case 429 -> "RATE_LIMITS";
      default -> null;
    };
  }
}
