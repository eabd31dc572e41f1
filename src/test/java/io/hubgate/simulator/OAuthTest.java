package io.hubgate.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OAuthTest {

  static final String REDIRECT = "https://gw.example.com/oauth/callback";
  HubSpotSimulator sim;
  SimHttp http;

  @BeforeEach
  void start() {
    sim = HubSpotSimulator.start();
    sim.oauth().registerApp("client-1", "secret-1", 777, REDIRECT);
    http = new SimHttp(sim.baseUrl(), null);
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  SimHttp.Answer exchange(String endpoint, String code) {
    return http.form(endpoint, "grant_type=authorization_code&client_id=client-1&client_secret=secret-1"
        + "&redirect_uri=" + REDIRECT + "&code=" + code);
  }

  SimHttp.Answer refresh(String endpoint, String refreshToken) {
    return http.form(endpoint, "grant_type=refresh_token&client_id=client-1&client_secret=secret-1"
        + "&refresh_token=" + refreshToken);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/oauth/v1/token", "/oauth/v3/token", "/oauth/2026-03/token"})
  void exchangesAuthorizationCodeForTokens(String endpoint) {
    String code = sim.oauth().authorizationCode("client-1", 62515, "crm.objects.contacts.read", "oauth");
    var answer = exchange(endpoint, code);
    assertEquals(200, answer.status());
    JsonObject body = answer.json();
    assertEquals("bearer", body.getString("token_type"));
    assertEquals(1800, body.getInteger("expires_in"));
    assertEquals(62515, body.getLong("hub_id"));
    assertEquals("access_token", body.getString("token_use"));
    assertEquals(new JsonArray().add("crm.objects.contacts.read").add("oauth"), body.getJsonArray("scopes"));
    assertNotNull(body.getString("refresh_token"));
    assertTrue(body.getString("access_token").length() <= 512);
    assertEquals(400, exchange(endpoint, code).status(), "a code is used once");
  }

  @Test
  void refreshReturnsNewAccessTokenAndSameRefreshTokenAndCounts() {
    JsonObject first = exchange("/oauth/v3/token", sim.oauth().authorizationCode("client-1", 9, "oauth")).json();
    var refreshed = refresh("/oauth/v3/token", first.getString("refresh_token"));
    assertEquals(200, refreshed.status());
    assertNotEquals(first.getString("access_token"), refreshed.json().getString("access_token"));
    assertEquals(first.getString("refresh_token"), refreshed.json().getString("refresh_token"));
    assertEquals(1, sim.oauth().refreshCount(9));
    assertEquals(0, sim.oauth().refreshCount(10));
  }

  @Test
  void rotatesRefreshTokensWhenAsked() {
    sim.oauth().rotateRefreshTokens(true);
    JsonObject first = exchange("/oauth/v1/token", sim.oauth().authorizationCode("client-1", 9)).json();
    JsonObject second = refresh("/oauth/v1/token", first.getString("refresh_token")).json();
    assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
    assertEquals(400, refresh("/oauth/v1/token", first.getString("refresh_token")).status());
  }

  @Test
  void revokedOrUnknownRefreshTokenIs400InvalidGrant() {
    JsonObject tokens = exchange("/oauth/v1/token", sim.oauth().authorizationCode("client-1", 9)).json();
    sim.oauth().revokeRefreshToken(tokens.getString("refresh_token"));
    var answer = refresh("/oauth/v1/token", tokens.getString("refresh_token"));
    assertEquals(400, answer.status());
    JsonObject body = answer.json();
    assertEquals("invalid_grant", body.getString("error"));
    assertEquals("BAD_REFRESH_TOKEN", body.getString("status"));
    assertEquals("refresh token is invalid, expired or revoked", body.getString("error_description"));
    assertEquals(400, refresh("/oauth/v3/token", "na1-unknown").status());
  }

  @Test
  void rejectsWrongClientSecretAndRedirectUri() {
    String code = sim.oauth().authorizationCode("client-1", 9);
    assertEquals(400, http.form("/oauth/v1/token", "grant_type=authorization_code&client_id=client-1"
        + "&client_secret=wrong&redirect_uri=" + REDIRECT + "&code=" + code).status());
    var badRedirect = http.form("/oauth/v1/token", "grant_type=authorization_code&client_id=client-1"
        + "&client_secret=secret-1&redirect_uri=https://evil.example.com&code=" + code);
    assertEquals(400, badRedirect.status());
    assertEquals("invalid_grant", badRedirect.json().getString("error"));
  }

  @Test
  void introspectsAccessTokensInV1AndV3Styles() {
    JsonObject tokens = exchange("/oauth/v1/token", sim.oauth().authorizationCode("client-1", 62515, "oauth")).json();
    String access = tokens.getString("access_token");
    sim.clock().advance(Duration.ofSeconds(46));
    var v1 = http.get("/oauth/v1/access-tokens/" + access);
    assertEquals(200, v1.status());
    assertEquals(62515, v1.json().getLong("hub_id"));
    assertEquals(777, v1.json().getLong("app_id"));
    assertEquals(1754, v1.json().getLong("expires_in"));
    assertEquals("access", v1.json().getString("token_type"));

    var v3 = http.form("/oauth/2026-03/token/introspect", "client_id=client-1&client_secret=secret-1&token=" + access
        + "&token_type_hint=access_token");
    assertTrue(v3.json().getBoolean("active"));
    assertEquals(62515, v3.json().getLong("hub_id"));
    var unknown = http.form("/oauth/v3/token/introspect", "client_id=client-1&client_secret=secret-1&token=nope");
    assertEquals(200, unknown.status());
    assertFalse(unknown.json().getBoolean("active"));
  }

  @Test
  void refreshTokenInfoAndDeletion() {
    String refresh = exchange("/oauth/v1/token", sim.oauth().authorizationCode("client-1", 5)).json()
        .getString("refresh_token");
    var info = http.get("/oauth/v1/refresh-tokens/" + refresh);
    assertEquals("client-1", info.json().getString("client_id"));
    assertEquals(204, http.delete("/oauth/v1/refresh-tokens/" + refresh).status());
    assertEquals(404, http.get("/oauth/v1/refresh-tokens/" + refresh).status());
  }

  @Test
  void tokenEndpointHasItsOwn429() {
    sim.oauth().tokenEndpointLimit(2, Duration.ofMinutes(10));
    String refreshToken = exchange("/oauth/v1/token", sim.oauth().authorizationCode("client-1", 5)).json()
        .getString("refresh_token");
    assertEquals(200, refresh("/oauth/v1/token", refreshToken).status());
    var limited = refresh("/oauth/v1/token", refreshToken);
    assertEquals(429, limited.status());
    assertEquals("RATE_LIMIT", limited.json().getString("errorType"));
    assertEquals(3, sim.oauth().tokenRequestCount());
    assertEquals(1, sim.oauth().refreshCount(5));
    assertNull(limited.header("X-HubSpot-RateLimit-Max"));
  }

  @Test
  void authorizeRedirectsBackWithACodeForTheInstallingPortal() {
    sim.oauth().installingPortal(4242);
    var redirect = http.get("/oauth/authorize?client_id=client-1&redirect_uri=" + REDIRECT
        + "&scope=crm.objects.contacts.read%20oauth&state=xyz%3D1");
    assertEquals(302, redirect.status());
    String location = redirect.header("Location");
    assertTrue(location.startsWith(REDIRECT + "?code="), location);
    assertTrue(location.endsWith("&state=xyz%3D1"), location);
    String code = location.substring(location.indexOf("code=") + 5, location.indexOf("&state"));
    JsonObject tokens = exchange("/oauth/2026-03/token", code).json();
    assertEquals(4242, tokens.getLong("hub_id"));
    assertEquals(new JsonArray().add("crm.objects.contacts.read").add("oauth"), tokens.getJsonArray("scopes"));
    assertEquals(400, http.get("/oauth/authorize?client_id=client-1&redirect_uri=https://evil.example.com").status());
  }
}
