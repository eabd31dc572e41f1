package io.hubgate.portals.oauth;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;

/**
 * HubSpot's body-parameter token endpoint ({@code /oauth/2026-03/token} by default) and its introspection: code
 * exchange, refresh, token information. A 429 is retried after {@code Retry-After} (capped) or a back-off; a refresh or an
 * introspection is also retried on 5xx and transport failures (a repeated refresh at worst issues an unused access
 * token), but a code exchange is not (a code is single-use: a resent exchange whose first attempt succeeded would fail).
 * Attempts are bounded, and each one takes a permit of the token endpoint's own budget ({@link TokenEndpointBudget}).
 * Nothing here logs a token, code or secret.
 */
final class TokenEndpoint {

  /** What the token endpoint answered, minus anything we do not keep. */
  record Tokens(String accessToken, String refreshToken, long expiresInSeconds, Long hubId, JsonArray scopes) {

    /** Without the tokens. */
    @Override
    public String toString() {
      return "Tokens[accessToken=***, refreshToken=" + (refreshToken == null ? "null" : "***") + ", expiresInSeconds="
          + expiresInSeconds + ", hubId=" + hubId + ", scopes=" + scopes + "]";
    }
  }

  private final WebClient client;
  private final OAuthSettings settings;
  private final TokenEndpointBudget budget;

  TokenEndpoint(WebClient client, OAuthSettings settings) {
    this(client, settings, TokenEndpointBudget.NONE);
  }

  TokenEndpoint(WebClient client, OAuthSettings settings, TokenEndpointBudget budget) {
    this.client = client;
    this.settings = settings;
    this.budget = budget;
  }

  Uni<Tokens> exchangeCode(String code, String redirectUri) {
    MultiMap form = credentials()
        .add("grant_type", "authorization_code")
        .add("code", code)
        .add("redirect_uri", redirectUri);
    return post(settings.tokenPath(), form, false, "code exchange").map(TokenEndpoint::tokens);
  }

  Uni<Tokens> refresh(String refreshToken) {
    MultiMap form = credentials()
        .add("grant_type", "refresh_token")
        .add("refresh_token", refreshToken);
    return post(settings.tokenPath(), form, true, "refresh").map(TokenEndpoint::tokens);
  }

  /** Token information ({@code hub_id}, {@code app_id}, {@code active}) of an access token. */
  Uni<JsonObject> introspect(String accessToken) {
    MultiMap form = credentials()
        .add("token", accessToken)
        .add("token_type_hint", "access_token");
    return post(settings.introspectPath(), form, true, "introspection");
  }

  private MultiMap credentials() {
    return MultiMap.caseInsensitiveMultiMap()
        .add("client_id", settings.clientId())
        .add("client_secret", settings.clientSecret() == null ? "" : settings.clientSecret());
  }

  private Uni<JsonObject> post(String path, MultiMap form, boolean idempotent, String what) {
    return attempt(path, form, idempotent, what, 1);
  }

  private Uni<JsonObject> attempt(String path, MultiMap form, boolean idempotent, String what, int attempt) {
    return budget.admit()
        .chain(() -> client.postAbs(settings.url(path))
            .timeout(settings.requestTimeout().toMillis())
            .putHeader("Accept", "application/json")
            .sendForm(form)
            // the client's timeout is an idle timeout; this bounds the whole attempt, as the lock's validation assumes
            .ifNoItem().after(settings.requestTimeout()).fail()
            .onFailure().transform(e -> new TokenEndpointException(0, null, null, null,
                "HubSpot's token endpoint is unreachable (" + e.getClass().getSimpleName() + ")"))
            .flatMap(TokenEndpoint::answer)
            // HubSpot's own 429 (not our budget's refusal, which fails before this): pause every replica
            .onFailure(TokenEndpointException.class).call(failure -> {
              TokenEndpointException e = (TokenEndpointException) failure;
              return e.status() == 429
                  ? budget.throttled(Optional.ofNullable(e.retryAfterSeconds()).map(Duration::ofSeconds))
                  : Uni.createFrom().voidItem();
            }))
        .onFailure(TokenEndpointException.class).recoverWithUni(failure -> {
          TokenEndpointException e = (TokenEndpointException) failure;
          if (!e.retryable(idempotent) || attempt >= settings.attempts()) {
            return Uni.createFrom().failure(e);
          }
          Duration delay = delay(e, attempt);
          Log.warnf("OAuth %s: %s; attempt %d of %d in %d ms", what, e.getMessage(), attempt + 1, settings.attempts(),
              delay.toMillis());
          return Uni.createFrom().voidItem()
              .onItem().delayIt().by(delay)
              .chain(() -> attempt(path, form, idempotent, what, attempt + 1));
        });
  }

  private static Uni<JsonObject> answer(HttpResponse<io.vertx.mutiny.core.buffer.Buffer> response) {
    JsonObject body = json(response);
    if (response.statusCode() == 200 && body != null) {
      return Uni.createFrom().item(body);
    }
    String error = body == null ? null : body.getString("error");
    String status = body == null ? null : body.getString("status");
    return Uni.createFrom().failure(new TokenEndpointException(response.statusCode(), error, status,
        response.getHeader("Retry-After"), "HubSpot's token endpoint answered " + response.statusCode()
            + (error == null ? "" : " " + safe(error)) + (status == null ? "" : " (" + safe(status) + ")")));
  }

  private Duration delay(TokenEndpointException e, int attempt) {
    Duration cap = settings.maxDelay();
    if (e.retryAfterSeconds() != null) {
      Duration asked = Duration.ofSeconds(e.retryAfterSeconds());
      return asked.compareTo(cap) > 0 ? cap : asked;
    }
    long base = settings.backoff().toMillis() << Math.min(attempt - 1, 10);
    long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
    return Duration.ofMillis(Math.min(jittered, cap.toMillis()));
  }

  private static JsonObject json(HttpResponse<io.vertx.mutiny.core.buffer.Buffer> response) {
    try {
      return response.body() == null ? null : response.bodyAsJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Tokens tokens(JsonObject body) {
    String access = body.getString("access_token");
    if (access == null || access.isBlank()) {
      throw new TokenEndpointException(200, null, null, null, "HubSpot's token answer has no access_token");
    }
    Object hub = body.getValue("hub_id");
    Long hubId = hub instanceof Number n ? n.longValue() : hub == null ? null : Long.valueOf(hub.toString());
    Object scopes = body.getValue("scopes");
    return new Tokens(access, body.getString("refresh_token"), body.getLong("expires_in", 1800L), hubId,
        scopes instanceof JsonArray a ? a : new JsonArray());
  }

  /** Error codes from HubSpot are short identifiers; anything else is not echoed. */
  static String safe(String code) {
    return code.matches("[A-Za-z0-9_.-]{1,64}") ? code : "?";
  }
}
