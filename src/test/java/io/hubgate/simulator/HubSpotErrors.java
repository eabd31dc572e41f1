package io.hubgate.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/** HubSpot's error bodies (HUBSPOT.md §3.4, §5.3, §6), word for word where HubSpot's wording is known. */
final class HubSpotErrors {

  private HubSpotErrors() {
  }

  /**
   * A random version-4 UUID without {@link UUID#randomUUID()}'s shared SecureRandom, which a storm of 429s
   * would contend on; correlation ids need to be unique, not unpredictable.
   */
  static String uuid() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long most = (random.nextLong() & ~0xF000L) | 0x4000L;
    long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(most, least).toString();
  }

  static JsonObject error(String category, String message) {
    JsonObject body = new JsonObject()
        .put("status", "error")
        .put("message", message)
        .put("correlationId", uuid());
    if (category != null) {
      body.put("category", category);
    }
    return body;
  }

  static JsonObject withContext(JsonObject error, String key, Collection<String> values) {
    JsonObject context = error.getJsonObject("context", new JsonObject());
    context.put(key, new JsonArray(List.copyOf(values)));
    return error.put("context", context);
  }

  static JsonObject invalidAuthentication() {
    return error("INVALID_AUTHENTICATION", "Authentication credentials not found. This API supports OAuth 2.0 "
        + "authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview");
  }

  static JsonObject expiredAuthentication(Instant expiredAt, Instant now) {
    long ago = Math.max(0, now.getEpochSecond() - expiredAt.getEpochSecond());
    return withContext(error("EXPIRED_AUTHENTICATION",
        "The OAuth token used to make this call expired " + ago + " second(s) ago."),
        "expire time", List.of(expiredAt.toString()));
  }

  static JsonObject missingScopes(List<String> requiredGranularScopes) {
    JsonObject detail = new JsonObject()
        .put("message", "One or more of the following scopes are required.")
        .put("context", new JsonObject().put("requiredGranularScopes", new JsonArray(requiredGranularScopes)));
    return error("MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call. "
        + "Read more about required scopes here: https://developers.hubspot.com/scopes.")
        .put("errors", new JsonArray().add(detail))
        .put("links", new JsonObject().put("scopes", "https://developers.hubspot.com/scopes"));
  }

  static JsonObject rateLimit(RateLimits.Policy policy, long portalId, long appId) {
    String message = "You have reached your " + policy.name().toLowerCase(Locale.ROOT) + " limit.";
    JsonObject body = new JsonObject()
        .put("status", "error")
        .put("message", message)
        .put("errorType", "RATE_LIMIT")
        .put("correlationId", uuid())
        .put("policyName", policy.name());
    if (policy == RateLimits.Policy.TEN_SECONDLY_ROLLING && appId != 0) {
      body.put("groupName", "publicapi:private_app-api-calls-ten-secondly:" + appId + ":" + portalId);
    } else if (policy != RateLimits.Policy.TEN_SECONDLY_ROLLING) {
      body.put("requestId", uuid());
    }
    return body;
  }

  static JsonObject validation(String message) {
    return error("VALIDATION_ERROR", message);
  }

  static JsonObject tooManyInputs(int max, int given) {
    return validation("Batch input size must be less than or equal to " + max + ". Got " + given + " inputs.");
  }

  static JsonObject duplicateIds(Collection<String> ids) {
    return withContext(validation("Duplicate IDs found in batch input: [" + String.join(", ", ids)
        + "]. IDs must be unique"), "ids", ids);
  }

  static JsonObject objectNotFound(String singularUpper, Collection<String> ids) {
    return withContext(error("OBJECT_NOT_FOUND", "Could not get some " + singularUpper
        + " objects, they may be deleted or not exist. Check that ids are valid."), "ids", ids);
  }

  static JsonObject notFound() {
    return error("OBJECT_NOT_FOUND", "resource not found");
  }

  static JsonObject contactExists(String existingId) {
    return error("CONFLICT", "Contact already exists. Existing ID: " + existingId);
  }

  static JsonObject malformedJson(String detail) {
    return error(null, "Invalid input JSON on line 1, column 1: " + detail);
  }

  /** RFC 6749 fields plus HubSpot's legacy {@code status}/{@code message}. */
  static JsonObject oauth(String error, String status, String message) {
    return new JsonObject()
        .put("error", error)
        .put("error_description", message)
        .put("status", status)
        .put("message", message)
        .put("correlationId", uuid());
  }

  static JsonObject badRefreshToken() {
    return oauth("invalid_grant", "BAD_REFRESH_TOKEN", "refresh token is invalid, expired or revoked");
  }
}
